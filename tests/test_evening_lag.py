"""At a parent evening the phones' merged view may be a moment old (EVENING_LAG_SECONDS, issue 11), never more,
never about one's own votes, and the phone's poll still hears of what it has not seen. A table is always current."""

from __future__ import annotations

import re
import time

import pytest
from conftest import COUNTS


@pytest.fixture
def lagging(rooms):
    return lambda seconds, mode="evening": rooms(3, mode, EVENING_LAG_SECONDS=seconds)


def vote(phone, key, agree: bool) -> None:
    assert phone.post("/p/t/resultaat/samen", {"proposal": key, "agree": "yes" if agree else "no"}).status_code == 303


def view(phone) -> tuple[tuple[int, int], str]:
    """The counts the phone sees and the ETag its page polls with."""
    page = phone.get("/p/t/resultaat/samen").get_data(as_text=True)
    counts = COUNTS.search(page)
    return (int(counts[1]), int(counts[2])), re.search(r'data-live-etag="&quot;(v\d+)&quot;"', page)[1]


def test_the_room_is_a_moment_late_but_own_votes_never_are(lagging):
    _app, (first, second, third), key = lagging(60)
    assert view(first)[0] == (0, 0)  # computed now, kept for the room
    vote(second, key, True)
    vote(third, key, False)
    counts, etag = view(first)
    assert counts == (0, 0)  # the others' votes: not yet (the result read a moment ago)
    # ... but the phone's poll hears that there is something newer than what the page shows
    assert first.get("/p/stand", headers={"If-None-Match": f'"{etag}"'}).status_code == 200
    vote(first, key, True)
    assert view(first)[0] == (1, 0)  # its own vote counts at once
    vote(first, key, False)
    assert view(first)[0] == (0, 1)  # and a changed one too
    assert 'aria-pressed="true">Nog niet' in first.get("/p/t/resultaat/samen").get_data(as_text=True)


def test_after_the_moment_everyone_sees_every_vote(lagging):
    _app, (first, second, third), key = lagging(0.3)
    assert view(first)[0] == (0, 0)
    vote(second, key, True)
    vote(third, key, False)
    time.sleep(0.4)
    counts, etag = view(first)
    assert counts == (1, 1)
    assert first.get("/p/stand", headers={"If-None-Match": f'"{etag}"'}).status_code == 304


def test_a_table_is_always_current(lagging):
    _app, (first, second, third), key = lagging(60, mode="table")
    first.get("/p/t/resultaat/samen")
    vote(second, key, True)
    page = first.get("/p/t/resultaat/samen").get_data(as_text=True)
    assert re.search(r"Eens:[^.]*Naam1", page)  # the vote of a moment ago is there
    etag = re.search(r'data-live-etag="&quot;(v\d+)&quot;"', page)[1]
    assert first.get("/p/stand", headers={"If-None-Match": f'"{etag}"'}).status_code == 304
