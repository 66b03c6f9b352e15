"""The limit on guessing join codes: a school hall behind one Wi-Fi address joins, a guesser is stopped."""

from __future__ import annotations

import os
import random
import types
from datetime import timedelta

import pytest
from conftest import Phone, join, make_app, require, start
from sqlalchemy import func, select

from praatplaat import join_limit, operations
from praatplaat.db import db
from praatplaat.models import Conversation, Participant
from praatplaat.tokens import CODE_ALPHABET

HALL = "10.0.0.1"
ELSEWHERE = "192.0.2.50"


def at(app, address: str, name: str = "phone") -> Phone:
    phone = Phone(app, name)
    phone.client.environ_base["REMOTE_ADDR"] = address
    return phone


def wrong_codes(right: str, count: int, seed: int = 1) -> list[str]:
    """`count` different codes, none of them the right one (nor open by chance: the test database is tiny)."""
    chooser, codes = random.Random(seed), set()
    while len(codes) < count:
        code = "".join(chooser.choice(CODE_ALPHABET) for _ in range(6))
        if code != right:
            codes.add(code)
    return sorted(codes)


def participants(app, code: str) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Participant.id)).join(Conversation)
                                 .where(Conversation.join_code == code, Participant.role != "professional"))


def join_by_typing(phone: Phone, code: str):
    phone.get("/")
    response = phone.post("/code", {"join-code": code})
    assert response.status_code == 303, response.status_code
    return join(phone, code)


def guess(phone: Phone, code: str, by_form: bool) -> int:
    return (phone.post("/code", {"join-code": code}) if by_form else phone.get(f"/j/{code}")).status_code


@pytest.mark.parametrize("teacher_at", [ELSEWHERE, HALL])
def test_a_hall_behind_one_address_all_joins(app, teacher_at):
    """100 phones behind one address; 30 of them mistype twice first; half scan, half type the code on /."""
    code, _ = start(at(app, teacher_at, "teacher"))
    wrong = iter(wrong_codes(code, 60))
    statuses = []
    for n in range(100):
        phone, by_form = at(app, HALL), n % 2 == 0
        if n % 10 < 3:
            phone.get("/")
            statuses += [guess(phone, next(wrong), by_form) for _ in range(2)]
        (join_by_typing if by_form else join)(phone, code)
    assert statuses.count(404) == 60 and 429 not in statuses
    assert participants(app, code) == 100


def test_a_hall_joins_even_when_all_mistakes_come_first(app):
    """The worst order: 60 mistakes from the hall, and more, before anyone typed the right code.
    The teacher started the conversation in the hall, so its code is known there."""
    code, _ = start(at(app, HALL, "teacher"))
    for wrong in wrong_codes(code, 90):
        at(app, HALL).client.get(f"/j/{wrong}")
    for n in range(100):
        phone = at(app, HALL)
        (join_by_typing if n % 2 else join)(phone, code)
    assert participants(app, code) == 100


def test_a_thousand_wrong_codes_get_60_answers(app):
    code, _ = start(at(app, ELSEWHERE, "teacher"))
    guesser = at(app, HALL, "guesser")
    guesser.get("/")
    statuses = []
    for n, wrong in enumerate(wrong_codes(code, 1000)):
        response = guesser.post("/code", {"join-code": wrong}) if n % 2 else guesser.client.get(f"/j/{wrong}")
        statuses.append(response.status_code)
        if response.status_code == 429:
            assert 0 < int(response.headers["Retry-After"]) <= 300
    print(f"1,000 wrong codes from one address: {statuses.count(404)} answered, {statuses.count(429)} refused")
    assert statuses.count(404) == 60 and statuses.count(429) == 940
    assert statuses[:60] == [404] * 60
    # Another address is not touched.
    assert at(app, ELSEWHERE).client.get(f"/j/{code}").status_code == 200


def test_a_moving_window_of_five_minutes(app, monkeypatch):
    """Spread over 20 minutes, 1,000 wrong codes get at most 60 answers in any 5 minutes."""
    clock = types.SimpleNamespace(now=1_000_000.0)
    fake = types.SimpleNamespace(time=lambda: clock.now)
    monkeypatch.setattr("limits.storage.memory.time", fake)
    monkeypatch.setattr(join_limit, "time", fake)
    code, _ = start(at(app, ELSEWHERE, "teacher"))
    guesser = at(app, HALL, "guesser")
    answered = []
    for wrong in wrong_codes(code, 1000):
        status = guesser.client.get(f"/j/{wrong}").status_code
        if status == 404:
            answered.append(clock.now)
        clock.now += 1.2  # 1,000 tries in 20 minutes
    assert all(sum(1 for t in answered if start_at <= t < start_at + 300) <= 60 for start_at in answered)
    print(f"1,000 wrong codes in 20 minutes: {len(answered)} answered")
    assert len(answered) <= 4 * 60


