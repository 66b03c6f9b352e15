"""Fixtures: an app on a real database (SQLite, and PostgreSQL when available) and phones to drive it."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from datetime import date, timedelta
from html import unescape

import pytest
import sqlalchemy as sa
from babel.dates import format_date

from praatplaat import create_app
from praatplaat.cli import upgrade_database
from praatplaat.cookies import PARTICIPANT_COOKIE
from praatplaat.db import db
from praatplaat.models import Answer, OwnTheme, Participant
from praatplaat.tokens import token_hash

IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}
POSTGRES_URL = os.environ.get("PRAATPLAAT_TEST_POSTGRES_URL", "")


# Dates inside the forms' window (one year back to two years ahead of today), so tests do not age.
LOOKBACK_DAY = date.today() + timedelta(days=196)
PLANNED_DAY = date.today() + timedelta(days=150)


def dutch_date(day: date) -> str:
    """A date as the pages write it in Dutch ("15 juni 2027")."""
    return format_date(day, "long", locale="nl")


def require(available: bool, what: str) -> None:
    """Skip when something is missing on a developer's machine; fail in CI, where it must be there."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is missing in CI (.ci/run should have installed it)")
    pytest.skip(f"{what} is not available here")


def _reset_postgres(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'praatplaat.sqlite'}"
    require(bool(POSTGRES_URL), "PostgreSQL (PRAATPLAAT_TEST_POSTGRES_URL)")
    _reset_postgres(POSTGRES_URL)
    return POSTGRES_URL


def make_app(database_url: str, **extra):
    # EVENING_LAG_SECONDS 0: tests read what was just written; tests/test_evening_lag.py tests the moment's lag.
    config = {"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "test-secret", "TESTING": True,
              "RATELIMIT_STORAGE_URI": "memory://", "EVENING_LAG_SECONDS": 0, **extra}
    app = create_app(config)
    upgrade_database(app)
    return app


@pytest.fixture
def app(database_url):
    app = make_app(database_url)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def chromium():
    """One Chromium for the whole session (tests/browser and tests/deploy: Playwright's sync API runs once per
    process). Missing Chromium skips on a laptop and fails in CI."""
    from browser.support import CHROMIUM, CHROMIUM_ARGS

    require(os.path.isfile(CHROMIUM), "Chromium")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture(scope="session")
def zbarimg() -> str:
    """Reads QR codes from a picture (Debian's zbar-tools); skips on a laptop, fails in CI."""
    found = shutil.which("zbarimg")
    require(found is not None, "zbarimg (zbar-tools)")
    return found


@pytest.fixture
def sqlite_app(tmp_path):
    """For tests about SQLite itself (files on disk, locking)."""
    app = make_app(f"sqlite:///{tmp_path / 'praatplaat.sqlite'}")
    yield app
    with app.app_context():
        db.engine.dispose()


CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


class Phone:
    """One person's browser: keeps its cookies and fills in the CSRF token like a real form would."""

    def __init__(self, app, name: str = "phone") -> None:
        self.app = app
        self.client = app.test_client()
        self.name = name
        self.token: str | None = None
        self.last = None

    def get(self, url: str, **kwargs):
        self.last = self.client.get(url, **kwargs)
        found = CSRF.search(self.last.get_data(as_text=True))
        if found:
            self.token = found.group(1)
        return self.last

    def post(self, url: str, data: dict | None = None, *, csrf: bool = True, **kwargs):
        data = dict(data or {})
        if csrf and "csrf_token" not in data:
            if self.token is None:
                self.get("/")
            data["csrf_token"] = self.token
        self.last = self.client.post(url, data=data, **kwargs)
        return self.last

    def text(self) -> str:
        return self.last.get_data(as_text=True)


def start(phone: Phone, title: str = "Gesprek over Sam", deck: str = "praatplaat", role: str = "professional",
          mode: str = "table", take_part: str = "", nickname: str = ""):
    """The facilitator starts a conversation; returns (join code, facilitator URL).

    take_part: "yes" (on this device), "no" (only leads), "" (left empty: yes at the table, no at an evening).
    """
    phone.get("/")
    response = phone.post("/start", {"start-deck": deck, "start-title": title, "start-role": role,
                                     "start-mode": mode, "start-take_part": take_part,
                                     "start-nickname": nickname})
    assert response.status_code == 303, response.get_data(as_text=True)
    facilitator_url = response.location.split("?")[0]
    page = phone.get(facilitator_url).get_data(as_text=True)
    code = re.search(r'class="code" dir="ltr">([0-9A-Z]{6})<', page).group(1)
    return code, facilitator_url


