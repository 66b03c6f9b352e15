"""Many phones at once against the real server (`praatplaat serve`, waitress, 8 threads), on SQLite and
PostgreSQL: identical requests at the same moment (double taps, a flaky network resending) leave one row,
no response is a server error, and the conversation's version rises by exactly the number of changes.

The rule for the version: every write that changes something raises it by one (in SQL, so no two states
share an ETag); a write that changes nothing (the same picks, answer or vote again) leaves it alone.

`python -m pytest -s tests/test_concurrency.py` prints the figures.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy as sa
from conftest import CSRF, POSTGRES_URL, require

pytestmark = pytest.mark.slow

WAYS = 10


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    """`praatplaat serve` in a subprocess on a free port, with its own database."""

    def __init__(self, database_url: str, tmp_path: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.database_url = database_url
        env = {k: v for k, v in os.environ.items() if not k.startswith("PRAATPLAAT_")}
        env.update(PRAATPLAAT_DATABASE_URL=database_url, PRAATPLAAT_SECRET_KEY="concurrency-test",
                   PORT=str(self.port), PRAATPLAAT_PURGE_INTERVAL_SECONDS="86400")
        self.log = tmp_path / "serve.log"
        self.output = open(self.log, "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen([str(Path(sys.executable).parent / "praatplaat"), "serve"],
                                        cwd=tmp_path, env=env, stdout=self.output, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2) as response:
                    if response.read() == b"ok":
                        break
            except OSError:
                assert self.process.poll() is None, self.log.read_text()[-3000:]
                assert time.monotonic() < deadline, self.log.read_text()[-3000:]
                time.sleep(0.2)
        self.engine = sa.create_engine(database_url)

    def scalar(self, sql: str, **params):
        with self.engine.connect() as connection:
            return connection.execute(sa.text(sql), params).scalar()

    def version(self) -> int:
        return self.scalar("SELECT version FROM conversation")

    def stop(self) -> None:
        self.engine.dispose()
        self.process.terminate()
        self.process.wait(timeout=30)
        self.output.close()


class WebPhone:
    """One browser over real HTTP: a cookie jar, follows redirects, fills in the CSRF token."""

    def __init__(self, server: Served) -> None:
        self.server = server
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.token: str | None = None

    def request(self, path: str, data: dict | None = None) -> tuple[int, str, str]:
        """(status, final path, page) of a GET, or of a POST with its redirect followed."""
        body = None
        if data is not None:
            form = dict(data)
            form.setdefault("csrf_token", self.token)
            body = urllib.parse.urlencode(form, doseq=True).encode()
        try:
            with self.opener.open(self.server.base + path, data=body, timeout=120) as response:
                status, url, page = response.status, response.geturl(), response.read().decode()
                self.headers = response.headers
        except urllib.error.HTTPError as error:
            status, url, page = error.code, error.geturl(), error.read().decode()
            self.headers = error.headers
        found = CSRF.search(page)
        if found:
            self.token = found.group(1)
        return status, urllib.parse.urlsplit(url).path, page

    def get(self, path: str):
        return self.request(path)

    def post(self, path: str, data: dict):
        if self.token is None:
            self.get("/")
        return self.request(path, data)

    def participant_id(self) -> int:
        from praatplaat.cookies import PARTICIPANT_COOKIE
        from praatplaat.tokens import token_hash

        (token,) = [c.value for c in self.jar if c.name == PARTICIPANT_COOKIE]
        return self.server.scalar("SELECT id FROM participant WHERE token_hash = :h", h=token_hash(token))


def at_once(calls) -> list[tuple[int, str, str]]:
    """Run the calls at the same moment (each waits at a barrier first) and return their results."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


FIGURES: list[str] = []


def record(database: str, what: str, results, before: int, after: int, rows) -> None:
    statuses = Counter(status for status, _path, _page in results)
    line = (f"{database:8} {what:42} statuses {dict(sorted(statuses.items()))}  rows {rows}  "
            f"version +{after - before}")
    FIGURES.append(line)
    print(line)


