"""Settings from PRAATPLAAT_* environment variables: every setting the README documents is read with the right type
and reaches the part of the app that uses it."""

from __future__ import annotations

import os
import re
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from conftest import Phone, join, parents_with_a_proposal, set_agenda, start
from flask import Flask

from praatplaat import config, create_app
from praatplaat.cli import upgrade_database
from praatplaat.db import db
from praatplaat.models import Answer, Conversation
from praatplaat.retention import keep_until
from praatplaat.security import limiter

README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.fixture
def env_app(tmp_path, monkeypatch):
    """create_app() as `praatplaat serve` calls it: settings only from PRAATPLAAT_* variables."""
    for name in list(os.environ):
        if name.startswith("PRAATPLAAT_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("PRAATPLAAT_DATABASE_URL", f"sqlite:///{tmp_path / 'env.sqlite'}")
    monkeypatch.setenv("PRAATPLAAT_SECRET_KEY", "uit-de-omgeving")
    apps = []

    def make(migrate: bool = False, **env):
        for name, value in env.items():
            monkeypatch.setenv(f"PRAATPLAAT_{name}", value)
        apps.append(create_app())
        if migrate:
            upgrade_database(apps[-1])
        return apps[-1]

    yield make
    for app in apps:
        with app.app_context():
            db.engine.dispose()


@pytest.mark.parametrize(("name", "value", "setting", "expected"), [
    ("RETENTION_DAYS", "7", "RETENTION_DAYS", 7),
    ("JOIN_HOURS", "3", "JOIN_HOURS", 3),
    ("HTTPS", "yes", "SESSION_COOKIE_SECURE", True),
    ("HTTPS", "0", "HTTPS", False),
    ("DEBUG", "false", "DEBUG", False),
    ("SECRET_KEY", "anders", "SECRET_KEY", "anders"),
])
def test_environment_variables_override_the_defaults(env_app, tmp_path, name, value, setting, expected):
    app = env_app(**{name: value})
    assert app.config[setting] == expected
    assert type(app.config[setting]) is type(expected)
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'env.sqlite'}"


def test_instance_config_comes_between_the_defaults_and_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("PRAATPLAAT_TEXT_MAX", "500")
    monkeypatch.setenv("PRAATPLAAT_SECRET_KEY", "x")
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "config.py").write_text("JOIN_HOURS = 5\nTEXT_MAX = 600\n")
    app = Flask("praatplaat", instance_path=str(instance), instance_relative_config=True)
    config.load(app, None)
    assert (app.config["RETENTION_DAYS"], app.config["JOIN_HOURS"], app.config["TEXT_MAX"]) == (30, 5, 500)


def test_a_number_setting_that_is_not_a_number_stops_the_start(env_app):
    with pytest.raises(ValueError, match="PRAATPLAAT_TEXT_MAX must be a whole number"):
        env_app(TEXT_MAX="veel")


# --- every documented setting, used -----------------------------------------------------------------------------

def check_database_url(env_app, tmp_path):
    app = env_app(migrate=True)
    assert (tmp_path / "env.sqlite").is_file()  # the database is where PRAATPLAAT_DATABASE_URL says
    url = "postgresql+psycopg://praatplaat:1234@db/praatplaat"  # not JSON: stays text
    assert env_app(DATABASE_URL=url).config["SQLALCHEMY_DATABASE_URI"] == url
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'env.sqlite'}"


def check_secret_key(env_app, tmp_path):
    app = env_app(migrate=True, SECRET_KEY="12345678")  # looks like a number, is a key
    assert app.config["SECRET_KEY"] == "12345678"
    start(Phone(app))  # signs the session and the CSRF token with it


def check_retention_days(env_app, tmp_path):
    app = env_app(migrate=True, RETENTION_DAYS="7")
    code, _ = start(Phone(app))
    text = Phone(app).get(f"/j/{code}").get_data(as_text=True)
    assert "Alles gaat 7 dagen na het laatste gebruik weg." in text


def check_join_hours(env_app, tmp_path):
    app = env_app(migrate=True, JOIN_HOURS="3")
    start(Phone(app))
    with app.app_context():
        conversation = db.session.scalar(sa.select(Conversation))
        assert conversation.join_expires_at - conversation.created_at == pytest.approx(timedelta(hours=3),
                                                                                       abs=timedelta(seconds=5))


