"""A vote sent by app.js (issue 11): only that proposal comes back, with the buttons and counts as they are now, so
the page keeps its place and a phone does not load the whole merged view again. Without the header (no
JavaScript) a vote is a 303 to the page, as before. Both store the same vote."""

from __future__ import annotations

import re

import pytest
from conftest import COUNTS, visible

from praatplaat.db import db
from praatplaat.models import Vote

PART = {"X-Praatplaat-Part": "proposal"}


@pytest.fixture
def room(rooms):
    return lambda mode, **config: rooms(2, mode, **config)


def stored(app) -> list[bool]:
    with app.app_context():
        return [v.agree for v in db.session.query(Vote).order_by(Vote.id)]


def etag_of(phone) -> int:
    page = phone.get("/p/t/resultaat/samen").get_data(as_text=True)
    return int(re.search(r'data-live-etag="&quot;v(\d+)&quot;"', page)[1])


@pytest.mark.parametrize("mode", ["table", "evening"])
def test_a_vote_from_the_script_answers_with_only_that_proposal(room, mode):
    app, (first, second), key = room(mode, EVENING_LAG_SECONDS=60)
    before = etag_of(first)
    response = first.post("/p/t/resultaat/samen", {"proposal": key, "agree": "yes"}, headers=PART)
    assert response.status_code == 200 and response.headers["X-Praatplaat-Part"] == "proposal"
    part = response.get_data(as_text=True)
    assert "{#" not in part and part.count("<article") == 1 and f'id="p-{key}"' in part
    assert "<html" not in part and "<main" not in part  # no page around it
    assert re.search(r'value="yes" class="primary" aria-pressed="true"', part)
    assert 'value="no" aria-pressed="false"' in part
    assert stored(app) == [True]
    # the version after the vote, and that this vote raised it (app.js then takes it as the page's own)
    assert response.headers["X-Praatplaat-Version"] == f'"v{before + 1}"'
    assert response.headers["X-Praatplaat-Own"] == "1"
    if mode == "evening":
        assert COUNTS.search(part).groups() == ("1", "0")  # one's own vote counts at once, also in the lag
    else:
        assert "Eens: Ouder of verzorger (Naam0)." in visible(part)
    again = first.post("/p/t/resultaat/samen", {"proposal": key, "agree": "yes"}, headers=PART)
    assert again.headers["X-Praatplaat-Own"] == "0"  # the same vote twice changes nothing
    assert again.headers["X-Praatplaat-Version"] == f'"v{before + 1}"' and stored(app) == [True]
    changed = second.post("/p/t/resultaat/samen", {"proposal": key, "agree": "no"}, headers=PART)
    assert changed.status_code == 200 and stored(app) == [True, False]
    assert re.search(r'value="no" aria-pressed="true"', changed.get_data(as_text=True))


def test_without_the_header_a_vote_is_a_redirect_to_the_page(room):
    app, (first, _second), key = room("table")
    response = first.post("/p/t/resultaat/samen", {"proposal": key, "agree": "no"})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/p/t/resultaat/samen#p-{key}")
    assert stored(app) == [False]


@pytest.mark.parametrize("form", [
    {"proposal": "0" * 32, "agree": "yes"},   # no such proposal
    {"proposal": "x" * 5000, "agree": "yes"},  # too long
    {"agree": "yes"},                          # no proposal
])
def test_a_wrong_vote_from_the_script_gets_the_same_refusal_as_the_form(room, form):
    app, (first, _second), _key = room("table")
    plain = first.post("/p/t/resultaat/samen", form)
    scripted = first.post("/p/t/resultaat/samen", form, headers=PART)
    assert scripted.status_code == plain.status_code and 400 <= plain.status_code < 500
    assert "X-Praatplaat-Part" not in scripted.headers and stored(app) == []


def test_a_closed_theme_refuses_the_script_too(room):
    app, (first, _second), key = room("table")
    with app.app_context():
        from praatplaat.models import AgendaItem

        db.session.query(AgendaItem).update({"closed": True})
        db.session.commit()
    response = first.post("/p/t/resultaat/samen", {"proposal": key, "agree": "yes"}, headers=PART)
    assert response.status_code == 409 and stored(app) == []
