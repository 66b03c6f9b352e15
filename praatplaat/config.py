"""Configuration: defaults, then instance/config.py, then PRAATPLAAT_* environment variables."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask

DEFAULTS: dict[str, Any] = {
    "RETENTION_DAYS": 30,
    "LOOKBACK_GRACE_DAYS": 14,
    "RETENTION_MAX_DAYS": 180,
    "JOIN_HOURS": 12,
    "MAX_CONTENT_LENGTH": 64 * 1024,
    "TEXT_MAX": 1000,
    "NAME_MAX": 40,
    "TITLE_MAX": 80,
    "REACHABLE_MAX": 300,  # the closing's "Wanneer en hoe ben ik bereikbaar?": a short line or two
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_NAME": "pp_s",
    "HTTPS": False,
    "TRUSTED_PROXIES": 0,
    # Where people reach the app, e.g. "https://praatplaat.school.nl": links and QR codes use it, and requests
    # for any other host are refused. Without it: ALLOWED_HOSTS (default: this machine's local addresses).
    "PUBLIC_URL": "",
    "ALLOWED_HOSTS": None,
    # The waitress address of the one proxy whose X-Forwarded-* headers count ("*": any, when only the proxy
    # can reach `praatplaat serve`).
    "TRUSTED_PROXY_ADDRESS": "*",
    # The Origin check (security.same_origin) and the CSRF token protect forms; a Referer is not needed (we send
    # Referrer-Policy: no-referrer, so browsers send none, and Flask-WTF would refuse every POST over HTTPS).
    "WTF_CSRF_SSL_STRICT": False,
    "RATELIMIT_STORAGE_URI": "memory://",
    "JOIN_FAILURES_LIMIT": "60 per 5 minutes",
    "RATELIMIT_HEADERS_ENABLED": True,
    "PURGE_INTERVAL_SECONDS": 3600,
    # At a parent evening the phones' merged view may show the room's counts this many seconds late (issue 11):
    # 200 phones then share one computation instead of one per vote. 0: always the newest.
    "EVENING_LAG_SECONDS": 1.0,
    "WTF_CSRF_TIME_LIMIT": None,
    "SQLALCHEMY_ENGINE_OPTIONS": {},
    "BABEL_DEFAULT_LOCALE": "nl",
    # Static files carry a content hash in their URL (see views_common.asset), so they may be kept long.
    "SEND_FILE_MAX_AGE_DEFAULT": 365 * 86400,
}

# Settings without a default that are always text, even when they look like a number.
_TEXT = {"SECRET_KEY", "DATABASE_URL"}
_YES = {"1", "true", "yes", "on"}


def _from_environment(app: Flask) -> None:
    """PRAATPLAAT_<NAME> overrides <NAME>, typed by Flask (JSON: numbers, true/false, lists, objects; other
    values stay text); a setting keeps the type it already has: yes/no words for a boolean, the raw text for
    text, and a whole number for a number."""
    before = dict(app.config)
    app.config.from_prefixed_env("PRAATPLAAT")
    for key, raw in os.environ.items():
        name = key.removeprefix("PRAATPLAAT_")
        if name == key or "__" in name:  # not ours, or one key inside a dict (Flask handles those)
            continue
        current = before.get(name)
        if isinstance(current, bool):
            app.config[name] = raw.strip().lower() in _YES
        elif isinstance(current, str) or name in _TEXT:
            app.config[name] = raw
        elif isinstance(current, int) and type(app.config[name]) is not int:
            raise ValueError(f"{key} must be a whole number, not {raw!r}")


def load(app: Flask, test_config: dict[str, Any] | None) -> None:
    """Fill app.config in the documented order of precedence."""
    app.config.from_mapping(DEFAULTS)
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance / 'praatplaat.sqlite'}"
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        _from_environment(app)
    else:
        app.config.from_mapping(test_config)
    if app.config.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = app.config["DATABASE_URL"]
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(instance)
    if app.config["HTTPS"]:
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["PREFERRED_URL_SCHEME"] = "https"


def _instance_secret(instance: Path) -> str:
    """Generate a secret key once and keep it in instance/ (never a fixed default)."""
    path = instance / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        key = secrets.token_hex(32)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first
            return path.read_text().strip()
        with os.fdopen(fd, "w") as handle:
            handle.write(key)
        return key
