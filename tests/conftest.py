"""Fixtures: an app on a real database (SQLite, and PostgreSQL when available) and phones to drive it."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from praatplaat import create_app
from praatplaat.cli import upgrade_database
from praatplaat.db import db

IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}
POSTGRES_URL = os.environ.get("PRAATPLAAT_TEST_POSTGRES_URL", "")


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
    config = {"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "test-secret", "TESTING": True,
              "RATELIMIT_STORAGE_URI": "memory://", **extra}
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
          mode: str = "table"):
    """The facilitator starts a conversation; returns (join code, facilitator URL)."""
    phone.get("/")
    response = phone.post("/start", {"start-deck": deck, "start-title": title, "start-role": role,
                                     "start-mode": mode})
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
                 when_date: str = ""):
    """Answer the four questions of one theme."""
    steps = [
        {"scale": scale, "text": ""},
        {"text": strengths},
        {"text": ideas},
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


@pytest.fixture
def phones(app) -> Iterator[tuple[Phone, Phone, Phone]]:
    yield Phone(app, "facilitator"), Phone(app, "parent"), Phone(app, "other")
