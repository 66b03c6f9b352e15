"""Decks (kaartsets) are data: one TOML file per deck in this folder, loaded once."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..vocabulary import Role

DECK_DIR = Path(__file__).parent
DEFAULT_DECK = "praatplaat"


@dataclass(frozen=True)
class Suggestion:
    key: str
    text: str


@dataclass(frozen=True)
class Sentence:
    """A ready sentence a person taps instead of typing (stored by key, shown in each reader's language)."""

    key: str
    question: str  # strengths | ideas | helps
    text: str
    youth_text: str = ""  # the same, in words for a young person

    def wording(self, role: str | None) -> str:
        """The words (a msgid) for this reader: in words for a young person when the deck has them."""
        return self.youth_text if role == Role.YOUTH and self.youth_text else self.text


@dataclass(frozen=True)
class Theme:
    key: str
    title: str
    text: str
    icon: str
    plain_title: str = ""  # the title in plain words, under a source title that is not plain
    youth_text: str = ""
    suggestions: tuple[Suggestion, ...] = ()
    own: bool = False
    language: str = "nl"
    sentences: tuple[Sentence, ...] = ()  # this theme's own ready sentences (the deck's general ones come after)

    def suggestion(self, key: str | None) -> Suggestion | None:
        return next((s for s in self.suggestions if s.key == key), None)


@dataclass(frozen=True)
class Section:
    """A part of the afsprakenlijst of its own, e.g. "Wie krijgt welke informatie"."""

    title: str
    themes: tuple[str, ...]


@dataclass(frozen=True)
class Deck:
    key: str
    title: str
    description: str
    credit: str
    themes: tuple[Theme, ...] = field(default_factory=tuple)
    roles: tuple[str, ...] = ()  # empty: every role may take part
    spread: bool = False  # the merged view shows how the ratings spread (the team scan)
    sections: tuple[Section, ...] = ()
    questions: dict[str, dict[str, str]] = field(default_factory=dict)  # role -> question -> wording
    sentences: tuple[Sentence, ...] = ()  # ready sentences offered in every theme (own themes too)

    def theme(self, key: str) -> Theme | None:
        return next((t for t in self.themes if t.key == key), None)

    def question(self, role: str, name: str) -> str | None:
        """This deck's own wording of a question for this role (e.g. simpler for a young person)."""
        return self.questions.get(role, {}).get(name)

    def ready_sentences(self, theme_key: str, question: str) -> tuple[Sentence, ...]:
        """The ready sentences offered for one question of one theme: the theme's own first, then the deck's."""
        theme = self.theme(theme_key)
        own = theme.sentences if theme else ()
        return tuple(s for s in (*own, *self.sentences) if s.question == question)

    def sentence(self, theme_key: str, question: str, key: str) -> Sentence | None:
        return next((s for s in self.ready_sentences(theme_key, question) if s.key == key), None)


def _load(path: Path) -> Deck:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    themes = tuple(
        Theme(key=t["key"], title=t["title"], text=t["text"], icon=t.get("icon", t["key"]),
              youth_text=t.get("youth_text", ""), plain_title=t.get("plain_title", ""),
              suggestions=tuple(Suggestion(s["key"], s["text"]) for s in t.get("suggestions", ())),
              sentences=_sentences(t))
        for t in data.get("themes", ()))
    return Deck(key=data["key"], title=data["title"], description=data.get("description", ""),
                credit=data.get("credit", ""), themes=themes, roles=tuple(data.get("roles", ())),
                spread=bool(data.get("spread", False)),
                sections=tuple(Section(s["title"], tuple(s["themes"])) for s in data.get("sections", ())),
                questions={role: dict(texts) for role, texts in data.get("questions", {}).items()},
                sentences=_sentences(data))


def _sentences(data: dict) -> tuple[Sentence, ...]:
    return tuple(Sentence(s["key"], s["question"], s["text"], s.get("youth_text", ""))
                 for s in data.get("sentences", ()))


@cache
def all_decks() -> dict[str, Deck]:
    """Every deck file in this folder, the default deck first."""
    decks = {deck.key: deck for deck in map(_load, sorted(DECK_DIR.glob("*.toml")))}
    return dict(sorted(decks.items(), key=lambda item: item[0] != DEFAULT_DECK))


def get_deck(key: str) -> Deck | None:
    return all_decks().get(key)
