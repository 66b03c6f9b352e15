"""Who takes part is explicit (issue 13, points 1 and 2), on both databases.

The person starting takes part on this device (with a role and a name) or only leads; "everyone present" for
an agreement means the people taking part in the theme; the facilitator can mark someone as not taking part in
a theme; nobody appears twice in a list of people; *Wie doet het?* offers the people at the table.
"""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from conftest import Phone, all_rows, answer_theme, between, join, proposal_cards, set_agenda, start, visible, vote

from praatplaat.cookies import PARTICIPANT_COOKIE
from praatplaat.db import db
from praatplaat.models import Absence, Answer, Participant

WAITING = "Nog niet gekozen: Professional (Juf Anna)"


def people(app) -> list[tuple[str, str, bool]]:
    with app.app_context():
        return [(p.role, p.nickname, p.is_facilitator)
                for p in db.session.scalars(sa.select(Participant).order_by(Participant.id))]


def participant_id(app, nickname: str) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(Participant.id).where(Participant.nickname == nickname))


def table(app, take_part: str):
    """A laptop that takes part as Juf Anna (or only leads), a parent phone and a teacher phone; on the agenda."""
    laptop, parent, teacher = Phone(app, "laptop"), Phone(app, "parent"), Phone(app, "teacher")
    code, f_url = start(laptop, take_part=take_part, nickname="Juf Anna" if take_part == "yes" else "")
    join(parent, code, role="parent", nickname="Ayse")
    join(teacher, code, role="professional", nickname="Meester Bas")
    set_agenda(laptop, f_url, "resultaat")
    for phone in (parent, teacher):
        answer_theme(phone, "resultaat", choice="doel", who="together", when="week")
    (key,) = proposal_cards(parent.get("/p/t/resultaat/samen").get_data(as_text=True))
    for phone in (parent, teacher):
        vote(phone, "resultaat", key)
    return laptop, parent, teacher, f_url, key


def agreements(phone: Phone) -> str:
    page = visible(phone.get("/p/lijst").get_data(as_text=True))
    return between(page, "Dit gaan we doen", "Hier praten we nog over")


def card(phone: Phone, key: str, url: str = "/p/t/resultaat/samen") -> str:
    return proposal_cards(phone.get(url).get_data(as_text=True))[key]


# --- starting: take part, or only lead -------------------------------------------------------------

def test_leading_only_makes_no_participant_and_no_participant_cookie(app):
    laptop = Phone(app, "laptop")
    _code, f_url = start(laptop, take_part="no")
    assert people(app) == []
    assert laptop.client.get_cookie(PARTICIPANT_COOKIE) is None
    dashboard = visible(laptop.get(f_url).get_data(as_text=True))
    assert "Je doet zelf niet mee op dit apparaat." in dashboard
    assert "Mijn antwoorden" not in dashboard
    assert laptop.get("/p").status_code == 403  # not a participant


def test_taking_part_asks_role_and_name_once(app):
    laptop = Phone(app, "laptop")
    form = visible(laptop.get("/").get_data(as_text=True))
    assert "Doe jij zelf mee?" in form and "Jouw naam voor de anderen" in form
    _code, f_url = start(laptop, take_part="yes", nickname="Juf Anna")
    assert people(app) == [("professional", "Juf Anna", True)]
    assert laptop.get("/p").status_code == 303  # this browser is the participant
    dashboard = visible(laptop.get(f_url).get_data(as_text=True))
    assert "Professional (Juf Anna) · gespreksleider" in dashboard and "Mijn antwoorden" in dashboard


@pytest.mark.parametrize(("mode", "expected"), [("table", [("professional", "", True)]), ("evening", [])])
def test_left_empty_the_table_takes_part_and_an_evening_only_leads(app, mode, expected):
    start(Phone(app), mode=mode)
    assert people(app) == expected


