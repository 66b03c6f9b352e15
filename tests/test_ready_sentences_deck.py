"""The decks' ready sentences (tap instead of type): enough per theme and question, plain, short, well keyed."""

import re
from pathlib import Path

import pytest

from praatplaat.decks import DECK_DIR, all_decks
from praatplaat.plainlang import problems, words

QUESTIONS = ("strengths", "ideas", "helps")
DECKS = sorted(all_decks())


def _sentences(deck):
    yield "", deck.sentences
    for theme in deck.themes:
        yield theme.key, theme.sentences


@pytest.mark.parametrize("key", DECKS)
def test_every_theme_offers_four_or_more_ready_sentences_per_question(key):
    deck = all_decks()[key]
    for theme in deck.themes:
        for question in QUESTIONS:
            offered = deck.ready_sentences(theme.key, question)
            assert len(offered) >= 4, (key, theme.key, question, len(offered))
            keys = [s.key for s in offered]
            assert len(set(keys)) == len(keys), (key, theme.key, question, keys)
            texts = [s.text for s in offered]
            assert len(set(texts)) == len(texts), (key, theme.key, question, texts)
            youth = [s.youth_text for s in offered if s.youth_text]
            assert len(set(youth)) == len(youth), (key, theme.key, question, youth)
            for s in offered:  # what the app finds back by key is this sentence
                assert deck.sentence(theme.key, question, s.key) == s
    # an own theme (not in the deck) still gets the deck's general sentences
    for question in QUESTIONS:
        assert len(deck.ready_sentences("eigen-thema-van-iemand", question)) >= 4


@pytest.mark.parametrize("key", DECKS)
def test_ready_sentences_are_short_plain_and_well_keyed(key):
    deck = all_decks()[key]
    has_youth = "youth" in deck.questions
    for where, sentences in _sentences(deck):
        for s in sentences:
            assert s.question in QUESTIONS, (key, where, s)
            assert re.fullmatch(r"[a-z][a-z0-9-]*", s.key), (key, where, s.key)
            for text in filter(None, (s.text, s.youth_text)):
                assert len(words(text)) <= 10, (key, where, text)
                assert problems(text) == [], (key, where, text)
                assert text.endswith(".") and "%" not in text and '"' not in text, text
            assert has_youth or not s.youth_text, f"{key} has no youth wording, so no youth_text: {s.key}"
    # keys are unique per question in the whole deck file, the theme's own sentences included
    for question in QUESTIONS:
        general = [s.key for s in deck.sentences if s.question == question]
        assert len(set(general)) == len(general), (key, question, general)
        for theme in deck.themes:
            own = [s.key for s in theme.sentences if s.question == question]
            assert len(set(own)) == len(own) and not set(own) & set(general), (key, theme.key, question, own)


@pytest.mark.parametrize("key", DECKS)
def test_decks_with_youth_questions_have_youth_wording(key):
    deck = all_decks()[key]
    if "youth" in deck.questions:
        assert any(s.youth_text for s in deck.sentences), key


@pytest.mark.parametrize("path", sorted(DECK_DIR.glob("*.toml")), ids=lambda p: p.stem)
def test_deck_file_header_explains_how_to_add_a_ready_sentence(path: Path):
    header = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            break
        header.append(line)
    text = "\n".join(header)
    for needed in ("[[sentences]]", "[[themes.sentences]]", "question", '"strengths"', '"ideas"', '"helps"',
                   "key", "wij-vorm", "translations/"):
        assert needed in text, (path.name, needed)
