"""A person translates (issue 12, part 3), what comes out of it, on both databases: the tolk does not vote and is
not counted; the afsprakenlijst (page, plain text, print in two languages, export.json) carries the original,
its language and the translations; the facilitator sees which free texts nobody has translated yet.
"""

from __future__ import annotations

import json
import re
from importlib.resources import files

import sqlalchemy as sa
from conftest import (
    Phone,
    all_rows,
    answer_id,
    answer_theme,
    between,
    join,
    proposal_cards,
    set_agenda,
    start,
    visible,
    vote,
)
from flask_babel import force_locale, gettext
from jsonschema import Draft202012Validator

from praatplaat.db import db
from praatplaat.i18n import FSI, PDI
from praatplaat.models import Participant

SCHEMA = Draft202012Validator(json.loads(files("praatplaat").joinpath("schemas/afsprakenlijst.schema.json")
                                         .read_text()))

TOLK_NOTE = "Je vertaalt wat de anderen schrijven. Je kiest niet mee."


def participant_id(app, nickname: str) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(Participant.id).where(Participant.nickname == nickname))


def table_with_tolk(app):
    """A teacher (Dutch) who leads and takes part, a Turkish parent, and a tolk; one theme on the agenda."""
    teacher, parent, tolk = Phone(app, "teacher"), Phone(app, "parent"), Phone(app, "tolk")
    code, f_url = start(teacher, nickname="Juf Anna", take_part="yes")
    join(parent, code, role="parent", language="tr", nickname="Ayse")
    join(tolk, code, role="interpreter", nickname="Emre")
    set_agenda(teacher, f_url, "resultaat")
    return teacher, parent, tolk, f_url


# --- the tolk translates, and does not choose ------------------------------------------------------------

def test_two_people_agree_with_a_tolk_present_is_agreed(app):
    teacher, parent, tolk, f_url = table_with_tolk(app)
    for phone in (teacher, parent):
        answer_theme(phone, "resultaat", choice="doel", who="together", when="week")
    (key,) = proposal_cards(parent.get("/p/t/resultaat/samen").get_data(as_text=True))
    vote(parent, "resultaat", key)
    card = proposal_cards(teacher.get("/p/t/resultaat/samen").get_data(as_text=True))[key]
    assert "Nog niet gekozen: Professional (Juf Anna)" in card  # the tolk is not waited for
    assert "Tolk" not in card
    vote(teacher, "resultaat", key)
    card = proposal_cards(teacher.get("/p/t/resultaat/samen").get_data(as_text=True))[key]
    assert "Iedereen is het eens" in card and "Nog niet gekozen" not in card
    # The facilitator's list of who takes part in the theme (and can be marked as not taking part): no tolk.
    people = visible(between(teacher.get(f_url + "t/resultaat").get_data(as_text=True), 'id="people-h"', "</ul>"))
    assert "Ouder of verzorger (Ayse)" in people and "Emre" not in people
    agreed = between(visible(teacher.get("/p/lijst").get_data(as_text=True)), "Dit gaan we doen",
                     "Hier praten we nog over")
    assert "Nog geen afspraken." not in agreed


def test_the_tolk_sees_no_vote_buttons_and_a_vote_sent_anyway_is_refused(app):
    teacher, parent, tolk, _f_url = table_with_tolk(app)
    answer_theme(parent, "resultaat", choice="doel", who="together", when="week")
    page = tolk.get("/p/t/resultaat/samen").get_data(as_text=True)
    (key,) = proposal_cards(page)
    assert TOLK_NOTE in visible(page)
    assert 'name="agree"' not in page
    assert 'name="agree"' in parent.get("/p/t/resultaat/samen").get_data(as_text=True)
    before = all_rows(app)
    response = tolk.post("/p/t/resultaat/samen", {"proposal": key, "agree": "yes"})
    assert response.status_code == 403
    assert TOLK_NOTE in visible(response.get_data(as_text=True))
    assert all_rows(app) == before  # nothing stored