def test_an_unknown_take_part_choice_is_refused_and_nothing_is_stored(app):
    laptop = Phone(app)
    laptop.get("/")
    before = all_rows(app)
    response = laptop.post("/start", {"start-deck": "praatplaat", "start-mode": "table", "start-role": "professional",
                                      "start-take_part": "maybe"})
    assert response.status_code == 400 and "Kies een van de mogelijkheden." in response.get_data(as_text=True)
    assert all_rows(app) == before


# --- everyone present: the people taking part --------------------------------------------------------

def test_leading_only_two_phones_saying_eens_make_an_agreement(app):
    _laptop, parent, teacher, _f_url, key = table(app, "no")
    assert "Iedereen is het eens" in card(parent, key) and "Nog niet gekozen" not in card(parent, key)
    assert "Een doel voor het kind kiezen en opschrijven." in agreements(parent)
    assert "Een doel voor het kind kiezen en opschrijven." in agreements(teacher)


def test_a_laptop_taking_part_is_named_as_not_chosen_until_it_votes(app):
    laptop, parent, teacher, f_url, key = table(app, "yes")
    for phone in (parent, teacher):
        assert WAITING in card(phone, key)
        assert "Nog geen afspraken." in agreements(phone)
    merged = visible(laptop.get(f_url + "t/resultaat").get_data(as_text=True))
    assert WAITING in merged and "Zelf antwoorden en kiezen" in merged
    vote(laptop, "resultaat", key)  # from the facilitator's own participant pages
    assert "Nog niet gekozen" not in card(parent, key)
    assert "Een doel voor het kind kiezen en opschrijven." in agreements(parent)


def test_marking_someone_as_not_taking_part_in_a_theme_and_undoing_it(app):
    laptop, parent, _teacher, f_url, key = table(app, "yes")
    anna = participant_id(app, "Juf Anna")
    response = laptop.post(f_url + f"t/resultaat/deelnemer/{anna}", {"absent": "1"})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.scalars(sa.select(Absence.theme_key)).all() == ["resultaat"]
    assert "Iedereen is het eens" in card(parent, key) and "Nog niet gekozen" not in card(parent, key)
    assert "Een doel voor het kind kiezen en opschrijven." in agreements(parent)
    merged = visible(laptop.get(f_url + "t/resultaat").get_data(as_text=True))
    assert "Doet niet mee aan dit thema: Professional (Juf Anna)" in merged
    assert "Professional (Juf Anna) · doet niet mee" in merged
    # the person marked sees it on their own merged view, without vote buttons
    own = laptop.get("/p/t/resultaat/samen").get_data(as_text=True)
    assert "jij doet niet mee aan dit thema" in visible(own) and 'name="agree"' not in own
    # marked twice changes nothing; undone, they count again
    assert laptop.post(f_url + f"t/resultaat/deelnemer/{anna}", {"absent": "1"}).status_code == 303
    assert laptop.post(f_url + f"t/resultaat/deelnemer/{anna}", {"absent": "0"}).status_code == 303
    with app.app_context():
        assert db.session.scalars(sa.select(Absence)).all() == []
    assert WAITING in card(parent, key)
    assert "Nog geen afspraken." in agreements(parent)


@pytest.mark.parametrize(("url", "status"), [
    ("t/resultaat/deelnemer/999999", 404),  # nobody of this conversation
    ("t/kind/deelnemer/{anna}", 404),  # a theme not on the agenda
])
def test_marking_absent_refuses_what_is_not_there(app, url, status):
    laptop, _parent, _teacher, f_url, _key = table(app, "yes")
    before = all_rows(app)
    response = laptop.post(f_url + url.format(anna=participant_id(app, "Juf Anna")), {"absent": "1"})
    assert response.status_code == status
    assert all_rows(app) == before


def test_marking_absent_needs_the_facilitator_link(app):
    _laptop, parent, _teacher, _f_url, _key = table(app, "yes")
    before = all_rows(app)
    response = parent.post(f"/f/not-the-secret/t/resultaat/deelnemer/{participant_id(app, 'Ayse')}", {"absent": "1"})
    assert response.status_code == 404 and all_rows(app) == before