def test_the_wait_is_said_in_minutes(app):
    code, _ = start(at(app, ELSEWHERE, "teacher"))
    guesser = at(app, HALL, "guesser")
    for wrong in wrong_codes(code, 61):
        response = guesser.client.get(f"/j/{wrong}", headers={"Accept-Language": "en"})
    assert response.status_code == 429
    minutes = -(-int(response.headers["Retry-After"]) // 60)
    assert f"Wait {minutes} minute" in response.get_data(as_text=True)


def test_a_right_code_from_an_address_over_its_limit_still_joins(app):
    """A guesser in the hall uses up the address's tries; the hall's phones still join with their code."""
    code, _ = start(at(app, ELSEWHERE, "teacher"))
    join(at(app, HALL, "first parent"), code)  # the hall has seen its code work
    back = at(app, ELSEWHERE, "phone that joined at home")
    join(back, code)
    guesser = at(app, HALL, "guesser")
    assert 429 in [guesser.client.get(f"/j/{wrong}").status_code for wrong in wrong_codes(code, 100)]
    for n in range(20):
        phone = at(app, HALL)
        response = join_by_typing(phone, code) if n % 2 else join(phone, code)
        assert response.status_code == 303
    back.client.environ_base["REMOTE_ADDR"] = HALL  # comes into the hall: its own code still works
    assert back.client.get(f"/j/{code}").status_code == 303
    assert participants(app, code) == 22


def test_over_the_limit_an_unseen_code_is_refused_like_a_wrong_one(app):
    """Otherwise 429 against 200 would tell a guesser over the limit which codes are right, at any speed."""
    code, _ = start(at(app, ELSEWHERE, "teacher"))
    guesser = at(app, HALL, "guesser")
    for wrong in wrong_codes(code, 60):
        assert guesser.client.get(f"/j/{wrong}").status_code == 404
    assert guesser.client.get(f"/j/{code}").status_code == 429
    assert guesser.post("/code", {"join-code": code}).status_code == 429
    assert at(app, "192.0.2.99").client.get(f"/j/{code}").status_code == 200


def test_closed_codes_are_answered_and_not_counted(app):
    """A closed or expired code is a real code, not a guess: latecomers see 'closed' and use up nothing."""
    code, _ = start(at(app, ELSEWHERE, "teacher"))
    with app.app_context():
        conversation = db.session.scalar(select(Conversation).where(Conversation.join_code == code))
        conversation.join_expires_at = operations.utcnow() - timedelta(minutes=1)
        db.session.commit()
    latecomers = [at(app, HALL).client.get(f"/j/{code}").status_code for _ in range(100)]
    assert latecomers == [410] * 100
    guesser = at(app, HALL, "guesser")
    statuses = [guesser.client.get(f"/j/{wrong}").status_code for wrong in wrong_codes(code, 61)]
    assert statuses == [404] * 60 + [429]
    assert at(app, HALL).client.get(f"/j/{code}").status_code == 410  # seen here: still told it is closed


REDIS_URL = os.environ.get("PRAATPLAAT_TEST_REDIS_URL", "")


def test_the_limit_is_shared_through_redis(tmp_path):
    """Two processes behind a proxy share the counts; the storage setting is used as it is."""
    require(bool(REDIS_URL), "Redis (PRAATPLAAT_TEST_REDIS_URL)")
    import redis
    redis.Redis.from_url(REDIS_URL).flushdb()
    apps = [make_app(f"sqlite:///{tmp_path / 'praatplaat.sqlite'}", RATELIMIT_STORAGE_URI=REDIS_URL)
            for _ in range(2)]
    code, _ = start(at(apps[0], HALL, "teacher"))
    statuses = [at(apps[n % 2], HALL).client.get(f"/j/{wrong}").status_code
                for n, wrong in enumerate(wrong_codes(code, 100))]
    assert statuses == [404] * 60 + [429] * 40
    join(at(apps[1], HALL), code)  # started in the hall: its code still works there
    assert participants(apps[1], code) == 1
    keys = {key.decode() for key in redis.Redis.from_url(REDIS_URL).keys("*")}
    assert any("join-failures/10.0.0.1" in key for key in keys) and any(code in key for key in keys)
