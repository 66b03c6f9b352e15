"""The read side's plain dataclasses: what every page of the afsprakenlijst family renders.

Built in `listview.py` (and `results.py` for themes); rendered by templates, the print, the plain text,
the shared screen and `exports.as_json`. Deck texts keep their Dutch source and are translated when they
are rendered, so the same object serves every reader's language (and `force_locale` for the print).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext
from markupsafe import Markup, escape

from . import labels
from .decks import Suggestion
from .merge import Person, TextItem
from .vocabulary import ProposalStatus, Role


@dataclass(frozen=True)
class Words:
    """Words on a page: the deck's (a Dutch msgid, translated when rendered) or a person's own, as written.

    In HTML, a person's own words are marked with their language and direction; as text, they are plain.
    """

    source: str
    language: str = "nl"
    from_deck: bool = True
    translations: tuple = ()  # own words: people's translations (merge.TranslatedText)

    def translation(self, language: str):
        """A person's translation for a reader of this language (see merge.TextItem.translation)."""
        if language == self.language:
            return None
        return next((t for t in self.translations if t.language == language), None)

    def __str__(self) -> str:
        # gettext("") would give the catalog's header.
        return gettext(self.source) if self.from_deck and self.source else self.source

    def __html__(self) -> Markup:
        if self.from_deck:
            return escape(str(self))
        return Markup('<bdi dir="auto" lang="{}">{}</bdi>').format(self.language, self.source)


@dataclass(frozen=True)
class ThemeView:
    """A theme of the deck or one of the conversation's own themes, with its title already resolved."""

    key: str
    title: Words
    icon: str
    own: bool = False
    text: str = ""  # the deck's description (msgid)
    youth_text: str = ""  # the same, in words for a young person
    plain_title: str = ""  # the title in plain words (msgid), shown under a source title that is not plain
    suggestions: tuple[Suggestion, ...] = ()

    def suggestion(self, key: str | None) -> Suggestion | None:
        return next((s for s in self.suggestions if s.key == key), None)

    @property
    def plain_line(self) -> Words | None:
        """The plain line under the title, when the deck has one."""
        return Words(self.plain_title) if self.plain_title and not self.own else None

    def about(self, role: str) -> Words | None:
        """The deck's description of the theme for this reader (simpler for a young person); none for own themes."""
        if self.own:
            return None
        return Words(self.youth_text if role == Role.YOUTH and self.youth_text else self.text)


@dataclass(frozen=True)
class ReviewView:
    """How an agreement went, said at the look back."""

    status: str
    note: str
    language: str
    reviewed_on: date | None


@dataclass(frozen=True)
class ProposalView:
    """One merged proposal: wat / wie / wanneer, who proposed it, who agrees, its look back."""

    key: str
    what: Words
    template: str | None
    who: str
    when: str
    when_date: date | None
    status: str
    edited: bool
    group: bool  # a parent evening: counts instead of names
    started: date
    lookback_on: date | None
    proposers: tuple[Person, ...] = ()
    agree: tuple[Person, ...] = ()
    not_yet: tuple[Person, ...] = ()
    waiting: tuple[Person, ...] = ()  # taking part in the theme and not chosen yet
    review: ReviewView | None = None

    @property
    def settled(self) -> bool:
        return self.status in (ProposalStatus.AGREED, ProposalStatus.CONFIRMED)

    @property
    def who_text(self) -> str:
        return labels.who_label(self.who)

    @property
    def when_text(self) -> str:
        return labels.when_label(self.when, self.when_date, self.started, self.lookback_on)


@dataclass(frozen=True)
class ThemeSummary:
    """One theme as the merged view and the afsprakenlijst show it."""

    theme: ThemeView
    closed: bool
    scales: tuple[tuple[Person, str], ...]
    differ: bool
    distribution: dict[str, int]
    strengths: tuple[TextItem, ...]
    ideas: tuple[TextItem, ...]  # "Hoe zou dat beter kunnen?"
    proposals: tuple[ProposalView, ...]
    spread: bool = False  # the deck shows how the ratings spread (the team scan)
    helps: tuple[TextItem, ...] = ()  # "Wat helpt ons om (beter) samen te werken, met én voor het kind?"
    absent: tuple[Person, ...] = ()  # marked as not taking part in this theme

    @property
    def agreements(self) -> list[ProposalView]:
        return [p for p in self.proposals if p.settled]

    @property
    def still_open(self) -> list[ProposalView]:
        return [p for p in self.proposals if not p.settled]


@dataclass(frozen=True)
class SectionView:
    """A part of the list of its own (from the deck), with the agreements of its themes."""

    title: Words
    themes: tuple[str, ...]
    agreements: tuple[ProposalView, ...]


@dataclass(frozen=True)
class PastAgreement:
    """An agreement of an earlier round, as kept in that round's snapshot."""

    what: Words
    who: str
    review: ReviewView | None

    @property
    def who_text(self) -> str:
        return labels.who_label(self.who)


@dataclass(frozen=True)
class RoundView:
    number: int
    closed_on: date
    agreements: tuple[PastAgreement, ...]
    data: dict  # the snapshot as it was exported
    lookback_on: date | None = None  # that round's look-back date


@dataclass(frozen=True)
class ParticipantView:
    role: str
    nickname: str
    language: str
    facilitator: bool


@dataclass(frozen=True)
class ClosingView:
    role: str
    experience: str | None
    covered: str | None
    question: str
    language: str
    tips: str = ""  # "Heb je tips voor mij?", for the professional


@dataclass(frozen=True)
class ListView:
    """The afsprakenlijst: everything its pages, print, text and JSON show, resolved once."""

    title: str
    deck: str
    deck_title: str
    created_at: datetime
    round: int
    lookback_on: date | None
    keep_until: datetime
    opening: bool
    evening: bool
    participants: tuple[ParticipantView, ...]
    goals: tuple[TextItem, ...]
    themes: tuple[ThemeSummary, ...]
    sections: tuple[SectionView, ...] = ()
    history: tuple[RoundView, ...] = ()
    closing: tuple[ClosingView, ...] = ()
    expectations: tuple[TextItem, ...] = ()  # the opening's "Wat verwachten we van elkaar?"
    reachable: Words | None = None  # the closing: when and how the professional who leads can be reached

    @property
    def shown_expectations(self) -> tuple[TextItem, ...]:
        return self.expectations if self.opening else ()

    @property
    def tips(self) -> tuple[ClosingView, ...]:
        """The closing's tips for the professional, from whoever gave any."""
        return tuple(c for c in self.closing if c.tips.strip())

    @property
    def shown_goals(self) -> tuple[TextItem, ...]:
        """The opening's goals, on the list only when the conversation began with the opening."""
        return self.goals if self.opening else ()

    @property
    def previous_lookback(self) -> date | None:
        """The look-back date of the latest earlier round that had one."""
        return next((r.lookback_on for r in reversed(self.history) if r.lookback_on), None)

    @property
    def languages(self) -> list[str]:
        """Every language someone in the conversation reads, first come first."""
        return list(dict.fromkeys(p.language for p in self.participants))