def test_a_new_round_forgets_who_sat_a_theme_out(app):
    laptop, _parent, _teacher, f_url, _key = table(app, "yes")
    laptop.post(f_url + f"t/resultaat/deelnemer/{participant_id(app, 'Ayse')}", {"absent": "1"})
    assert laptop.post(f_url + "nieuwe-ronde", {}).status_code == 303
    with app.app_context():
        assert db.session.scalars(sa.select(Absence)).all() == []


# --- nobody twice in a list of people ----------------------------------------------------------------

def test_nobody_appears_twice_in_a_list_of_people(app):
    laptop, parent, teacher, f_url, key = table(app, "no")
    code = re.search(r'class="code" dir="ltr">(\w{6})<', laptop.get(f_url).get_data(as_text=True))[1]
    for n in range(2):  # two parents without a name: one entry, with how many
        join(Phone(app, f"p{n}"), code)
    line = visible(parent.get("/p/lijst").get_data(as_text=True))
    assert ("Meegedaan: Ouder of verzorger (Ayse), Professional (Meester Bas) en Ouder of verzorger (2 personen)"
            in line)
    text = parent.get("/p/lijst.txt").get_data(as_text=True)
    assert "Meegedaan: Ouder of verzorger (Ayse), Professional (Meester Bas) en Ouder of verzorger (2 personen)" in text
    waiting = card(teacher, key)
    assert "Nog niet gekozen: Ouder of verzorger (2 personen)" in waiting
    assert waiting.count("Meester Bas") == 2  # proposed it, agrees: once in each list


# --- Wie doet het?: the people at the table ---------------------------------------------------------

def test_who_offers_the_roles_at_the_table_by_name(app):
    laptop, parent, _teacher, f_url, _key = table(app, "yes")
    page = parent.get("/p/t/resultaat/5").get_data(as_text=True)
    assert '<option value="role:professional">Professional (Juf Anna en Meester Bas)</option>' in page
    assert 'value="role:youth"' not in page and 'value="other"' not in page
    # the facilitator's change of a proposal: no "ik" (it would read as "ik" to everyone)
    decide = laptop.get(f_url + "t/resultaat").get_data(as_text=True)
    assert 'value="role:parent"' in decide and 'name="who" value="me"' not in decide


@pytest.mark.parametrize(("who", "stored"), [("someone", "someone"), ("role:professional", "role:professional"),
                                             ("me", "me"), ("together", "together")])
def test_a_choice_that_is_offered_is_stored(app, who, stored):
    _laptop, parent, _teacher, _f_url, _key = table(app, "no")
    response = parent.post("/p/t/resultaat/5", {"choice": "doel", "who": who, "when": "week"})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.scalar(sa.select(Answer.who).where(
            Answer.participant_id == participant_id(app, "Ayse"), Answer.question == "proposal")) == stored


@pytest.mark.parametrize("who", ["role:youth", "role:parent", "other", "role:king"])
def test_a_role_not_at_the_table_is_refused_with_a_clear_message(app, who):
    # role:parent: the parent is the only parent, so that is "ik"
    _laptop, parent, _teacher, _f_url, _key = table(app, "no")
    before = all_rows(app)
    response = parent.post("/p/t/resultaat/5", {"choice": "doel", "who": who, "when": "week"})
    assert response.status_code == 400
    assert "Die persoon doet niet mee aan dit gesprek. Kies wie het doet." in response.get_data(as_text=True)
    assert all_rows(app) == before


def test_own_words_typed_are_the_proposal(app):
    _laptop, parent, _teacher, _f_url, _key = table(app, "no")
    assert parent.post("/p/t/resultaat/5", {"choice": "doel", "text": "Elke week bellen", "who": "together",
                                            "when": "week"}).status_code == 303
    with app.app_context():
        row = db.session.scalar(sa.select(Answer).where(
            Answer.participant_id == participant_id(app, "Ayse"), Answer.question == "proposal"))
        assert (row.template, row.text) == (None, "Elke week bellen")
