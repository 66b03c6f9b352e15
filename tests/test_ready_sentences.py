"""Tap instead of type (issue 12, part 1): the deck's ready sentences on the screens for what goes well, what could
be better and what helps. Tapped sentences are stored by key and shown in each reader's own language everywhere
(merged view, list, plain text, print, shared screen); export.json carries key and Dutch text. They are the deck's
words, so at a parent evening they need no moderation.

The sentences are taken from the deck file, so these tests follow its content. Run on both databases:
`pytest tests/test_ready_sentences.py` with PRAATPLAAT_TEST_POSTGRES_URL set."""

from __future__ import annotations

import json
import re
from importlib.resources import files

import pytest
from conftest import Phone, all_rows, between, join, set_agenda, start, visible
from flask_babel import force_locale, gettext
from jsonschema import Draft202012Validator
from sqlalchemy import select

from praatplaat.db import db
from praatplaat.decks import get_deck
from praatplaat.merge import QUESTIONS
from praatplaat.models import Answer
from praatplaat.vocabulary import Question

DECK = get_deck("praatplaat")
OWN = "Okumayı çok seviyor, her akşam kitap okuyoruz."  # the parent's own words, in Turkish
STEP = {q: n for n, q in enumerate(QUESTIONS, 1)}
SCHEMA = Draft202012Validator(json.loads(files("praatplaat").joinpath("schemas/afsprakenlijst.schema.json")
                                         .read_text()))


def translated(app, code: str, text: str) -> str:
    with app.test_request_context(), force_locale(code):
        return gettext(text)


def offered(theme: str, question: str):
    found = DECK.ready_sentences(theme, question)
    assert len(found) >= 2, f"the deck offers too few ready sentences for {theme}/{question}"
    return found


def page(phone: Phone, url: str) -> str:
    response = phone.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def stored(app, question: str = Question.STRENGTHS) -> list[tuple[str, str]]:
    with app.app_context():
        return [tuple(row) for row in db.session.execute(select(Answer.sentences, Answer.text).where(
            Answer.question == question))]


@pytest.fixture
def table(app):
    """A Dutch teacher (who takes part) and a parent with a Turkish menu; `resultaat` on the agenda."""
    teacher, parent = Phone(app, "teacher"), Phone(app, "parent")
    code, f_url = start(teacher)
    join(parent, code, role="parent", language="tr")
    set_agenda(teacher, f_url, "resultaat")
    assert parent.post("/p/t/resultaat/1", {"scale": "good"}).status_code == 303
    return app, teacher, parent, code, f_url


def test_the_screen_offers_the_sentences_in_the_readers_language_and_room_for_own_words(table):
    app, _teacher, parent, _code, _f_url = table
    screen = page(parent, "/p/t/resultaat/2")
    form = between(screen, 'method="post" novalidate>', "</form>")
    boxes = re.findall(r'<input type="checkbox" name="sentences" value="([^"]+)"', form)
    assert boxes == [s.key for s in offered("resultaat", Question.STRENGTHS)]
    for sentence in offered("resultaat", Question.STRENGTHS):
        words = translated(app, "tr", sentence.text)
        assert words != sentence.text, f"not translated into Turkish: {sentence.text}"
        assert words in visible(form)
    assert translated(app, "tr", "Of schrijf het zelf (mag leeg blijven)") in visible(form)
    assert '<textarea id="text" name="text"' in form  # the own-words field, below the sentences
    assert form.index('name="sentences"') < form.index('name="text"')


