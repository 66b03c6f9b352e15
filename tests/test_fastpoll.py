"""The polls answered before the Flask stack (praatplaat/fastpoll.py) answer exactly what Flask would."""

from __future__ import annotations

import sqlite3

from conftest import Phone, cookie_of, join, make_app, start

from praatplaat.cli import waitress_options
from praatplaat.db import db
from praatplaat.fastpoll import FastPoll


class Counting:
    """The Flask side behind the fast path, counting the requests that reach it."""

    def __init__(self, wsgi_app) -> None:
        self.wsgi_app, self.calls = wsgi_app, 0

    def __call__(self, environ, start_response):
        self.calls += 1
        return self.wsgi_app(environ, start_response)


def both_answers(app, client, url: str, **kwargs):
    """(fast, flask, fast path used?): the same request through the middleware and straight to Flask."""
    fast_poll = app.wsgi_app
    assert isinstance(fast_poll, FastPoll)
    inner = Counting(fast_poll.wsgi_app)
    fast_poll.wsgi_app = inner
    try:
        fast = client.open(url, **kwargs)
        answered_fast = inner.calls == 0
        app.wsgi_app = inner.wsgi_app  # without the middleware: the normal Flask path
        try:
            normal = client.open(url, **kwargs)
        finally:
            app.wsgi_app = fast_poll
    finally:
        fast_poll.wsgi_app = inner.wsgi_app
    return fast, normal, answered_fast


def same(fast, normal) -> None:
    assert fast.status == normal.status
    assert sorted(fast.headers.items()) == sorted(normal.headers.items())
    assert fast.get_data() == normal.get_data()


def evening(app):
    facilitator, parent = Phone(app, "facilitator"), Phone(app, "parent")
    code, facilitator_url = start(facilitator, mode="evening")
    join(parent, code, role="unknown")
    return facilitator, parent, facilitator_url.replace("http://localhost", "")


def test_participant_and_screen_polls_match_flask(app):
    facilitator, parent, f_path = evening(app)
    for phone, url in ((parent, "/p/stand"), (facilitator, f_path + "scherm/stand")):
        fast, normal, used = both_answers(app, phone.client, url)
        assert used and fast.status_code == 200 and fast.json["version"] >= 1
        same(fast, normal)
        etag = fast.headers["ETag"]
        fast, normal, used = both_answers(app, phone.client, url, headers={"If-None-Match": etag})
        assert used and fast.status_code == 304
        same(fast, normal)
        fast, normal, used = both_answers(app, phone.client, url, headers={"If-None-Match": "*"})
        assert used and fast.status_code == 304
        same(fast, normal)
        fast, normal, used = both_answers(app, phone.client, url, headers={"If-None-Match": f"W/{etag}"})
        assert used and fast.status_code == 200
        same(fast, normal)


def test_the_served_app_keeps_the_fast_path(tmp_path):
    """`praatplaat serve` sets up the proxy headers again (cli.waitress_options): the polls stay fast, with and
    without a trusted proxy (before issue 11's fix the server dropped the fast path and every poll ran Flask)."""
    for proxies in (0, 1):
        app = make_app(f"sqlite:///{tmp_path / f'served{proxies}.sqlite'}", TRUSTED_PROXIES=proxies)
        try:
            waitress_options(app)
            waitress_options(app)  # twice, as a second serve in the same process would
            facilitator, parent, f_path = evening(app)
            for phone, url in ((parent, "/p/stand"), (facilitator, f_path + "scherm/stand")):
                fast, normal, used = both_answers(app, phone.client, url)
                assert used and fast.status_code == 200
                same(fast, normal)
        finally:
            with app.app_context():
                db.engine.dispose()


