"""The plain-language checker, and the deck texts checked with it."""

import re
import tomllib
from pathlib import Path

import pytest

from praatplaat import plainlang
from praatplaat.plainlang import flesch_douma, problems, sentences, syllables, words

PACKAGE = Path(plainlang.__file__).parent
DECKS = sorted((PACKAGE / "decks").glob("*.toml"))
ICONS = PACKAGE / "static" / "icons"
PRAATPLAAT_TITLES = [
    "Werk samen voor resultaat",
    "Denk in mogelijkheden",
    "Zoek de verbinding met ouders",
    "Denk vanuit het kind",
    "Sta dichtbij",
    "Erken de expertise van ouders",
    "Bied ouders steun",
    "Maak heldere afspraken",
    "Heb een positieve houding",
    "Betrek kinderen bij je keuzes",
]

PLAIN = "We bellen elke week. Dan horen we hoe het met Sam gaat. Dat is fijn voor iedereen."
HARD = (
    "Optimalisatie van samenwerkingsrelaties vereist consequente evaluatie. "
    "Communicatieve vaardigheden faciliteren participatie."
)


def test_sentences_split_on_marks_and_newlines():
    assert sentences("Dag! Hoe gaat het?\nGoed. ") == ["Dag", "Hoe gaat het", "Goed"]
    assert sentences("  ") == []


def test_words_drop_numbers_and_keep_accents():
    assert words("Over 3 weken praten we met één ouder-kind team.") == [
        "Over",
        "weken",
        "praten",
        "we",
        "met",
        "één",
        "ouder-kind",
        "team",
    ]


def test_placeholders_are_not_words():
    assert words("%(who)s belt {name} op %(when)s.") == ["belt", "op"]
    assert sentences("Hallo %(name)s. {who}.") == ["Hallo"]
    sixteen_with_placeholders = "Wij " + "%(a)s {b} " * 8 + "bellen " * 14 + "op."
    assert len(words(sixteen_with_placeholders)) == 16
    fifteen = "Wij " + "%(a)s {b} " * 8 + "bellen " * 13 + "op."
    assert not any("sentence of" in p for p in problems(fifteen))


def test_syllables():
    assert syllables("kind") == 1
    assert syllables("ouders") == 2
    assert syllables("idee") == 2  # pyphen alone says 1
    assert syllables("ideeën") == 3
    assert syllables("samenwerking") == 4
    assert syllables("ervaringsdeskundige") == 7
    assert syllables("x") == 1


def test_plain_text_passes():
    assert flesch_douma(PLAIN) > 80
    assert problems(PLAIN) == []


def test_long_sentence_is_flagged():
    text = "We praten met de ouders en ook met het kind over school en thuis en over de vrienden."
    assert len(words(text)) == 18
    found = problems(text)
    assert len(found) == 1 and "sentence of 18 words" in found[0]
    assert problems("Zo. " + text.replace(" en over de vrienden", ". En over de vrienden")) == []


def test_low_score_is_flagged():
    assert flesch_douma(HARD) < 0
    assert any(p.startswith("Flesch-Douma") for p in problems(HARD))


def test_short_text_has_no_score_problem():
    assert problems("Denk in mogelijkheden") == []
    assert not any(p.startswith("Flesch-Douma") for p in problems("Goede verantwoordelijkheid"))


def test_long_word_is_flagged_unless_allowed():
    text = "Vraag een ervaringsdeskundige."
    assert problems(text) == ["long word of 7 syllables: 'ervaringsdeskundige'"]
    assert problems(text, allow={"Ervaringsdeskundige"}) == []
    assert problems("Ik ben gezinshuisouder.") == []  # in ALLOW_LONG
    assert problems("Een hulpverlener helpt.") == []  # 4 syllables is fine


def test_allow_list_stays_short_and_lowercase():
    assert len(plainlang.ALLOW_LONG) <= 10
    assert all(w == w.lower() and syllables(w) > plainlang.MAX_SYLLABLES for w in plainlang.ALLOW_LONG)


def _load(path):
    with path.open("rb") as f:
        return tomllib.load(f)


def test_there_is_a_praatplaat_deck():
    assert "praatplaat" in [p.stem for p in DECKS]
    deck = _load(PACKAGE / "decks" / "praatplaat.toml")
    assert deck["key"] == "praatplaat"
    assert [t["title"] for t in deck["themes"]] == PRAATPLAAT_TITLES


@pytest.mark.parametrize("path", DECKS, ids=[p.stem for p in DECKS])
def test_deck_texts_are_plain(path):
    deck = _load(path)
    assert deck["key"] == path.stem
    texts = [deck["title"], deck["description"], deck["credit"]]
    assert deck["themes"], "a deck needs themes"
    theme_keys = [t["key"] for t in deck["themes"]]
    assert len(set(theme_keys)) == len(theme_keys), "theme keys must be unique"
    for theme in deck["themes"]:
        assert re.fullmatch(r"[a-z][a-z0-9-]*", theme["key"]), theme["key"]
        assert (ICONS / f"{theme['icon']}.svg").is_file(), f"no icon {theme['icon']}.svg"
        texts += [theme["title"], theme["text"]]
        assert len(sentences(theme["text"])) == 1, theme["text"]
        if "youth_text" in theme:  # optional: the team scan is for professionals only
            texts.append(theme["youth_text"])
            assert len(sentences(theme["youth_text"])) == 1, theme["youth_text"]
        suggestions = theme["suggestions"]
        assert len(suggestions) >= 3, f"theme {theme['key']} needs 3 or more suggestions"
        keys = [s["key"] for s in suggestions]
        assert len(set(keys)) == len(keys), f"suggestion keys in {theme['key']} must be unique"
        for s in suggestions:
            assert re.fullmatch(r"[a-z][a-z0-9-]*", s["key"]), s["key"]
            texts.append(s["text"])
    for text in texts:
        assert text.strip() and "%" not in text, repr(text)
        assert problems(text) == [], text


def test_icons_are_small_safe_inline_svg():
    needed = {"eigen", "speak", "check", "clock", "people"} | {
        f"scale-{s}" for s in ("good", "fair", "better", "unknown")
    }
    assert needed <= {p.stem for p in ICONS.glob("*.svg")}
    for path in ICONS.glob("*.svg"):
        svg = path.read_text(encoding="utf-8")
        assert len(svg.encode()) < 700, path.name
        head = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" fill="none" stroke="currentColor"'
        assert svg.startswith(head) and svg.rstrip().endswith("</svg>"), path.name
        assert 'aria-hidden="true"' in svg and 'focusable="false"' in svg, path.name
        assert not re.search(r"style|script|<text|href|url\(|\bon\w+=", svg), path.name