def join(phone: Phone, code: str, role: str = "parent", language: str = "nl", nickname: str = ""):
    phone.get(f"/j/{code}")
    response = phone.post(f"/j/{code}", {"language": language, "role": role, "nickname": nickname})
    assert response.status_code == 303, response.get_data(as_text=True)
    return response


def answer_theme(phone: Phone, key: str, scale: str = "good", strengths: str = "", ideas: str = "",
                 choice: str | None = None, text: str = "", who: str = "together", when: str = "next",
                 when_date: str = "", helps: str = ""):
    """Answer the praatplaat's five questions of one theme, one screen each."""
    steps = [
        {"scale": scale, "text": ""},
        {"text": strengths},
        {"text": ideas},
        {"text": helps},
        {"choice": choice or ("own" if text else ""), "text": text, "who": who, "when": when,
         "when_date": when_date},
    ]
    for number, data in enumerate(steps, 1):
        response = phone.post(f"/p/t/{key}/{number}", data)
        assert response.status_code == 303, (number, response.get_data(as_text=True)[-2000:])


def set_agenda(phone: Phone, facilitator_url: str, *keys: str):
    data = {f"pos-{key}": str(n) for n, key in enumerate(keys, 1)}
    response = phone.post(facilitator_url + "agenda", data)
    assert response.status_code == 303
    return response


# A proposal's counts on the merged view: "2 mensen zijn het eens · 1 mens is het nog niet eens".
COUNTS = re.compile(r"(\d+) mens(?:en)? (?:is|zijn) het eens · (\d+) mens(?:en)? (?:is|zijn) het nog niet eens")


def parents_with_a_proposal(app, count: int, mode: str) -> tuple[list[Phone], str]:
    """A host who does not take part and `count` parents who all answered theme "resultaat" with the same proposal
    (named at a table, anonymous at an evening); returns the parents' phones and that proposal's key."""
    host = Phone(app, "host")
    code, f_url = start(host, title="Samen", mode=mode, take_part="no")
    parents = [Phone(app, f"parent{n}") for n in range(count)]
    for n, phone in enumerate(parents):
        join(phone, code, role="parent", nickname="" if mode == "evening" else f"Naam{n}")
    set_agenda(host, f_url, "resultaat")
    for phone in parents:
        answer_theme(phone, "resultaat", choice="doel", who="together", when="week")
    page = parents[0].get("/p/t/resultaat/samen").get_data(as_text=True)
    return parents, re.search(r'name="proposal" value="(\w+)"', page)[1]


@pytest.fixture
def rooms(database_url):
    """make(count, mode, **config): an app of its own with `parents_with_a_proposal`: (app, phones, key)."""
    made = []

    def make(count: int, mode: str = "evening", **config):
        app = make_app(database_url, **config)
        made.append(app)
        return (app, *parents_with_a_proposal(app, count, mode))

    yield make
    for app in made:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def phones(app) -> Iterator[tuple[Phone, Phone, Phone]]:
    yield Phone(app, "facilitator"), Phone(app, "parent"), Phone(app, "other")


# --- Reading pages and the database -------------------------------------------------------------------------

_INLINE_TAG = re.compile(r"</?(?:a|abbr|b|bdi|em|i|small|span|strong)\b[^>]*>")
_OTHER_TAG = re.compile(r"<[^>]+>")


def answer_id(app, text: str) -> int:
    """The stored answer with these words (to name it in a URL, as a page's form does)."""
    with app.app_context():
        return db.session.scalar(sa.select(Answer.id).where(Answer.text == text))


def visible(page: str) -> str:
    """The words a person reads: markup dropped, entities decoded, white space collapsed."""
    return " ".join(unescape(_OTHER_TAG.sub(" ", _INLINE_TAG.sub("", page))).split())


def between(text: str, start: str, end: str | None = None) -> str:
    """The part of a page after the heading `start` and before `end` (both must be there)."""
    assert start in text, start
    after = text.split(start, 1)[1]
    if end is None:
        return after
    assert end in after, end
    return after.split(end, 1)[0]


def proposal_cards(page: str) -> dict[str, str]:
    """The merged view's proposals: key -> what the card says."""
    found = re.findall(r'<article class="proposal[^"]*" id="p-(\w+)">(.*?)</article>', page, re.S)
    return {key: visible(body) for key, body in found}


def vote(phone: Phone, theme: str, proposal: str, agree: bool = True):
    response = phone.post(f"/p/t/{theme}/samen", {"proposal": proposal, "agree": "yes" if agree else "no"})
    assert response.status_code == 303, response.get_data(as_text=True)[-2000:]
    return response


def cookie_of(phone: Phone) -> str:
    """The participant cookie this phone carries."""
    cookie = phone.client.get_cookie(PARTICIPANT_COOKIE)
    assert cookie is not None
    return cookie.value