def assert_no_server_errors(results) -> None:
    bad = [(status, path, page[-500:]) for status, path, page in results if status >= 500]
    assert not bad, bad


@pytest.fixture
def served(database_url, tmp_path):
    server = Served(database_url, tmp_path)
    yield server
    server.stop()


def _start(server: Served, people: int):
    lead = WebPhone(server)
    lead.get("/")
    status, path, page = lead.post("/start", {"start-deck": "praatplaat", "start-title": "Gesprek over Sam",
                                              "start-role": "professional", "start-mode": "table"})
    assert status == 200, page[-2000:]
    facilitator = path
    code = re.search(r'class="code" dir="ltr">([0-9A-Z]{6})<', page).group(1)
    phones = [WebPhone(server) for _ in range(people)]
    for phone in phones:
        phone.get(f"/j/{code}")
    before = server.version()
    joined = at_once([lambda p=p: p.post(f"/j/{code}", {"language": "nl", "role": "parent", "nickname": ""})
                      for p in phones])
    assert_no_server_errors(joined)
    assert all(status == 200 for status, _path, _page in joined), joined
    assert server.scalar("SELECT count(*) FROM participant") == people + 1
    assert server.version() == before + people  # ten new faces: ten changes
    return lead, facilitator, phones


def test_ten_phones_at_once(served, database_url):
    database = database_url.split(":")[0].split("+")[0]
    server = served
    lead, facilitator, phones = _start(server, WAYS)
    one = phones[0]

    # 10-way identical theme picks from one phone: one set of picks, one change.
    before = server.version()
    results = at_once([lambda: one.post("/p/themas", {"themes": ["resultaat", "kind"]})] * WAYS)
    rows = server.scalar("SELECT count(*) FROM pick WHERE participant_id = :p", p=one.participant_id())
    record(database, f"{WAYS}x the same theme picks", results, before, server.version(), rows)
    assert_no_server_errors(results)
    assert {(status, path) for status, path, _page in results} == {(200, "/p/themas")}
    assert rows == 2
    assert server.version() == before + 1

    # 10-way identical own theme from one phone: one theme, picked once, every request on the themes page.
    before = server.version()
    results = at_once([lambda: one.post("/p/themas/eigen", {"own-title": "Huiswerk"})] * WAYS)
    themes = server.scalar("SELECT count(*) FROM own_theme")
    record(database, f"{WAYS}x the same own theme", results, before, server.version(), themes)
    assert_no_server_errors(results)
    assert {(status, path) for status, path, _page in results} == {(200, "/p/themas")}
    assert themes == 1
    assert server.scalar("SELECT count(*) FROM pick WHERE participant_id = :p", p=one.participant_id()) == 3
    assert server.version() == before + 1

    # 30 double taps: ten phones, three titles each, every one sent twice at the same moment.
    before = server.version()
    calls = [lambda p=p, n=n, i=i: p.post("/p/themas/eigen", {"own-title": f"Thema {n} van {i}"})
             for i, p in enumerate(phones) for n in range(3)]
    results = at_once([call for call in calls for _twice in range(2)])
    themes = server.scalar("SELECT count(*) FROM own_theme")
    record(database, "30 double-tapped own themes", results, before, server.version(), themes)
    assert_no_server_errors(results)
    assert {(status, path) for status, path, _page in results} == {(200, "/p/themas")}
    assert themes == 1 + 30
    assert server.version() == before + 30

    # The same title typed differently by another phone is the same theme: it is picked, not added.
    before = server.version()
    status, path, _page = phones[1].post("/p/themas/eigen", {"own-title": "  HUISWERK. "})
    assert (status, path) == (200, "/p/themas")
    assert server.scalar("SELECT count(*) FROM own_theme") == 31
    assert server.version() == before + 1

    # The agenda, then 10-way identical answers from one phone: one row, one change.
    status, _path, page = lead.post(facilitator + "agenda", {"pos-resultaat": "1"})
    assert status == 200, page[-2000:]
    before = server.version()
    results = at_once([lambda: one.post("/p/t/resultaat/1", {"scale": "good", "text": ""})] * WAYS)
    rows = server.scalar("SELECT count(*) FROM answer WHERE participant_id = :p", p=one.participant_id())
    record(database, f"{WAYS}x the same answer", results, before, server.version(), rows)
    assert_no_server_errors(results)
    assert {(status, path) for status, path, _page in results} == {(200, "/p/t/resultaat/2")}
    assert rows == 1
    assert server.version() == before + 1

    # Ten phones each answer at the same moment: ten rows, ten changes (the first phone's is unchanged).
    before = server.version()
    results = at_once([lambda p=p: p.post("/p/t/resultaat/1", {"scale": "good", "text": ""}) for p in phones])
    rows = server.scalar("SELECT count(*) FROM answer WHERE question = 'scale'")
    record(database, f"{WAYS} phones answer at once", results, before, server.version(), rows)
    assert_no_server_errors(results)
    assert rows == WAYS
    assert server.version() == before + WAYS - 1

    # A proposal to vote on: two phones propose the same.
    for phone in phones[:2]:
        for step, data in ((2, {"text": ""}), (3, {"text": ""}), (4, {"text": ""}),
                           (5, {"choice": "own", "text": "Elke week bellen", "who": "together", "when": "week",
                                "when_date": ""})):
            status, _path, page = phone.post(f"/p/t/resultaat/{step}", data)
            assert status == 200, page[-2000:]
    _status, _path, page = one.get("/p/t/resultaat/samen")
    proposal = re.findall(r'<article class="proposal[^"]*" id="p-(\w+)">', page)[0]

    # 10-way identical votes from one phone: one vote, one change.
    before = server.version()
    results = at_once([lambda: one.post("/p/t/resultaat/samen", {"proposal": proposal, "agree": "yes"})] * WAYS)
    rows = server.scalar("SELECT count(*) FROM vote")
    record(database, f"{WAYS}x the same vote", results, before, server.version(), rows)
    assert_no_server_errors(results)
    assert {(status, path) for status, path, _page in results} == {(200, "/p/t/resultaat/samen")}
    assert rows == 1
    assert server.version() == before + 1

    # Ten phones vote "nog niet" at the same moment: ten votes, ten changes (the first phone changes its mind).
    before = server.version()
    results = at_once([lambda p=p: p.post("/p/t/resultaat/samen", {"proposal": proposal, "agree": "no"})
                       for p in phones])
    rows = server.scalar("SELECT count(*) FROM vote WHERE NOT agree")
    record(database, f"{WAYS} phones vote at once", results, before, server.version(), rows)
    assert_no_server_errors(results)
    assert rows == WAYS
    assert server.version() == before + WAYS

    # Ten phones close at once, each twice: one closing answer each.
    before = server.version()
    results = at_once([lambda p=p: p.post("/p/afsluiting", {"experience": "good", "covered": "yes",
                                                           "question": ""}) for p in phones for _twice in (1, 2)])
    rows = server.scalar("SELECT count(*) FROM closing_answer")
    record(database, f"{WAYS} phones close, double-tapped", results, before, server.version(), rows)
    assert_no_server_errors(results)
    assert rows == WAYS
    assert server.version() == before + WAYS


