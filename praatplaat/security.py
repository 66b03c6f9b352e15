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
from werkzeug.routing import IntegerConverter
from werkzeug.sansio.multipart import Data, Epilogue, File, MultipartDecoder, NeedData

from . import cookies

csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address)


def join_failures_limit():
    """Wrong join codes per client address; only failures count (deduct_when), so a full school hall
    behind one address can still join."""
    return limiter.shared_limit(lambda: current_app.config["JOIN_FAILURES_LIMIT"], scope="join-failures",
                                deduct_when=lambda response: response.status_code == 404)
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


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def readable_form() -> None:
    """A form whose text is not valid UTF-8 is refused (400) rather than silently changed; so is a body
    that is not a form (JSON: 415) and a form with a file in it (no page asks for files)."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    if request.mimetype not in FORM_TYPES:
        if request.mimetype or request.content_length:
            abort(415)
        return
    raw = request.get_data(cache=True)  # Werkzeug parses the form from this cached copy afterwards
    if request.mimetype == "multipart/form-data":
        _readable_multipart(raw, request.mimetype_params.get("boundary", ""))
        return
    try:
        parse_qsl(raw.decode("ascii"), keep_blank_values=True, encoding="utf-8", errors="strict")
    except (UnicodeDecodeError, ValueError):
        abort(400)


def _readable_multipart(raw: bytes, boundary: str) -> None:
    """Multipart text fields get the same strict UTF-8 check; a file part is refused."""
    if not boundary:
        abort(400)
    decoder = MultipartDecoder(boundary.encode("latin-1", "replace"), max_form_memory_size=len(raw) + 1)
    decoder.receive_data(raw)
    decoder.receive_data(None)
    value = b""
    try:
        while not isinstance(event := decoder.next_event(), Epilogue | NeedData):
            if isinstance(event, File):
                abort(400)
            if isinstance(event, Data):
                value += event.data
                if not event.more_data:
                    value.decode("utf-8", errors="strict")
                    value = b""
    except (UnicodeDecodeError, ValueError):
        abort(400)


class DatabaseId(IntegerConverter):
    """`<int:…>` in a URL: ASCII digits only, and small enough for every database's integer column
    (PostgreSQL's int4), so a huge id is a plain 404 rather than an overflow in the database."""

    regex = r"[0-9]{1,10}"

    def __init__(self, map, fixed_digits: int = 0, min: int | None = 0, max: int | None = 2**31 - 1,
                 signed: bool = False) -> None:
        super().__init__(map, fixed_digits, min, max, signed)


class RedactSecrets(logging.Filter):
    """Keep capability secrets out of logs (facilitator links in paths, tokens in messages)."""

    pattern = re.compile(r"/f/[A-Za-z0-9_-]{16,}")

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.pattern.search(message):
            record.msg, record.args = self.pattern.sub("/f/<secret>", message), None
        return True


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = DatabaseId  # before any blueprint adds its routes
    # Who is asking comes first (cookie only, no form), so even a refusal is in that person's language.
    app.before_request(cookies.load_participant)
    app.before_request(readable_form)  # next: it must read the raw body before anything parses the form
    csrf.init_app(app)
    limiter.init_app(app)
    app.logger.addFilter(RedactSecrets())
    app.before_request(same_origin)
    if app.config["TRUSTED_PROXIES"]:
        n = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n, x_prefix=n)
    app.after_request(security_headers)
