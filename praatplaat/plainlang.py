"""Plain-language (Dutch B1) checks for the texts the app shows.

Rules (from "Taal voor allemaal"): short sentences, common words, a readable text.
Used by the tests on decks and catalogs; pure Python, no Flask.
"""

import re
from functools import lru_cache

import pyphen

MAX_SENTENCE_WORDS = 15
MIN_FLESCH_DOUMA = 60.0
MIN_WORDS_FOR_SCORE = 8
MAX_SYLLABLES = 4

# Long words (5+ syllables) we accept anyway: fixed names the product really needs. Keep this short.
ALLOW_LONG = frozenset(
    {
        "gezinshuisouder",  # role name
        "mogelijkheden",  # theme title "Denk in mogelijkheden" (praatplaat)
        "professional",  # role name; pyphen says pro-fes-si-o-nal
    }
)

_PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{[^{}]*\}")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n")
_WORD = re.compile(r"\b[^\W\d_]+(?:['’-][^\W\d_]+)*\b")
# A vowel group is one syllable; a vowel with a diaeresis (ideeën, geïnterviewd) starts a new one.
_VOWELS = re.compile(r"[aeiouyáàâéèêíìîóòôúùû]+|[äëïöü][aeiouy]*")
_DIC = pyphen.Pyphen(lang="nl_NL")


def sentences(text):
    """The sentences of a text, without placeholders; empty parts are dropped."""
    parts = _SENTENCE_END.split(_PLACEHOLDER.sub("", text))
    return [p.strip() for p in parts if words(p)]


def words(sentence):
    """The words of a sentence: letters (also accented), no placeholders or numbers."""
    return _WORD.findall(_PLACEHOLDER.sub(" ", sentence))


@lru_cache(maxsize=4096)
def syllables(word):
    """Syllables of one word: pyphen nl_NL, or the number of vowel groups when that is more."""
    count = 0
    for part in word.lower().replace("’", "'").split("-"):
        by_dictionary = len(_DIC.positions(part)) + 1 if part else 0
        count += max(by_dictionary, len(_VOWELS.findall(part)))
    return max(1, count)


def flesch_douma(text):
    """Flesch-Douma reading ease (higher is easier; 60+ is plain)."""
    ws = words(text)
    if not ws:
        return 100.0
    n_sentences = max(1, len(sentences(text)))
    return 206.835 - 0.93 * (len(ws) / n_sentences) - 77 * (sum(map(syllables, ws)) / len(ws))


def problems(text, allow=frozenset()):
    """Human-readable plain-language problems of a text; an empty list means it is fine."""
    found = []
    for sentence in sentences(text):
        n = len(words(sentence))
        if n > MAX_SENTENCE_WORDS:
            found.append(f"sentence of {n} words (max {MAX_SENTENCE_WORDS}): {sentence!r}")
    if len(words(text)) >= MIN_WORDS_FOR_SCORE and (score := flesch_douma(text)) < MIN_FLESCH_DOUMA:
        found.append(f"Flesch-Douma {score:.0f} (min {MIN_FLESCH_DOUMA:.0f}): {text!r}")
    allowed = ALLOW_LONG | {a.lower() for a in allow}
    for word in dict.fromkeys(words(text)):
        if syllables(word) > MAX_SYLLABLES and word.lower() not in allowed:
            found.append(f"long word of {syllables(word)} syllables: {word!r}")
    return found