def test_a_parent_taps_two_and_writes_one_and_every_reader_reads_it_in_their_own_language(table):
    app, teacher, parent, _code, f_url = table
    first, second = offered("resultaat", Question.STRENGTHS)[:2]
    # Sent in the other order: stored in the order the deck offers them.
    response = parent.post("/p/t/resultaat/2", {"sentences": [second.key, first.key], "text": OWN})
    assert response.status_code == 303
    assert stored(app) == [(f"{first.key} {second.key}", OWN)]
    back = page(parent, "/p/t/resultaat/2")  # going back shows what was tapped
    assert re.findall(r'value="([^"]+)" checked', back) == [first.key, second.key]
    assert OWN in back

    # The Dutch teacher: merged view (phone and facilitator page), list, plain text, print, all in Dutch.
    for url in ("/p/t/resultaat/samen", f_url + "t/resultaat"):
        good = visible(between(page(teacher, url), 'id="good-h"', "</section>"))
        assert f"{first.text} {second.text} {OWN} (geschreven in het Turks)" in good, url
    for url in ("/p/lijst", f_url + "lijst"):
        strengths = visible(between(page(teacher, url), "Dit gaat goed, dit houden we vast", "Dit gaan we doen"))
        assert f"{first.text} {second.text} {OWN} (geschreven in het Turks) (Ouder of verzorger)" in strengths
    text = page(teacher, f_url + "lijst.txt")
    assert f"- {first.text} {second.text} {OWN} (Ouder of verzorger)" in text

    # The Turkish parent reads the same sentences in Turkish, and their own words as written.
    tr_first, tr_second = translated(app, "tr", first.text), translated(app, "tr", second.text)
    for url in ("/p/t/resultaat/samen", "/p/lijst", "/p/lijst.txt"):
        seen = page(parent, url)
        assert f"{tr_first} {tr_second} {OWN}" in visible(seen), url
        assert first.text not in seen and second.text not in seen, url
    # The print in two languages: Turkish beside Dutch.
    both = visible(page(parent, "/p/lijst/tweetalig"))
    assert f"{tr_first} {tr_second} {OWN}" in both and f"{first.text} {second.text} {OWN}" in both

    # export.json: key and Dutch text of each tapped sentence, the own words as written; the schema holds.
    data = page(teacher, f_url + "export.json")
    (answer,) = json.loads(data)["themes"][0]["strengths"]
    assert answer["sentences"] == [{"key": first.key, "text": first.text}, {"key": second.key, "text": second.text}]
    assert (answer["text"], answer["role"]) == (OWN, "parent")
    assert not list(SCHEMA.iter_errors(json.loads(data)))


def test_a_tapped_sentence_alone_is_an_answer(table):
    app, teacher, parent, _code, f_url = table
    idea = offered("resultaat", Question.IDEAS)[0]
    assert parent.post("/p/t/resultaat/2", {}).status_code == 303  # nothing: no answer shown
    assert parent.post("/p/t/resultaat/3", {"sentences": idea.key}).status_code == 303
    assert stored(app, Question.IDEAS) == [(idea.key, "")]
    merged = page(teacher, f_url + "t/resultaat")
    assert idea.text in visible(between(merged, 'id="ideas-h"', "</section>"))
    assert "Nog niets ingevuld." in visible(between(merged, 'id="good-h"', "</section>"))
    assert f"- Idee: {idea.text}\n" in page(teacher, f_url + "lijst.txt")
    # Untapping everything and writing nothing takes the answer away again.
    assert parent.post("/p/t/resultaat/3", {"text": ""}).status_code == 303
    assert idea.text not in page(teacher, f_url + "t/resultaat")


@pytest.mark.parametrize("keys", [["bestaat-niet"], ["../etc"], ["\x00"]], ids=["unknown", "path", "nul"])
def test_a_sentence_that_is_not_offered_is_refused_and_nothing_is_stored(table, keys):
    app, _teacher, parent, _code, _f_url = table
    real = offered("resultaat", Question.STRENGTHS)[0]
    before = all_rows(app)
    response = parent.post("/p/t/resultaat/2", {"sentences": [real.key, *keys], "text": OWN})
    assert response.status_code == 400
    assert translated(app, "tr", "Kies alleen zinnen uit de lijst.") in visible(response.get_data(as_text=True))
    assert all_rows(app) == before


def test_a_sentence_of_another_question_is_refused(table):
    app, _teacher, parent, _code, _f_url = table
    strength = offered("resultaat", Question.STRENGTHS)[0]
    assert strength not in DECK.ready_sentences("resultaat", Question.IDEAS)
    before = all_rows(app)
    assert parent.post("/p/t/resultaat/3", {"sentences": strength.key}).status_code == 400
    assert all_rows(app) == before


