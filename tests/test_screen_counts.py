"""Counts on the shared screen: each language with its own plural rules (in_languages_n), and how much of one
theme the screen shows (screenfit)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from praatplaat.decks import get_deck
from praatplaat.facilitator import screenfit
from praatplaat.readmodel import Words
from praatplaat.templating import in_languages_n

JOINED = ("%(num)s mens doet mee", "%(num)s mensen doen mee")


@pytest.mark.parametrize(("num", "dutch", "arabic"), [
    (0, "0 mensen doen mee", "يشارك 0 شخص"),
    (1, "1 mens doet mee", "يشارك 1 شخص"),
    (2, "2 mensen doen mee", "يشارك 2 شخصان"),
    (5, "5 mensen doen mee", "يشارك 5 أشخاص"),
    (12, "12 mensen doen mee", "يشارك 12 شخصًا"),
    (100, "100 mensen doen mee", "يشارك 100 شخص"),
])
def test_each_language_counts_with_its_own_plural(app, num, dutch, arabic):
    with app.test_request_context("/"):
        html = str(in_languages_n(*JOINED, num, ["nl", "ar"]))
    assert f'<span class="l0" lang="nl" dir="ltr">{dutch}</span>' in html
    assert f'<span class="l1" lang="ar" dir="rtl">{arabic}</span>' in html


@pytest.mark.parametrize(("code", "num", "text"), [
    ("en", 1, "1 person is taking part"), ("en", 3, "3 people are taking part"),
    ("pl", 1, "1 osoba bierze udział"), ("pl", 3, "3 osoby biorą udział"), ("pl", 5, "5 osób bierze udział"),
    ("uk", 21, "21 людина бере участь"), ("uk", 3, "3 людини беруть участь"), ("uk", 11, "11 людей беруть участь"),
    ("tr", 7, "7 kişi katılıyor"),
    ("ti", 0, "0 ሰብ ይሳተፍ ኣሎ"), ("ti", 1, "1 ሰብ ይሳተፍ ኣሎ"), ("ti", 2, "2 ሰባት ይሳተፉ ኣለዉ"),
    ("fa", 0, "0 نفر شرکت می‌کند"), ("fa", 1, "1 نفر شرکت می‌کند"), ("fa", 4, "4 نفر شرکت می‌کنند"),
    ("so", 1, "1 qof ayaa ka qayb qaadanaya"), ("so", 9, "9 qof ayaa ka qayb qaadanaya"),
])
def test_plural_forms_of_every_catalog(app, code, num, text):
    with app.test_request_context("/"):
        assert text in str(in_languages_n(*JOINED, num, [code]))


def test_the_big_number_keeps_its_markup_and_the_text_is_escaped(app):
    with app.test_request_context("/"):
        html = str(in_languages_n(*JOINED, 3, ["nl", "ar"], True))
        assert '<strong class="big-number">3</strong> mensen doen mee' in html
        assert '<strong class="num">3</strong>' in html
        assert "&lt;b&gt;" in str(in_languages_n("<b>%(num)s</b>", "<b>%(num)s</b>", 2, ["nl"]))


@dataclass
class Answer:
    text: str
    sentences: tuple = ()


@dataclass
class Proposal:
    what: Words
    settled: bool = False


def test_one_theme_shows_what_fits_and_counts_the_rest():
    texts = [Answer("x" * 300) for _ in range(10)]
    proposals = [Proposal(Words("y" * 300, "nl", from_deck=False)) for _ in range(6)]
    shown = screenfit.fit_theme(Words("Werk samen voor resultaat"), texts, proposals, False)
    assert 1 <= len(shown.texts) < 10 and shown.more_texts == 10 - len(shown.texts)
    assert 2 <= len(shown.proposals) < 6 and shown.more_proposals == 6 - len(shown.proposals)
    short = screenfit.fit_theme(Words("Kort"), [Answer("Fijne juf")], [Proposal(Words("Vaker bellen."))], True)
    assert (len(short.texts), short.more_texts, len(short.proposals), short.more_proposals) == (1, 0, 1, 0)
    nothing = screenfit.fit_theme(Words("Kort"), [], [], True)
    assert nothing == screenfit.Shown([], 0, [], 0)


def test_the_newest_answer_shows_as_many_tapped_sentences_as_fit():
    sentences = get_deck("praatplaat").ready_sentences("resultaat", "strengths")
    proposals = [Proposal(Words("Een doel voor het kind kiezen en opschrijven.")) for _ in range(3)]
    every = Answer("x" * 300, sentences)
    shown = screenfit.fit_theme(Words("Werk samen voor resultaat"), [every, Answer("Fijn")], proposals, True)
    assert shown.cut and 1 <= len(shown.texts[0].sentences) < len(sentences)
    assert shown.texts[0].sentences == sentences[:len(shown.texts[0].sentences)]  # the first ones, in order
    few = Answer("", sentences[:2])
    shown = screenfit.fit_theme(Words("Werk samen voor resultaat"), [few], proposals, True)
    assert not shown.cut and shown.texts == [few]
