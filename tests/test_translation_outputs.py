"""A person translates (issue 12, part 3), what comes out of it, on both databases: the tolk does not vote and is
not counted; the afsprakenlijst (page, plain text, print in two languages, export.json) carries the original,
its language and the translations; the facilitator sees which free texts nobody has translated yet.
"""

from __future__ import annotations

import sqlalchemy as sa
from conftest import Phone, all_rows, answer_theme, between, join, proposal_cards, set_agenda, start, visible, vote

from praatplaat.db import db
from praatplaat.models import Participant

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