def test_an_own_theme_offers_the_decks_general_sentences(table):
    app, teacher, parent, _code, f_url = table
    assert parent.post("/p/themas/eigen", {"own-title": "Huiswerk"}).status_code == 303
    with app.app_context():
        from praatplaat.models import OwnTheme
        own = db.session.scalar(select(OwnTheme)).key
    set_agenda(teacher, f_url, "resultaat", own)
    general = [s.key for s in DECK.sentences if s.question == Question.STRENGTHS]
    screen = page(parent, f"/p/t/{own}/2")
    assert re.findall(r'name="sentences" value="([^"]+)"', screen) == general


def youth_case() -> tuple[str, str, object]:
    """A theme, question and ready sentence that has its own words for a young person."""
    for theme in DECK.themes:
        for question in (Question.STRENGTHS, Question.IDEAS, Question.HELPS):
            for sentence in DECK.ready_sentences(theme.key, question):
                if sentence.youth_text:
                    return theme.key, question, sentence
    pytest.fail("the praatplaat deck has no ready sentence with youth_text")


def test_a_young_person_reads_the_youth_words(app):
    theme, question, sentence = youth_case()
    teacher, parent, youth = Phone(app, "teacher"), Phone(app, "parent"), Phone(app, "youth")
    code, f_url = start(teacher)
    join(parent, code, role="parent")
    join(youth, code, role="youth")
    set_agenda(teacher, f_url, theme)
    assert parent.post(f"/p/t/{theme}/{STEP[question]}", {"sentences": sentence.key}).status_code == 303
    # On the young person's own screen, the box reads in youth words; so does what the parent tapped.
    assert sentence.youth_text in visible(page(youth, f"/p/t/{theme}/{STEP[question]}"))
    for url in (f"/p/t/{theme}/samen", "/p/lijst", "/p/lijst.txt"):
        seen = visible(page(youth, url))
        assert sentence.youth_text in seen and sentence.text not in seen, url
    # Everyone else reads the deck's usual words.
    for url in (f"/p/t/{theme}/samen", "/p/lijst"):
        seen = visible(page(parent, url))
        assert sentence.text in seen and sentence.youth_text not in seen, url


def test_at_a_parent_evening_tapped_sentences_need_no_moderation(app):
    host, parent, reader_ar = Phone(app, "host"), Phone(app, "parent"), Phone(app, "reader_ar")
    code, f_url = start(host, title="Ouderavond groep 6", mode="evening")
    join(parent, code, role="unknown")
    join(reader_ar, code, role="unknown", language="ar")
    set_agenda(host, f_url, "resultaat")
    sentence = offered("resultaat", Question.STRENGTHS)[0]
    tapped_only = offered("resultaat", Question.IDEAS)[0]
    assert parent.post("/p/t/resultaat/2", {"sentences": sentence.key, "text": "Fijne juf"}).status_code == 303
    assert parent.post("/p/t/resultaat/3", {"sentences": tapped_only.key}).status_code == 303
    # The queue holds only own words: the deck's sentences need no look.
    queue = visible(between(page(host, f_url + "t/resultaat"), 'id="mod-h"', "</section>"))
    assert "Fijne juf" in queue and sentence.text not in queue and tapped_only.text not in queue
    # Before any approval, the room already sees the sentences (each in their language), not the own words.
    public = visible(between(page(reader_ar, "/p/t/resultaat/samen"), 'id="words-h"', "</section>"))
    assert translated(app, "ar", sentence.text) in public and translated(app, "ar", tapped_only.text) in public
    assert "Fijne juf" not in public
    assert host.post(f_url + "scherm/toon", {"view": "theme:resultaat"}).status_code == 303
    screen = visible(page(host, f_url + "scherm"))
    assert sentence.text in screen and "Fijne juf" not in screen
    with app.app_context():
        answer_id = db.session.scalar(select(Answer.id).where(Answer.text == "Fijne juf"))
    assert host.post(f_url + f"antwoord/{answer_id}/scherm", {"show": "1", "theme": "resultaat"}).status_code == 303
    assert f"{sentence.text} Fijne juf" in visible(page(host, f_url + "scherm"))
    # Changing only the tapped sentences keeps the approval of the same own words.
    other = offered("resultaat", Question.STRENGTHS)[1]
    assert parent.post("/p/t/resultaat/2", {"sentences": [sentence.key, other.key],
                                            "text": "Fijne juf"}).status_code == 303
    assert f"{sentence.text} {other.text} Fijne juf" in visible(page(host, f_url + "scherm"))