@pytest.mark.parametrize(("value", "on"), [("true", True), ("1", True), ("yes", True), ("on", True),
                                           ("false", False), ("0", False), ("no", False), ("off", False)])
def test_https_accepts_yes_and_no_words(env_app, value, on):
    app = env_app(HTTPS=value)
    assert app.config["HTTPS"] is on and app.config.get("SESSION_COOKIE_SECURE", False) is on
    assert ("Strict-Transport-Security" in app.test_client().get("/healthz").headers) is on


def check_https(env_app, tmp_path):
    app = env_app(migrate=True, HTTPS="true")
    phone = Phone(app)
    phone.get("/")
    response = phone.post("/start", {"start-deck": "praatplaat", "start-title": "", "start-role": "professional",
                                     "start-mode": "table"})
    assert response.headers["Strict-Transport-Security"]
    assert all("Secure" in cookie for cookie in response.headers.getlist("Set-Cookie"))


def check_trusted_proxies(env_app, tmp_path):
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "praat.example"}
    for value, trusted in (("1", True), ("0", False)):
        app = env_app(migrate=True, TRUSTED_PROXIES=value, ALLOWED_HOSTS="localhost praat.example")
        phone = Phone(app)
        _, f_url = start(phone)
        page = phone.get(f_url, headers=forwarded).get_data(as_text=True)
        assert ("https://praat.example/j/" in page) is trusted


def check_public_url(env_app, tmp_path):
    app = env_app(migrate=True, PUBLIC_URL="https://praatplaat.school.example")
    client = app.test_client()
    assert client.get("/", base_url="https://praatplaat.school.example").status_code == 200
    assert client.get("/", base_url="http://localhost").status_code == 400  # another host name is refused


def check_allowed_hosts(env_app, tmp_path):
    app = env_app(ALLOWED_HOSTS="praat.lan, 10.0.0.5")
    client = app.test_client()
    assert client.get("/", base_url="http://praat.lan:8000").status_code == 200
    assert client.get("/", base_url="http://10.0.0.5").status_code == 200
    assert client.get("/", base_url="http://evil.example").status_code == 400


def check_trusted_proxy_address(env_app, tmp_path):
    from praatplaat.cli import waitress_options

    app = env_app(TRUSTED_PROXIES="1", TRUSTED_PROXY_ADDRESS="10.0.0.2")
    assert waitress_options(app)["trusted_proxy"] == "10.0.0.2"


def check_ratelimit_storage_uri(env_app, tmp_path):
    app = env_app(RATELIMIT_STORAGE_URI="memory://")
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"
    assert type(limiter.storage).__name__ == "MemoryStorage"


def check_join_failures_limit(env_app, tmp_path):
    app = env_app(migrate=True, JOIN_FAILURES_LIMIT="2 per 5 minutes")  # not JSON: stays text
    phone = Phone(app)
    assert [phone.get("/j/ZZZZZZ").status_code for _ in range(3)] == [404, 404, 429]


def _lookback(app, last: datetime, lookback_on: date) -> datetime:
    with app.app_context():
        return keep_until(SimpleNamespace(last_activity_at=last, lookback_on=lookback_on))


def check_lookback_grace_days(env_app, tmp_path):
    app = env_app(LOOKBACK_GRACE_DAYS="3")
    assert _lookback(app, datetime(2030, 1, 1), date(2030, 3, 1)) == datetime(2030, 3, 4)


def check_retention_max_days(env_app, tmp_path):
    app = env_app(RETENTION_MAX_DAYS="40")
    assert _lookback(app, datetime(2030, 1, 1), date(2030, 3, 1)) == datetime(2030, 2, 10)


def check_purge_interval_seconds(env_app, tmp_path):
    app = env_app(PURGE_INTERVAL_SECONDS="60")
    assert app.config["PURGE_INTERVAL_SECONDS"] == 60 and type(app.config["PURGE_INTERVAL_SECONDS"]) is int


def check_debug(env_app, tmp_path):
    for value, on in (("true", True), ("1", True), ("yes", True), ("false", False), ("0", False)):
        assert env_app(DEBUG=value).debug is on  # `praatplaat serve` refuses to start when on (test_app)


