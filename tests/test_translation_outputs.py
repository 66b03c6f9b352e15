"""A person translates (issue 12, part 3), what comes out of it, on both databases: the tolk does not vote and is
not counted; the afsprakenlijst (page, plain text, print in two languages, export.json) carries the original,
its language and the translations; the facilitator sees which free texts nobody has translated yet.
"""

from __future__ import annotations

import sqlalchemy as sa
from conftest import Phone, all_rows, answer_theme, between, join, proposal_cards, set_agenda, start, visible, vote

from praatplaat.db import db
from praatplaat.models import Answer, Participant, Translation
from praatplaat.operations import touch, utcnow

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
    teacher, parent, tolk, _f_url = table_with_tolk(app)
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


# --- writing and translating (through the models until the translate screen exists) ------------------------

def answer_of(app, text: str) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(Answer.id).where(Answer.text == text))


def translate(app, original: str, language: str, text: str, translator: str = "Emre", disputed: bool = False):
    """Someone at the table (the tolk Emre unless told) translates the answer with these words."""
    with app.app_context():
        answer = db.session.scalar(sa.select(Answer).where(Answer.text == original))
        who = db.session.scalar(sa.select(Participant).where(Participant.nickname == translator))
        db.session.add(Translation(answer_id=answer.id, language=language, text=text, participant_id=who.id,
                                   role=who.role, disputed=disputed, created_at=utcnow()))
        touch(who.conversation_id)
        db.session.commit()


PARENT_WORDS = "Okumayı çok seviyor"
PARENT_IN_DUTCH = "Hij leest heel graag"
TEACHER_WORDS = "Hij helpt andere kinderen in de klas"
TEACHER_IN_TURKISH = "Sınıfta diğer çocuklara yardım ediyor"


def written_and_translated(app):
    """The parent writes in Turkish, the teacher in Dutch; the tolk translates the parent's words into Dutch."""
    teacher, parent, tolk, f_url = table_with_tolk(app)
    answer_theme(parent, "resultaat", strengths=PARENT_WORDS, choice="doel", who="together", when="week")
    answer_theme(teacher, "resultaat", strengths=TEACHER_WORDS, choice="doel", who="together", when="week")
    return teacher, parent, tolk, f_url


def untranslated_section(phone: Phone, f_url: str) -> str:
    page = phone.get(f_url).get_data(as_text=True)
    return visible(between(page, 'id="untranslated-h"', "</section>"))


def test_the_facilitator_sees_what_still_needs_a_translation_and_the_count_goes_down(app):
    teacher, parent, tolk, f_url = written_and_translated(app)
    section = untranslated_section(teacher, f_url)
    assert "Naar het Nederlands: nog 1 tekst" in section and "Naar het Turks: nog 1 tekst" in section
    assert PARENT_WORDS in section and TEACHER_WORDS in section
    assert "Nog vertalen naar het Nederlands" in section and "Nog vertalen naar het Turks" in section
    translate(app, PARENT_WORDS, "nl", PARENT_IN_DUTCH)
    section = untranslated_section(teacher, f_url)
    assert "Naar het Nederlands" not in section and "Naar het Turks: nog 1 tekst" in section
    assert PARENT_WORDS not in section and TEACHER_WORDS in section
    translate(app, TEACHER_WORDS, "tr", TEACHER_IN_TURKISH)
    assert "Alles is vertaald voor iedereen aan tafel." in untranslated_section(teacher, f_url)


def test_a_disputed_translation_still_needs_one_and_one_language_needs_none(app):
    teacher, parent, tolk, f_url = written_and_translated(app)
    translate(app, PARENT_WORDS, "nl", PARENT_IN_DUTCH, disputed=True)
    assert "Naar het Nederlands: nog 1 tekst" in untranslated_section(teacher, f_url)
    lone = Phone(app, "lone")
    _code, lone_url = start(lone, nickname="Juf Els", take_part="yes")
    assert 'id="untranslated-h"' not in lone.get(lone_url).get_data(as_text=True)  # one language: nothing to do