def test_a_failing_request_gets_our_own_error_page(served):
    """A broken transaction is rolled back before the error page is made: our page, not waitress's text."""
    server = served
    _lead, _facilitator, (phone,) = _start(server, 1)
    with server.engine.begin() as connection:  # the picks table goes away under the running server
        connection.execute(sa.text("ALTER TABLE pick RENAME TO pick_gone"))
    try:
        results = at_once([lambda: phone.post("/p/themas", {"themes": ["resultaat"]})] * 3)
        for status, _path, page in results:
            assert status == 500, page[-1000:]
            assert "Er ging bij ons iets mis" in page  # errors.MESSAGES[500]
            assert "<html" in page
        # The next request on the same threads and connections works again.
        assert phone.get("/")[0] == 200
    finally:
        with server.engine.begin() as connection:
            connection.execute(sa.text("ALTER TABLE pick_gone RENAME TO pick"))
    assert phone.post("/p/themas", {"themes": ["resultaat"]})[:2] == (200, "/p/themas")
    log = server.log.read_text()
    assert "unexpected error" in log and "Exception while serving" not in log  # ours, not waitress's


def test_a_database_that_stays_busy_gets_a_503_with_retry_after(tmp_path):
    """PostgreSQL: another transaction holds the conversation longer than the lock timeout, every try."""
    require(bool(POSTGRES_URL), "PostgreSQL (PRAATPLAAT_TEST_POSTGRES_URL)")
    from conftest import _reset_postgres

    _reset_postgres(POSTGRES_URL)
    database = sa.engine.make_url(POSTGRES_URL).database
    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'ALTER DATABASE "{database}" SET lock_timeout = 300'))
    server = Served(POSTGRES_URL, tmp_path)
    try:
        _lead, _facilitator, (phone,) = _start(server, 1)
        phone.get("/p/themas")
        with server.engine.begin() as holder:
            holder.execute(sa.text("SELECT id FROM conversation FOR UPDATE"))
            status, _path, page = phone.post("/p/themas", {"themes": ["resultaat"]})
        assert status == 503, page[-1000:]
        assert "Het is nu erg druk" in page  # errors.MESSAGES[503]
        assert phone.headers["Retry-After"] == "2"
        assert phone.post("/p/themas", {"themes": ["resultaat"]})[0] == 200  # and once it is free again
    finally:
        server.stop()
        with admin.connect() as connection:
            connection.execute(sa.text(f'ALTER DATABASE "{database}" RESET lock_timeout'))
        admin.dispose()


