"""The data of the plain-language check: thresholds, word lists and the glossary, in files a non-programmer edits.

Every file in this folder starts with a comment that says how to change it. This module only reads them.
"""

from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

HERE = Path(__file__).parent


@dataclass(frozen=True)
class Settings:
    max_sentence_words: int
    min_flesch_douma: float
    min_words_for_score: int
    max_syllables: int
    min_word_frequency: float
    min_compound_part: int


@dataclass(frozen=True)
class GlossaryEntry:
    """One hard word: its forms (a Dutch msgid, "gezinsvoogd, gezinsvoogden") and a plain explanation (a msgid)."""

    word: str
    explanation: str

    @staticmethod
    def split(forms: str) -> tuple[str, ...]:
        """"gezinsvoogd, gezinsvoogden" -> ("gezinsvoogd", "gezinsvoogden"); also for a translated msgstr."""
        return tuple(f.strip() for f in forms.split(",") if f.strip())

    @property
    def forms(self) -> tuple[str, ...]:
        return self.split(self.word)


def fold(text: str) -> str:
    """Lower case without accents, so "Eén" and "een" compare equal."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _lines(name: str) -> list[tuple[str, str]]:
    """(entry, hint) for every line of a list file that is not empty or a comment."""
    found = []
    for line in (HERE / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            entry, _bar, hint = line.partition("|")
            found.append((entry.strip(), hint.strip()))
    return found


@cache
def settings() -> Settings:
    data = tomllib.loads((HERE / "settings.toml").read_text(encoding="utf-8"))
    return Settings(**data)


@cache
def jargon() -> dict[str, str]:
    """Jargon, abbreviations and vague words -> a plain alternative. Abbreviations keep their capitals."""
    return {(entry if entry.isupper() or "'" in entry else fold(entry)): hint for entry, hint in _lines("jargon.txt")}


@cache
def idioms() -> dict[tuple[str, ...], tuple[str, str]]:
    """Idioms as folded word sequences -> (the idiom as written, what to say instead)."""
    return {tuple(fold(entry).split()): (entry, hint) for entry, hint in _lines("idioms.txt")}


@cache
def allowed() -> frozenset[str]:
    """Names, the app's own words and abbreviations everyone knows (as written in allowed.txt)."""
    return frozenset(entry for entry, _hint in _lines("allowed.txt"))


@cache
def glossary() -> tuple[GlossaryEntry, ...]:
    """The hard words the app explains on every page where they appear, in the order of glossary.toml."""
    data = tomllib.loads((HERE / "glossary.toml").read_text(encoding="utf-8"))
    return tuple(GlossaryEntry(w["word"], w["explanation"]) for w in data["words"])


@cache
def explained() -> frozenset[str]:
    """Every Dutch form of every glossary word, folded."""
    return frozenset(fold(form) for entry in glossary() for form in entry.forms)