def test_the_tolk_is_not_offered_in_who_does_it(app):
    teacher, parent, tolk, _f_url = table_with_tolk(app)
    page = visible(teacher.get("/p/t/resultaat/5").get_data(as_text=True))
    offered = between(page, "Wie doet het?", "Wanneer?")
    assert "Ouder of verzorger (Ayse)" in offered and "Tolk" not in offered and "Emre" not in offered
    response = teacher.post("/p/t/resultaat/5", {"choice": "doel", "text": "", "who": "role:interpreter",
                                                "when": "week", "when_date": ""})
    assert response.status_code == 400
    assert "Die persoon doet niet mee aan dit gesprek. Kies wie het doet." in visible(response.get_data(as_text=True))


# --- writing and translating, through the translate screen and "klopt niet" -----------------------------

PARENT_WORDS = "Okumayı çok seviyor"
PARENT_IN_DUTCH = "Hij leest heel graag"
TEACHER_WORDS = "Hij helpt andere kinderen in de klas"
TEACHER_IN_TURKISH = "Sınıfta diğer çocuklara yardım ediyor"
BY_TOLK = "Vertaling van de tolk"


def translate(app, tolk: Phone, original: str, language: str, text: str) -> None:
    response = tolk.post(f"/p/vertalen/{answer_id(app, original)}", {"language": language, "text": text})
    assert response.status_code == 303, response.get_data(as_text=True)[-2000:]


def dispute(app, writer: Phone, original: str, language: str) -> None:
    writer.get("/p/t/resultaat/samen")
    response = writer.post(f"/p/vertaling/{answer_id(app, original)}/{language}/klopt-niet")
    assert response.status_code == 303, response.get_data(as_text=True)[-2000:]


def written(app):
    """The parent writes in Turkish, the teacher in Dutch (what goes well)."""
    teacher, parent, tolk, f_url = table_with_tolk(app)
    answer_theme(parent, "resultaat", strengths=PARENT_WORDS, choice="doel", who="together", when="week")
    answer_theme(teacher, "resultaat", strengths=TEACHER_WORDS, choice="doel", who="together", when="week")
    return teacher, parent, tolk, f_url


def written_and_translated(app):
    """... and the tolk translates each into the other's language."""
    teacher, parent, tolk, f_url = written(app)
    translate(app, tolk, PARENT_WORDS, "nl", PARENT_IN_DUTCH)
    translate(app, tolk, TEACHER_WORDS, "tr", TEACHER_IN_TURKISH)
    return teacher, parent, tolk, f_url


# --- the facilitator: what is not translated yet --------------------------------------------------------------

def untranslated_section(phone: Phone, f_url: str) -> str:
    page = phone.get(f_url).get_data(as_text=True)
    return visible(between(page, 'id="untranslated-h"', "</section>"))


def test_the_facilitator_sees_what_still_needs_a_translation_and_the_count_goes_down(app):
    teacher, parent, tolk, f_url = written(app)
    section = untranslated_section(teacher, f_url)
    assert "Naar het Nederlands: nog 1 tekst" in section and "Naar het Turks: nog 1 tekst" in section
    assert PARENT_WORDS in section and TEACHER_WORDS in section
    assert "Nog vertalen naar het Nederlands" in section and "Nog vertalen naar het Turks" in section
    translate(app, tolk, PARENT_WORDS, "nl", PARENT_IN_DUTCH)
    section = untranslated_section(teacher, f_url)
    assert "Naar het Nederlands" not in section and "Naar het Turks: nog 1 tekst" in section
    assert PARENT_WORDS not in section and TEACHER_WORDS in section
    translate(app, tolk, TEACHER_WORDS, "tr", TEACHER_IN_TURKISH)
    assert "Alles is vertaald voor iedereen aan tafel." in untranslated_section(teacher, f_url)


def test_a_disputed_translation_still_needs_one_and_one_language_needs_none(app):
    teacher, parent, tolk, f_url = written_and_translated(app)
    dispute(app, parent, PARENT_WORDS, "nl")
    section = untranslated_section(teacher, f_url)
    assert "Naar het Nederlands: nog 1 tekst" in section and "Naar het Turks" not in section
    lone = Phone(app, "lone")
    _code, lone_url = start(lone, nickname="Juf Els", take_part="yes")
    assert 'id="untranslated-h"' not in lone.get(lone_url).get_data(as_text=True)  # one language: nothing to do


