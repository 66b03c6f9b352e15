"""Dates as people enter them (issue 13, points 3 and 7): quick choices and day / month / year lists in the reader's
language and order, never the browser's "mm/dd/yyyy" box; checked by the server, with what was chosen shown again.
The look-back date on every list (phones, print, text, JSON), the calendar file for everyone, and a new round that
asks for the next date and keeps the old one in the history. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from conftest import (
    LOOKBACK_DAY,
    PLANNED_DAY,
    Phone,
    answer_theme,
    dutch_date,
    join,
    proposal_cards,
    set_agenda,
    start,
    visible,
    vote,
)

from praatplaat.days import add_months, today
from praatplaat.db import db
from praatplaat.models import Answer, Conversation, Decision

NEXT_YEAR = today().year + 1


def lists(name: str, day, month, year, quick: str = "date") -> dict:
    """The day / month / year lists (and the quick choice) as a page sends them."""
    return {f"{name}-day": str(day), f"{name}-month": str(month), f"{name}-year": str(year), f"{name}-quick": quick}


def selected(page: str, select_id: str) -> str | None:
    """The value chosen in a <select> of the page (None: nothing chosen)."""
    found = re.search(rf'<select id="{re.escape(select_id)}"[^>]*>(.*?)</select>', page, re.S)
    assert found, select_id
    chosen = re.search(r'<option value="([^"]*)" selected>', found.group(1))
    return chosen.group(1) if chosen else None


def stored(app, column):
    with app.app_context():
        return db.session.scalar(sa.select(column))


@pytest.fixture
def table(app):
    teacher, parent, guest = Phone(app, "teacher"), Phone(app, "parent"), Phone(app, "guest")
    code, f_url = start(teacher)
    join(parent, code, role="parent", nickname="Ayse")
    join(guest, code, role="network", language="en")
    set_agenda(teacher, f_url, "resultaat")
    return SimpleNamespace(app=app, teacher=teacher, parent=parent, guest=guest, code=code, f_url=f_url)


# --- entering a date ---------------------------------------------------------------------------------------------

def test_no_browser_date_box_anywhere(table):
    t = table
    for phone, url in ((t.teacher, t.f_url), (t.parent, "/p/t/resultaat/5"), (t.teacher, t.f_url + "terugkijken")):
        page = phone.get(url).get_data(as_text=True)
        assert 'type="date"' not in page and "mm/dd" not in page.lower()
        assert 'class="day-picker"' in page


def test_look_back_date_from_the_lists(table):
    t = table
    day = PLANNED_DAY
    response = t.teacher.post(t.f_url + "terugblik", lists("day", day.day, day.month, day.year))
    assert response.status_code == 303
    assert stored(t.app, Conversation.lookback_on) == day
    page = t.teacher.get(t.f_url).get_data(as_text=True)  # shown again, chosen in the lists
    assert (selected(page, "day-day"), selected(page, "day-month"), selected(page, "day-year")) == (
        str(day.day), str(day.month), str(day.year))
    assert 'value="date" checked' in page


@pytest.mark.parametrize(("quick", "later"), [("6w", lambda d: d + timedelta(weeks=6)),
                                              ("3m", lambda d: add_months(d, 3)),
                                              ("6m", lambda d: add_months(d, 6))])
def test_look_back_date_from_a_quick_choice(table, quick, later):
    t = table
    # A quick choice wins over whatever the lists still show.
    response = t.teacher.post(t.f_url + "terugblik", lists("day", 1, 1, NEXT_YEAR, quick=quick))
    assert response.status_code == 303
    assert stored(t.app, Conversation.lookback_on) == later(today())
    page = t.teacher.get(t.f_url).get_data(as_text=True)
    assert dutch_date(later(today())) in page  # every quick choice says its date


def test_an_impossible_date_is_said_and_kept(table):
    t = table
    response = t.teacher.post(t.f_url + "terugblik", lists("day", 31, 2, NEXT_YEAR))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f"Die dag bestaat niet in februari {NEXT_YEAR}. Kies een andere dag." in visible(page)
    assert (selected(page, "day-day"), selected(page, "day-month"), selected(page, "day-year")) == (
        "31", "2", str(NEXT_YEAR))
    assert 'aria-invalid="true"' in page
    assert stored(t.app, Conversation.lookback_on) is None


@pytest.mark.parametrize(("parts", "message"), [
    ((1, 1, today().year + 3), "Deze datum kan niet. Kies een datum tussen"),
    ((1, 1, today().year - 2), "Deze datum kan niet. Kies een datum tussen"),
    (("٣", 1, NEXT_YEAR), "Kies een datum."),
    (("３", 1, NEXT_YEAR), "Kies een datum."),
    ((3, "", ""), "Kies een dag, een maand en een jaar."),
])
def test_dates_outside_the_window_or_not_digits(table, parts, message):
    t = table
    response = t.teacher.post(t.f_url + "terugblik", lists("day", *parts))
    assert response.status_code == 400
    assert message in visible(response.get_data(as_text=True))
    assert stored(t.app, Conversation.lookback_on) is None


def proposal(phone: Phone, **fields):
    return phone.post("/p/t/resultaat/5", {"choice": "doel", "who": "me", **fields})


def test_proposal_date_from_the_lists(table):
    t = table
    day = PLANNED_DAY
    assert proposal(t.parent, when="date", **lists("when_date", day.day, day.month, day.year)).status_code == 303
    assert stored(t.app, Answer.when_date) == day
    page = t.parent.get("/p/t/resultaat/5").get_data(as_text=True)
    assert selected(page, "when_date-month") == str(day.month)
    assert 'id="when-date" name="when" value="date" checked' in page


def test_proposal_lists_count_only_with_op_een_datum(table):
    t = table
    # Half-filled lists under "Deze week": the week counts, the lists are left alone.
    assert proposal(t.parent, when="week", **lists("when_date", 31, 2, "")).status_code == 303
    assert stored(t.app, Answer.when) == "week" and stored(t.app, Answer.when_date) is None


def test_proposal_impossible_date_in_english_keeps_everything(table):
    t = table
    no_leap = NEXT_YEAR if NEXT_YEAR % 4 else NEXT_YEAR + 1
    response = proposal(t.guest, when="date", **lists("when_date", 29, 2, no_leap))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "That day does not exist in February" in visible(page)
    assert selected(page, "when_date-day") == "29" and 'value="date" checked' in page
    # Our English is British ("3 February 2027"): the lists follow en_GB's order, day first.
    order = re.findall(r'<select id="when_date-(day|month|year)"', page)
    assert order == ["day", "month", "year"]
    assert ">February<" in page
    with t.app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Answer).where(
            Answer.question == "proposal")) == 0


def test_lists_in_arabic_order_and_month_names(app):
    teacher, reader = Phone(app), Phone(app, "ar")
    code, f_url = start(teacher)
    join(reader, code, language="ar")
    set_agenda(teacher, f_url, "resultaat")
    page = reader.get("/p/t/resultaat/5").get_data(as_text=True)
    assert re.findall(r'<select id="when_date-(day|month|year)"', page) == ["day", "month", "year"]
    assert ">فبراير<" in page and 'dir="rtl"' in page


def test_decision_with_an_impossible_date_keeps_the_form_open(table):
    t = table
    for phone in (t.teacher, t.parent):
        answer_theme(phone, "resultaat", choice="doel")
    (key,) = proposal_cards(t.parent.get("/p/t/resultaat/samen").get_data(as_text=True))
    response = t.teacher.post(t.f_url + "t/resultaat", {"proposal": key, "who": "together", "when": "date",
                                                        **lists("when_date", 31, 4, NEXT_YEAR)})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f"Die dag bestaat niet in april {NEXT_YEAR}." in visible(page)
    assert selected(page, f"p{key}-when_date-day") == "31" and "<details open>" in page
    day = PLANNED_DAY
    response = t.teacher.post(t.f_url + "t/resultaat", {"proposal": key, "who": "together", "when": "date",
                                                        **lists("when_date", day.day, day.month, day.year)})
    assert response.status_code == 303
    assert stored(t.app, Decision.when_date) == day
    assert f"Wanneer {dutch_date(day)}" in visible(t.parent.get("/p/t/resultaat/samen").get_data(as_text=True))


# --- the look-back date on every list ------------------------------------------------------------------------

@pytest.fixture
def planned(table):
    t = table
    for phone in (t.teacher, t.parent, t.guest):
        answer_theme(phone, "resultaat", choice="doel")
    (t.key,) = proposal_cards(t.parent.get("/p/t/resultaat/samen").get_data(as_text=True))
    for phone in (t.teacher, t.parent, t.guest):
        vote(phone, "resultaat", t.key)
    assert t.teacher.post(t.f_url + "terugblik", {"day": LOOKBACK_DAY.isoformat()}).status_code == 303
    return t


def test_look_back_date_on_every_list_with_the_calendar_for_everyone(planned):
    t = planned
    words = dutch_date(LOOKBACK_DAY)
    phone_list = t.parent.get("/p/lijst").get_data(as_text=True)
    head = visible(phone_list.split('class="list-head"', 1)[1].split("</header>", 1)[0])
    assert f"Samen terugkijken: {words}" in head  # at the top, not only at the end
    assert 'href="/p/terugblik.ics"' in phone_list and "In mijn agenda zetten" in phone_list
    english = t.guest.get("/p/lijst").get_data(as_text=True)
    assert LOOKBACK_DAY.strftime("%B") in visible(english) and 'href="/p/terugblik.ics"' in english
    calendar = t.guest.get("/p/terugblik.ics")
    assert calendar.status_code == 200 and calendar.mimetype == "text/calendar"
    assert f"DTSTART;VALUE=DATE:{LOOKBACK_DAY:%Y%m%d}" in calendar.get_data(as_text=True)
    assert "Look back together" in calendar.get_data(as_text=True)  # in the reader's language
    facilitator_list = t.teacher.get(t.f_url + "lijst").get_data(as_text=True)
    assert "terugblik.ics" in facilitator_list and words in facilitator_list
    printed = t.guest.get("/p/lijst/tweetalig").get_data(as_text=True)
    assert words in visible(printed) and LOOKBACK_DAY.strftime("%B") in visible(printed)
    assert "terugblik.ics" not in printed  # nothing to tap on paper
    text = t.parent.get("/p/lijst.txt").get_data(as_text=True)
    assert text.splitlines()[3] == f"Samen terugkijken: {words}"
    assert t.teacher.get(t.f_url + "export.json").get_json()["lookback_on"] == LOOKBACK_DAY.isoformat()


def test_no_calendar_without_a_date(table):
    t = table
    assert t.parent.get("/p/terugblik.ics").status_code == 404
    assert "terugblik.ics" not in t.parent.get("/p/lijst").get_data(as_text=True)
    assert "We spreken nog een datum af om samen terug te kijken." in t.parent.get("/p/lijst.txt").get_data(
        as_text=True)
    assert Phone(t.app, "stranger").get("/p/terugblik.ics").status_code == 403


def test_new_round_asks_the_next_date_and_keeps_the_old_one(planned):
    t = planned
    page = t.teacher.get(t.f_url + "terugkijken").get_data(as_text=True)
    assert "Wanneer kijken jullie weer samen terug?" in page and dutch_date(LOOKBACK_DAY) in page
    # An impossible date: nothing happens, the choice is shown again.
    response = t.teacher.post(t.f_url + "nieuwe-ronde", lists("day", 30, 2, NEXT_YEAR))
    assert response.status_code == 400
    assert "Die dag bestaat niet in februari" in visible(response.get_data(as_text=True))
    assert selected(response.get_data(as_text=True), "day-day") == "30"
    assert stored(t.app, Conversation.round) == 1
    # A quick choice: the new round has its date, the old one stays in the history.
    assert t.teacher.post(t.f_url + "nieuwe-ronde", {"day-quick": "3m"}).status_code == 303
    new_day = add_months(today(), 3)
    assert (stored(t.app, Conversation.round), stored(t.app, Conversation.lookback_on)) == (2, new_day)
    listing = visible(t.parent.get("/p/lijst").get_data(as_text=True))
    assert f"Samen terugkijken: {dutch_date(new_day)}" in listing
    assert f"Vorige terugblik: {dutch_date(LOOKBACK_DAY)}" in listing
    history = listing.split("Eerdere rondes", 1)[1]
    assert "Ronde 1" in history and f"Samen terugkijken: {dutch_date(LOOKBACK_DAY)}" in history
    text = t.parent.get("/p/lijst.txt").get_data(as_text=True)
    assert f"Vorige terugblik: {dutch_date(LOOKBACK_DAY)}" in text
    data = t.teacher.get(t.f_url + "export.json").get_json()
    assert data["lookback_on"] == new_day.isoformat()
    assert data["history"][0]["list"]["lookback_on"] == LOOKBACK_DAY.isoformat()
    assert json.loads(json.dumps(data)) == data


def test_new_round_without_a_date_says_one_will_follow(planned):
    t = planned
    assert t.teacher.post(t.f_url + "nieuwe-ronde", {}).status_code == 303
    assert stored(t.app, Conversation.lookback_on) is None
    listing = visible(t.parent.get("/p/lijst").get_data(as_text=True))
    assert "We spreken nog een datum af om samen terug te kijken." in listing
    assert f"Vorige terugblik: {dutch_date(LOOKBACK_DAY)}" in listing