def check_text_max(env_app, tmp_path):
    app = env_app(migrate=True, TEXT_MAX="500")
    teacher, parent = Phone(app), Phone(app)
    code, f_url = start(teacher)
    join(parent, code)
    set_agenda(teacher, f_url, "resultaat")
    refused = parent.post("/p/t/resultaat/2", {"text": "a" * 501})
    assert refused.status_code == 400
    assert "Dit is te lang. Gebruik hoogstens 500 tekens." in refused.get_data(as_text=True)
    assert parent.post("/p/t/resultaat/2", {"text": "a" * 500}).status_code == 303
    with app.app_context():
        assert db.session.scalar(sa.select(Answer.text).where(Answer.question == "strengths")) == "a" * 500


def check_name_max(env_app, tmp_path):
    app = env_app(migrate=True, NAME_MAX="4")
    code, _ = start(Phone(app))
    phone = Phone(app)
    phone.get(f"/j/{code}")
    refused = phone.post(f"/j/{code}", {"language": "nl", "role": "parent", "nickname": "Ayse2"})
    assert refused.status_code == 400
    assert "Gebruik hoogstens 4 tekens." in refused.get_data(as_text=True)
    join(phone, code, nickname="Ayse")


def check_title_max(env_app, tmp_path):
    app = env_app(migrate=True, TITLE_MAX="10")
    phone = Phone(app)
    phone.get("/")
    form = {"start-deck": "praatplaat", "start-role": "professional", "start-mode": "table"}
    refused = phone.post("/start", {**form, "start-title": "Over Sam!!!"})
    assert refused.status_code == 400
    assert "Gebruik hoogstens 10 tekens." in refused.get_data(as_text=True)
    assert phone.post("/start", {**form, "start-title": "Over Sam!!"}).status_code == 303


def check_reachable_max(env_app, tmp_path):
    app = env_app(migrate=True, REACHABLE_MAX="12")
    teacher = Phone(app)
    _code, f_url = start(teacher)
    teacher.get(f_url + "afsluiting")
    refused = teacher.post(f_url + "afsluiting", {"text": "Maandag 9-12!"})
    assert refused.status_code == 400
    assert "Gebruik hoogstens 12 tekens." in refused.get_data(as_text=True)
    assert teacher.post(f_url + "afsluiting", {"text": "Maandag 9-12"}).status_code == 303
    with app.app_context():
        assert db.session.scalar(sa.select(Conversation.reachable)) == "Maandag 9-12"


def check_sqlalchemy_engine_options(env_app, tmp_path):
    app = env_app(SQLALCHEMY_ENGINE_OPTIONS='{"pool_pre_ping": true}')  # JSON: an object
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is True
    with app.app_context():
        assert db.engine.pool._pre_ping is True


def check_evening_lag_seconds(env_app, tmp_path):
    """60: a phone at a parent evening still shows the room as it was a moment ago; 0: every vote at once."""
    from test_evening_lag import vote

    for lag, seen in (("60", "0 mensen zijn het eens"), ("0", "1 mens is het eens")):
        app = env_app(migrate=lag == "60", EVENING_LAG_SECONDS=lag)
        (first, second), key = parents_with_a_proposal(app, 2, "evening")
        vote(second, key, True)
        assert seen in first.get("/p/t/resultaat/samen").get_data(as_text=True)


def check_processes(env_app, tmp_path):
    """`praatplaat serve` with PRAATPLAAT_PROCESSES=2 runs two server processes."""
    from test_serve_processes import children_of, serving

    with serving({**os.environ, "PRAATPLAAT_PROCESSES": "2"}, tmp_path / "serve.log") as (process, _port):
        deadline = time.monotonic() + 10  # the first answers /healthz; the second may still be starting
        while time.monotonic() < deadline and len(children_of(process.pid)) < 2:
            time.sleep(0.2)
        assert len(children_of(process.pid)) == 2, (tmp_path / "serve.log").read_text()


CHECKS = {name.removeprefix("check_").upper(): check for name, check in globals().items()
          if name.startswith("check_")}


def documented_settings() -> set[str]:
    """Every PRAATPLAAT_<NAME> the README mentions (the test database variable is for tests, not the app)."""
    return set(re.findall(r"PRAATPLAAT_([A-Z_]+[A-Z])", README.read_text())) - {"TEST_POSTGRES_URL"}


def test_every_documented_setting_has_a_check():
    assert documented_settings() == set(CHECKS)


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_a_documented_setting_from_the_environment_is_used(env_app, tmp_path, name):
    CHECKS[name](env_app, tmp_path)