# --- the afsprakenlijst: page, plain text, print in two languages, export.json -----------------------------

def strengths_of(page: str, app=None, code: str = "nl") -> str:
    """What the list says under "Dit gaat goed, dit houden we vast" (in the reader's language)."""
    def heading(text: str) -> str:
        if app is None:
            return text
        with app.test_request_context(), force_locale(code):
            return gettext(text)
    return between(visible(page), heading("Dit gaat goed, dit houden we vast"), heading("Dit gaan we doen"))


def test_the_list_page_shows_each_reader_the_translation_first_and_the_original_one_tap_away(app):
    teacher, parent, tolk, f_url = written_and_translated(app)
    for phone, url in ((teacher, "/p/lijst"), (teacher, f_url + "lijst")):
        page = phone.get(url).get_data(as_text=True)
        shown = strengths_of(page)
        assert f"{PARENT_IN_DUTCH} ({BY_TOLK}) Bekijk de tekst in het Turks {PARENT_WORDS}" in shown
        assert TEACHER_WORDS in shown and TEACHER_IN_TURKISH not in shown  # her own language: as written
        assert re.search(r'<details class="original"><summary>[^<]*</summary><bdi dir="auto" data-read-aloud lang="tr">'
                         + PARENT_WORDS, page)
    shown = strengths_of(parent.get("/p/lijst").get_data(as_text=True), app, "tr")
    assert TEACHER_IN_TURKISH in shown and PARENT_WORDS in shown and PARENT_IN_DUTCH not in shown


def test_the_plain_text_has_the_original_then_the_translation_for_the_reader(app):
    teacher, parent, tolk, f_url = written_and_translated(app)
    dutch = teacher.get(f_url + "lijst.txt").get_data(as_text=True)
    assert f"- {PARENT_WORDS} (Ouder of verzorger)\n  {BY_TOLK}: {PARENT_IN_DUTCH}\n" in dutch
    assert f"- {TEACHER_WORDS} (Professional)\n" in dutch and TEACHER_IN_TURKISH not in dutch
    turkish = parent.get("/p/lijst.txt").get_data(as_text=True)
    assert f"- {TEACHER_WORDS} (" in turkish and f"{TEACHER_IN_TURKISH}\n" in turkish
    assert PARENT_IN_DUTCH not in turkish
    dispute(app, parent, PARENT_WORDS, "nl")
    dutch = teacher.get(f_url + "lijst.txt").get_data(as_text=True)
    assert f"  {BY_TOLK}: {PARENT_IN_DUTCH} (De schrijver zegt: de vertaling klopt niet.)\n" in dutch


OWN_PROPOSAL = "Her akşam birlikte okuyalım"
OWN_PROPOSAL_IN_DUTCH = "Elke avond samen lezen"


def test_a_proposal_in_own_words_carries_its_translation_into_the_text_and_the_export(app):
    teacher, parent, tolk, f_url = table_with_tolk(app)
    answer_theme(parent, "resultaat", text=OWN_PROPOSAL, who="together", when="week")
    translate(app, tolk, OWN_PROPOSAL, "nl", OWN_PROPOSAL_IN_DUTCH)
    dutch = teacher.get(f_url + "lijst.txt").get_data(as_text=True)
    assert f"- {OWN_PROPOSAL}\n  {BY_TOLK}: {OWN_PROPOSAL_IN_DUTCH}\n" in dutch
    data = teacher.get(f_url + "export.json").get_json()
    assert list(SCHEMA.iter_errors(data)) == []
    (proposal,) = data["themes"][0]["to_discuss"]
    assert (proposal["what"], proposal["what_language"]) == (OWN_PROPOSAL, "tr")
    assert proposal["what_translations"] == [
        {"language": "nl", "text": OWN_PROPOSAL_IN_DUTCH, "role": "interpreter", "disputed": False}]