def test_migration_0004_keeps_older_duplicate_own_themes_apart(database_url):
    """Own themes that races duplicated before 0004 stay (nothing is lost) and the new constraint holds."""
    from flask_migrate import upgrade

    from praatplaat import create_app
    from praatplaat.db import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "x", "TESTING": True})
    directory = str(app.extensions["migrate"].directory)
    with app.app_context():
        upgrade(directory=directory, revision="0003")
        with db.engine.begin() as connection:
            connection.execute(sa.text(
                "INSERT INTO conversation (id, join_code, facilitator_hash, title, deck, mode, language,"
                " joining_open, join_expires_at, agenda_set, created_at, last_activity_at, version, screen,"
                " screen_languages, opening, round) VALUES (1, 'ABCDEF', 'h', '', 'praatplaat', 'table', 'nl',"
                " true, '2030-01-01', false, '2026-01-01', '2026-01-01', 1, 'join', 'nl', false, 1)"))
            for row_id, title in ((1, "Huiswerk"), (2, "huiswerk."), (3, "  Huis  werk "), (4, "Huiswerk")):
                connection.execute(sa.text("INSERT INTO own_theme (id, conversation_id, participant_id, title,"
                                           " language) VALUES (:id, 1, NULL, :title, 'nl')"),
                                   {"id": row_id, "title": title})
        upgrade(directory=directory)
        with db.engine.begin() as connection:
            keys = connection.execute(sa.text("SELECT id, title_key FROM own_theme ORDER BY id")).all()
            assert keys == [(1, "huiswerk"), (2, "huiswerk#2"), (3, "huis werk"), (4, "huiswerk#4")]
            with pytest.raises(sa.exc.IntegrityError):
                connection.execute(sa.text("INSERT INTO own_theme (conversation_id, title, title_key, language)"
                                           " VALUES (1, 'HUISWERK', 'huiswerk', 'nl')"))
        db.session.remove()
        db.engine.dispose()