def all_rows(app) -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order: a snapshot to compare before and after."""
    with app.app_context():
        return {table.name: [tuple(row) for row in db.session.execute(
                    sa.select(table).order_by(*table.primary_key.columns)).all()]
                for table in db.metadata.sorted_tables}


def full_conversation(app, title: str = "Gesprek over Sam") -> dict:
    """A conversation with something in nearly every table: three people, an own theme, answers, votes, a
    decision, a closing answer, a look-back date and a review; and a stranger's phone that is in none."""
    teacher, parent, youth = Phone(app, "teacher"), Phone(app, "parent"), Phone(app, "youth")
    code, f_url = start(teacher, title=title)
    join(parent, code, role="parent", nickname="Ayse")
    join(youth, code, role="youth")
    parent.post("/p/themas", {"themes": ["resultaat", "kind"]})
    assert parent.post("/p/themas/eigen", {"own-title": "Huiswerk"}).status_code == 303
    with app.app_context():
        own = db.session.scalar(sa.select(OwnTheme).order_by(OwnTheme.id.desc())).key
        parent_id = db.session.scalar(sa.select(Participant.id).where(
            Participant.token_hash == token_hash(cookie_of(parent))))
    set_agenda(teacher, f_url, "resultaat", own)
    for phone, scale in ((teacher, "good"), (parent, "better"), (youth, "fair")):
        answer_theme(phone, "resultaat", scale=scale, strengths=f"Sterk volgens {phone.name}",
                     ideas=f"Idee van {phone.name}", choice="doel", who="together", when="week")
    answer_theme(parent, own, scale="better", text="Elke dag samen huiswerk maken", who="me", when="today")
    cards = proposal_cards(parent.get("/p/t/resultaat/samen").get_data(as_text=True))
    (doel,) = cards
    for phone in (teacher, parent, youth):
        vote(phone, "resultaat", doel)
    (own_proposal,) = proposal_cards(parent.get(f"/p/t/{own}/samen").get_data(as_text=True))
    vote(parent, own, own_proposal, agree=False)
    assert teacher.post(f_url + f"t/{own}", {"proposal": own_proposal, "text": "Twee keer per week huiswerk",
                                             "who": "role:parent", "when": "week"}).status_code == 303
    assert parent.post("/p/afsluiting", {"experience": "good", "covered": "yes",
                                         "question": "Mag ik de lijst mailen?"}).status_code == 303
    assert teacher.post(f_url + "terugblik", {"day": LOOKBACK_DAY.isoformat()}).status_code == 303
    assert teacher.post(f_url + "terugkijken", {"proposal": doel, "theme": "resultaat", "status": "partly",
                                                "note": "Half af"}).status_code == 303
    stranger = Phone(app, "stranger")
    stranger.get("/")
    return {"app": app, "teacher": teacher, "parent": parent, "youth": youth, "stranger": stranger,
            "code": code, "f_url": f_url, "own": own, "doel": doel, "own_proposal": own_proposal,
            "parent_id": parent_id}


# Every page one can GET in a conversation built by full_conversation: (whose phone, address template).
PAGES = [
    *(("stranger", url) for url in ("/", "/over", "/healthz", "/j/{code}", "/j/ZZZZZZ", "/p", "/p/lijst",
                                    "/bestaat-niet")),
    *(("parent", url) for url in (
        "/", "/j/{code}", "/p", "/p/opening", "/p/themas", "/p/t/resultaat/1", "/p/t/resultaat/2",
        "/p/t/resultaat/3", "/p/t/resultaat/4", "/p/t/resultaat/5", "/p/t/resultaat/samen", "/p/t/{own}/1",
        "/p/t/{own}/5", "/p/t/{own}/samen", "/p/stand", "/p/lijst", "/p/lijst.txt", "/p/lijst/tweetalig",
        "/p/terugblik.ics", "/p/afsluiting", "/p/stoppen")),
    *(("youth", url) for url in ("/p/t/resultaat/1", "/p/lijst")),
    *(("teacher", url) for url in ("/p/themas", "/p/t/resultaat/samen")),
    *(("teacher", "{f_url}" + url) for url in (
        "", "t/resultaat", "t/{own}", "lijst", "lijst.txt", "lijst/tweetalig?taal=nl", "export.json",
        "terugblik.ics", "terugkijken", "afsluiting", "scherm", "scherm/stand")),
]

PHONES = ("stranger", "parent", "youth", "teacher")


def pages_of(who: str) -> list[str]:
    """The address templates of PAGES for this phone."""
    return [url for phone, url in PAGES if phone == who]