def test_the_plain_text_isolates_a_translation_in_the_other_direction(app):
    teacher, parent = Phone(app, "teacher"), Phone(app, "parent")
    code, f_url = start(teacher, nickname="Juf Anna", take_part="yes")
    join(parent, code, role="parent", language="ar", nickname="Sara")
    set_agenda(teacher, f_url, "resultaat")
    answer_theme(teacher, "resultaat", strengths=TEACHER_WORDS)
    # Someone at the table who reads both (here the parent) translates the teacher's words into Arabic.
    arabic_words = "يساعد الأطفال الآخرين في الصف"
    translate(app, parent, TEACHER_WORDS, "ar", arabic_words)
    text = parent.get("/p/lijst.txt").get_data(as_text=True)
    assert f"- {FSI}{TEACHER_WORDS}{PDI} (" in text  # Dutch words in an Arabic file: isolated, as before
    line = next(x for x in text.splitlines() if arabic_words in x)
    assert line.startswith("  ") and line.endswith(arabic_words)  # the reader's direction: as written


def test_the_print_shows_each_column_its_own_language_first_with_the_original_under_it(app):
    teacher, parent, tolk, f_url = written_and_translated(app)
    page = parent.get("/p/lijst/tweetalig").get_data(as_text=True)
    columns = re.findall(r'<div class="column" lang="(\w+)" dir="\w+">(.*?)</div>\s*(?=<div class="column"|</div>)',
                         page, re.S)
    assert [code for code, _html in columns] == ["tr", "nl"]
    (_tr, turkish), (_nl, dutch) = columns
    turkish, dutch = strengths_of(turkish, app, "tr"), strengths_of(dutch)
    # Dutch column: the tolk's Dutch first, marked, the Turkish words printed under it with their language.
    assert f"{PARENT_IN_DUTCH} ({BY_TOLK}) {PARENT_WORDS} (geschreven in het Turks)" in dutch
    assert TEACHER_WORDS in dutch and TEACHER_IN_TURKISH not in dutch
    # Turkish column: the Turkish translation of the teacher's words first, the Dutch under it.
    assert turkish.index(TEACHER_IN_TURKISH) < turkish.index(TEACHER_WORDS)
    assert PARENT_WORDS in turkish and PARENT_IN_DUTCH not in turkish
    assert "<details" not in between(page, '<div class="bilingual">')  # paper cannot tap
    # Without a translation: the words as written, marked with their language.
    dispute(app, parent, PARENT_WORDS, "nl")
    dutch = visible(between(parent.get("/p/lijst/tweetalig").get_data(as_text=True), '<div class="column" lang="nl"'))
    assert f"{PARENT_WORDS} (geschreven in het Turks) De schrijver zegt: de vertaling klopt niet. {PARENT_IN_DUTCH}" \
        in dutch


def test_the_print_shows_words_nobody_translated_as_written_marked_with_their_language(app):
    teacher, parent, tolk, f_url = written(app)
    page = teacher.get(f_url + "lijst/tweetalig?taal=tr").get_data(as_text=True)
    dutch = visible(between(page, '<div class="column" lang="nl"'))
    assert f"{PARENT_WORDS} (geschreven in het Turks) (Ouder of verzorger)" in dutch and BY_TOLK not in dutch


def test_export_json_carries_every_original_its_language_and_its_translations(app):
    teacher, parent, tolk, f_url = written_and_translated(app)
    dispute(app, parent, PARENT_WORDS, "nl")
    data = teacher.get(f_url + "export.json").get_json()
    assert list(SCHEMA.iter_errors(data)) == []
    strengths = {item["text"]: item for item in data["themes"][0]["strengths"]}
    assert strengths[PARENT_WORDS] == {
        "role": "parent", "nickname": "Ayse", "text": PARENT_WORDS, "language": "tr", "language_known": True,
        "sentences": [],
        "translations": [{"language": "nl", "text": PARENT_IN_DUTCH, "role": "interpreter", "disputed": True}]}
    assert strengths[TEACHER_WORDS]["language"] == "nl"
    assert strengths[TEACHER_WORDS]["translations"] == [
        {"language": "tr", "text": TEACHER_IN_TURKISH, "role": "interpreter", "disputed": False}]
    assert {"role": "interpreter", "nickname": "Emre", "language": "nl", "facilitator": False} in data["participants"]
