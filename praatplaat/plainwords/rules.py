"""The checks on words and sentences beyond length: uncommon words, jargon, abbreviations, idioms, the passive
voice and double negation. Each returns (what is wrong, a tip) pairs in plain Dutch for deck authors."""

from __future__ import annotations

import re
from functools import lru_cache

from . import allowed, explained, fold, idioms, jargon, settings

Found = list[tuple[str, str]]

_ABBREVIATION = re.compile(r"[A-Z]{2,}(?:'[a-z]+)?|[A-Z][a-z]?[A-Z]+")
_CLAUSE = re.compile(r"[,;:()–—]")
WORDEN = frozenset({"word", "wordt", "worden", "werd", "werden", "geworden"})
# Words that look like a past participle (ge…en, ver…d) but are not one.
NOT_PARTICIPLE = frozenset({"geen", "genoeg", "gewoon", "gezin", "gezinnen", "gesprek", "gesprekken", "gegevens",
                            "geleden", "gelijk", "verder", "eigen", "tegen", "wegen", "regen", "even", "open",
                            "verschillend", "verschillende", "belangrijk", "bedankt", "gezond", "geduld"})
_PARTICIPLE = re.compile(r"(?:[a-z]*ge[a-z]{2,}|(?:be|ver|ont|her|er)[a-z]{2,})(?:d|t|en)")
NEGATIONS = frozenset({"niet", "geen", "nooit", "niemand", "niets", "nergens", "noch", "zonder"})


@lru_cache(maxsize=8192)
def frequency(word: str) -> float:
    """How common a Dutch word is on the Zipf scale (wordfreq's data ships in its wheel: no download)."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "nl")


def _known(part: str) -> bool:
    return part in explained() or part in allowed() or frequency(part) >= settings().min_word_frequency


@lru_cache(maxsize=8192)
def common(word: str, depth: int = 2) -> bool:
    """Common by frequency, or a compound of common parts (ouder+avond, afspraken+lijst, gezins+huis+ouder)."""
    if _known(word):
        return True
    least = settings().min_compound_part
    for cut in range(least, len(word) - least + 1):
        head, tail = word[:cut], word[cut:]
        head_ok = _known(head) or (head[-1] == "s" and len(head) > least and _known(head[:-1]))
        if head_ok and (_known(tail) or (depth > 1 and common(tail, depth - 1))):
            return True
    return False


def _jargon_hint(folded: str) -> str | None:
    """The tip for a jargon word, also inside a compound (escalatieladder, dossiers)."""
    for entry, hint in jargon().items():
        if entry.isupper() or " " in entry:
            continue
        if folded == entry or (len(entry) >= 5 and folded.startswith(entry)) or (
                len(entry) >= 7 and folded.endswith(entry)):
            return hint
    return None


def word_problems(sentence_words: list[str]) -> Found:
    """Uncommon words, jargon and abbreviations of one sentence; a glossary word always passes."""
    found: Found = []
    for index, word in enumerate(sentence_words):
        for part in word.split("-"):
            folded = fold(part)
            if not part or folded in explained() or part in allowed() or folded in allowed():
                continue
            if _ABBREVIATION.fullmatch(part):
                found.append((f"afkorting: {part!r}", jargon().get(part, "schrijf het woord voluit")))
            elif (hint := _jargon_hint(folded)) is not None:
                found.append((f"vaktaal of een vaag woord: {part!r}", hint))
            elif not (index and part[:1].isupper()) and not common(folded):  # a capital inside a sentence: a name
                found.append((f"ongewoon woord: {part!r}",
                              "kies een gewoner woord, of leg het uit in de woordenlijst (plainwords/glossary.toml)"))
    return found


def _contains(sequence: list[str], part: tuple[str, ...]) -> bool:
    n = len(part)
    return any(tuple(sequence[i:i + n]) == part for i in range(len(sequence) - n + 1))


def phrase_problems(sentence_words: list[str]) -> Found:
    """Idioms and jargon of more than one word ("over één nacht ijs", "plan van aanpak")."""
    folded = [fold(w) for w in sentence_words]
    found = [(f"uitdrukking: {written!r}", hint) for idiom, (written, hint) in idioms().items()
             if _contains(folded, idiom)]
    found += [(f"vaktaal: {entry!r}", hint) for entry, hint in jargon().items()
              if " " in entry and _contains(folded, tuple(entry.split()))]
    return found


def participle(word: str) -> bool:
    """A past participle (besproken, gekozen, vastgesteld, opgeschreven), not an infinitive (vertellen: vertelt)."""
    if len(word) < 5 or word in NOT_PARTICIPLE or not _PARTICIPLE.fullmatch(word):
        return False
    if not word.endswith("en"):
        return True
    stem = word[:-2]  # vertell-en -> vertelt, bespreke-n -> bespreekt: then it is a verb, not a participle
    forms = {stem, stem[:-1] if stem[-1] == stem[-2] else stem, stem[:-1] + stem[-2] + stem[-1]}
    return not any(frequency(f + "t") >= 3.0 for f in forms)


def grammar_problems(sentence: str, sentence_words: list[str]) -> Found:
    """The passive voice (a form of worden with a past participle, or a participle with "door") and double
    negation (two negations in one part of a sentence, or "niet" before an un-word: "niet onmogelijk")."""
    found: Found = []
    lower = [fold(w) for w in sentence_words]
    participles = [w for w in lower if participle(w)]
    by = [w for w, nxt in zip(lower, lower[1:], strict=False) if participle(w) and nxt == "door"]
    if by or (participles and WORDEN & set(lower)):
        found.append((f"lijdende vorm: {(by or participles)[0]!r}",
                      "zeg wie het doet: niet 'het wordt besproken', maar 'we bespreken het'"))
    for clause in _CLAUSE.split(sentence.lower()):
        clause_words = clause.split()
        negations = [w for w in clause_words if w in NEGATIONS]
        un_words = [b for a, b in zip(clause_words, clause_words[1:], strict=False)
                    if a in ("niet", "geen") and b.startswith("on") and len(b) >= 6 and frequency(b[2:]) >= 3.5]
        if len(negations) >= 2 or un_words:
            found.append((f"dubbele ontkenning: {clause.strip()!r}", "zeg het positief: wat is er wel?"))
    return found
