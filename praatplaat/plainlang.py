"""Plain-language (Dutch B1) checks for the texts the app shows, and for deck authors (`praatplaat check-words`).

Rules (from "Taal voor allemaal"): short sentences, common words, no jargon or abbreviations, no idioms, active
and positive sentences, a readable text. The thresholds and word lists are data files in `plainwords/`; the word
checks are in `plainwords/rules.py`. Pure Python, no Flask.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

import pyphen

from .decks.babel_extract import walk as walk_texts
from .plainwords import allowed, explained, fold, settings
from .plainwords.rules import grammar_problems, phrase_problems, word_problems

_PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{[^{}]*\}")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n")
_WORD = re.compile(r"\b[^\W\d_]+(?:['’-][^\W\d_]+)*\b")
# A vowel group is one syllable; a vowel with a diaeresis (ideeën, geïnterviewd) starts a new one.
_VOWELS = re.compile(r"[aeiouyáàâéèêíìîóòôúùû]+|[äëïöü][aeiouy]*")
_DIC = pyphen.Pyphen(lang="nl_NL")


def sentences(text: str) -> list[str]:
    """The sentences of a text, without placeholders; empty parts are dropped."""
    parts = _SENTENCE_END.split(_PLACEHOLDER.sub("", text))
    return [p.strip() for p in parts if words(p)]


def words(sentence: str) -> list[str]:
    """The words of a sentence: letters (also accented), no placeholders or numbers."""
    return _WORD.findall(_PLACEHOLDER.sub(" ", sentence))


@lru_cache(maxsize=4096)
def syllables(word: str) -> int:
    """Syllables of one word: pyphen nl_NL, or the number of vowel groups when that is more."""
    count = 0
    for part in word.lower().replace("’", "'").split("-"):
        by_dictionary = len(_DIC.positions(part)) + 1 if part else 0
        count += max(by_dictionary, len(_VOWELS.findall(part)))
    return max(1, count)


def flesch_douma(text: str) -> float:
    """Flesch-Douma reading ease (higher is easier; 60+ is plain)."""
    ws = words(text)
    if not ws:
        return 100.0
    n_sentences = max(1, len(sentences(text)))
    return 206.835 - 0.93 * (len(ws) / n_sentences) - 77 * (sum(map(syllables, ws)) / len(ws))


def findings(text: str, allow: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """(what is not plain, a tip) for a text; an empty list means it is plain. `allow`: words that pass anyway."""
    s = settings()
    allowed_here = {fold(a) for a in allow}
    found = []
    for sentence in sentences(text):
        ws = [w for w in words(sentence) if fold(w) not in allowed_here]
        if len(words(sentence)) > s.max_sentence_words:
            found.append((f"zin van {len(words(sentence))} woorden (hoogstens {s.max_sentence_words}): {sentence!r}",
                          "maak er twee korte zinnen van"))
        found += word_problems(ws) + phrase_problems(ws) + grammar_problems(sentence, ws)
    if len(words(text)) >= s.min_words_for_score and (score := flesch_douma(text)) < s.min_flesch_douma:
        found.append((f"leesgemak (Flesch-Douma) {score:.0f}, minder dan {s.min_flesch_douma:.0f}: {text!r}",
                      "gebruik kortere zinnen en kortere woorden"))
    long_ok = {fold(a) for a in allowed()} | explained() | allowed_here  # a glossary word is explained
    for word in dict.fromkeys(words(text)):
        if syllables(word) > s.max_syllables and fold(word) not in long_ok:
            found.append((f"lang woord van {syllables(word)} lettergrepen: {word!r}",
                          "kies een korter woord, of schrijf het als twee woorden"))
    return list(dict.fromkeys(found))


def problems(text: str, allow: frozenset[str] = frozenset()) -> list[str]:
    """What is not plain in a text, each with its tip; an empty list means it is fine."""
    return [f"{what} — tip: {tip}" for what, tip in findings(text, allow)]


def source_titles(deck: dict) -> set[str]:
    """Theme titles in the source's own words: they stay as they are, with a plain line (plain_title) under them."""
    return {t["title"] for t in deck.get("themes", ()) if t.get("plain_title")}


def deck_problems(path: Path) -> list[str]:
    """Every text of a deck file that is not plain, with where it is and a tip."""
    raw = path.read_text(encoding="utf-8")
    deck, lines = tomllib.loads(raw), raw.splitlines()
    keep = source_titles(deck)
    found = []
    for where, text in walk_texts(deck, "deck"):
        if where.endswith(".title") and text in keep:
            continue
        line = next((n for n, written in enumerate(lines, 1) if text.splitlines()[0] in written), 0)
        for problem in problems(text):
            found.append(f"regel {line}, {where}: {problem}")
        if where.endswith("].title") and problems(text):
            found.append(f"regel {line}, {where}: is dit de titel uit de bron? — tip: zet er een regel "
                         'plain_title = "…" onder, in gewone woorden')
    return found
