"""Security of every request: CSRF and origin checks, readable forms, headers and CSP, the rate limiter,
the trusted proxy, secrets kept out of logs."""

from __future__ import annotations

import logging
import re
from urllib.parse import parse_qsl, urlsplit

from flask import Flask, Response, abort, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from . import cookies

csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address)


CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


def security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "no-referrer"
    headers["X-Robots-Tag"] = "noindex, nofollow"
    headers["X-Frame-Options"] = "DENY"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if not request.path.startswith("/static/"):
        headers["Cache-Control"] = "no-store"
        headers.add("Vary", "Cookie")
    if current_app.config["HTTPS"]:
        headers["Strict-Transport-Security"] = "max-age=31536000"
    return response


def same_origin() -> None:
    """Refuse a state-changing request sent by a page of another site (in addition to CSRF)."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    origin = request.headers.get("Origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.host:
        abort(403)


def readable_form() -> None:
    """A form whose text is not valid UTF-8 is refused (400) rather than silently changed."""
    if request.method != "POST" or request.mimetype != "application/x-www-form-urlencoded":
        return
    raw = request.get_data(cache=True)  # Werkzeug parses the form from this cached copy afterwards
    try:
        parse_qsl(raw.decode("ascii"), keep_blank_values=True, encoding="utf-8", errors="strict")
    except (UnicodeDecodeError, ValueError):
        abort(400)


class RedactSecrets(logging.Filter):
    """Keep capability secrets out of logs (facilitator links in paths, tokens in messages)."""

    pattern = re.compile(r"/f/[A-Za-z0-9_-]{16,}")

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.pattern.search(message):
            record.msg, record.args = self.pattern.sub("/f/<secret>", message), None
        return True


def init_app(app: Flask) -> None:
    app.before_request(readable_form)  # first: it must read the raw body before anything parses the form
    csrf.init_app(app)
    limiter.init_app(app)
    app.logger.addFilter(RedactSecrets())
    app.before_request(same_origin)
    if app.config["TRUSTED_PROXIES"]:
        n = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n, x_prefix=n)
    app.before_request(cookies.load_participant)
    app.after_request(security_headers)