def test_a_change_gives_a_new_etag(app):
    _facilitator, parent, _f_path = evening(app)
    first = parent.client.get("/p/stand")
    parent.post("/p/themas", {"themes": ["resultaat"]})
    fast, normal, used = both_answers(app, parent.client, "/p/stand",
                                      headers={"If-None-Match": first.headers["ETag"]})
    assert used and fast.status_code == 200 and fast.headers["ETag"] != first.headers["ETag"]
    same(fast, normal)


def test_phones_not_joined_get_what_flask_answers(app):
    _facilitator, parent, f_path = evening(app)
    stranger = app.test_client()
    fast, normal, used = both_answers(app, stranger, "/p/stand")
    assert not used and fast.status_code == normal.status_code == 403
    stranger.set_cookie("pp_p", "not-a-token")
    fast, normal, used = both_answers(app, stranger, "/p/stand")
    assert not used and fast.status_code == normal.status_code == 403
    fast, normal, used = both_answers(app, stranger, "/f/not-a-secret-token-at-all/scherm/stand")
    assert not used and fast.status_code == normal.status_code == 404
    # Other methods and paths are Flask's.
    fast, normal, used = both_answers(app, parent.client, "/p/stand", method="HEAD")
    assert not used and fast.status_code == normal.status_code == 200
    fast, normal, used = both_answers(app, parent.client, "/p/stand/")
    assert not used and fast.status_code == normal.status_code


def test_https_headers_match_flask(tmp_path):
    from praatplaat import operations

    app = make_app(f"sqlite:///{tmp_path / 'https.sqlite'}", HTTPS=True)
    try:
        with app.app_context():
            conversation, facilitator_token, _own = operations.start_conversation(
                "praatplaat", "Https", "nl", 12, mode="evening")
            _participant, token = operations.join(conversation, "unknown", "", "nl")
        client = app.test_client()
        client.set_cookie("pp_p", token, secure=True)
        fast, normal, used = both_answers(app, client, "/p/stand", base_url="https://localhost")
        assert used and fast.status_code == 200 and "Strict-Transport-Security" in fast.headers
        same(fast, normal)
        fast, normal, used = both_answers(app, client, f"/f/{facilitator_token}/scherm/stand",
                                          base_url="https://localhost",
                                          headers={"If-None-Match": fast.headers["ETag"]})
        assert used and fast.status_code == 304
        same(fast, normal)
    finally:
        with app.app_context():
            db.engine.dispose()


def test_polls_do_not_wait_for_a_writer(sqlite_app):
    """On SQLite the fast read takes no write lock: it answers while another writer holds the database."""
    app = sqlite_app
    _facilitator, parent, _f_path = evening(app)
    cookie = cookie_of(parent)
    path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    writer = sqlite3.connect(path, isolation_level=None, timeout=0.1)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE conversation SET version = version + 1")
        client = app.test_client()
        client.set_cookie("pp_p", cookie)
        fast, _normal, used = both_answers(app, client, "/p/stand")
        assert used and fast.status_code == 200
        version = fast.json["version"]
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert client.get("/p/stand").json["version"] == version  # the writer's change was never seen


def test_debug_mode_is_left_to_flask(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'debug.sqlite'}")
    app.debug = True
    try:
        _facilitator, parent, _f_path = evening(app)
        fast, normal, used = both_answers(app, parent.client, "/p/stand")
        assert not used and fast.get_data() == normal.get_data()
    finally:
        with app.app_context():
            db.engine.dispose()


def test_it_can_be_turned_off(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'off.sqlite'}", FAST_POLL="0")
    try:
        assert not isinstance(app.wsgi_app, FastPoll)
    finally:
        with app.app_context():
            db.engine.dispose()


def test_a_poll_for_an_unknown_host_is_refused_by_flask(app):
    """The fast path answers only for host names the app serves; a forged Host gets the app's refusal."""
    _facilitator, parent, _f_path = evening(app)
    fast, normal, used = both_answers(app, parent.client, "/p/stand", headers={"Host": "evil.example"})
    assert not used and fast.status_code == normal.status_code == 400 and "ETag" not in fast.headers
