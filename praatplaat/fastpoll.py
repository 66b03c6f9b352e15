"""The polls, answered before the Flask stack: hundreds of phones ask `/p/stand` every 2.5 s.

A small WSGI middleware around `app.wsgi_app` answers exactly two requests itself:

- GET `/p/stand` with a participant cookie that belongs to a participant (a phone in several conversations
  names one with `?g=<ref>`, see cookies.py; several and none named goes to Flask),
- GET `/f/<token>/scherm/stand` (the shared screen) with a facilitator token that belongs to a conversation,

with one indexed query on a plain DBAPI connection (no session, CSRF, Babel, limiter or ORM) and the same
status, ETag, JSON body and security headers as the Flask views (`participant.state`,
`facilitator.screen_state` with `polling.version_response` and `security.security_headers`). Anything else —
another method or path, no cookie, an unknown token, a database error — goes to Flask, which answers as before.

On SQLite the query runs on the pooled connection in autocommit mode (db.py sets isolation_level=None), so it
is one read snapshot that never takes the write lock; on PostgreSQL it is one read, rolled back when the
connection returns to the pool.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import parse_qs

from flask import Flask, Response
from werkzeug.http import parse_cookie, parse_etags
from werkzeug.wsgi import get_host

from .cookies import PARTICIPANT_COOKIE, REF_ARG, chosen_token, participant_tokens
from .security import HOSTS, OUTERMOST, host_name
from .tokens import token_hash

log = logging.getLogger(__name__)

PARTICIPANT_PATH = "/p/stand"
SCREEN_PATH = re.compile(r"/f/([^/]+)/scherm/stand")

PARTICIPANT_SQL = ("SELECT conversation.version FROM participant JOIN conversation "
                   "ON conversation.id = participant.conversation_id WHERE participant.token_hash = {p}")
SCREEN_SQL = "SELECT conversation.version FROM conversation WHERE conversation.facilitator_hash = {p}"


class FastPoll:
    def __init__(self, app: Flask, wsgi_app) -> None:
        self.app = app
        self.wsgi_app = wsgi_app
        self._engine = None
        self._sql: dict[str, str] = {}
        self._headers: dict[bool, list[tuple[str, str]]] = {}

    def __call__(self, environ, start_response):
        # Flask answers in debug mode (it indents its JSON) and for a host name we do not know (it refuses it).
        if environ.get("REQUEST_METHOD") == "GET" and not self.app.debug and self._known_host(environ):
            path = environ.get("PATH_INFO", "")
            if path == PARTICIPANT_PATH:
                token = self._participant_token(environ)
                version = token and self._version("participant", token)
            elif path.startswith("/f/") and (found := SCREEN_PATH.fullmatch(path)):
                version = self._version("screen", found.group(1))
            else:
                version = None
            if version is not None:
                return self._answer(environ, start_response, version)
        return self.wsgi_app(environ, start_response)

    @staticmethod
    def _participant_token(environ) -> str | None:
        """The token this poll is about: the one `?g=` names, or the only one (several and none named: Flask)."""
        tokens = participant_tokens(parse_cookie(environ).get(PARTICIPANT_COOKIE))
        refs = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True).get(REF_ARG)
        if not refs:
            return tokens[0] if len(tokens) == 1 else None
        return chosen_token(tokens, refs[0]) if len(refs) == 1 else None

    def _known_host(self, environ) -> bool:
        try:
            return host_name(get_host(environ)) in self.app.extensions[HOSTS]
        except Exception:  # a malformed Host header: Flask gives the refusal
            return False

    def _version(self, kind: str, token: str) -> int | None:
        """The conversation's version for this token, or None (then Flask answers)."""
        try:
            if self._engine is None:
                with self.app.app_context():
                    from .db import db

                    engine = db.engine
                placeholder = "?" if engine.dialect.paramstyle == "qmark" else "%s"
                self._sql = {"participant": PARTICIPANT_SQL.format(p=placeholder),
                             "screen": SCREEN_SQL.format(p=placeholder)}
                self._engine = engine
            connection = self._engine.raw_connection()
            try:
                cursor = connection.cursor()
                cursor.execute(self._sql[kind], (token_hash(token),))
                row = cursor.fetchone()
                cursor.close()
            finally:
                connection.close()  # back to the pool, which rolls back (nothing was written)
        except Exception:  # noqa: BLE001 - whatever went wrong, Flask answers (and reports) as before
            log.debug("fast poll fell back to Flask", exc_info=True)
            return None
        return None if row is None else int(row[0])

    def _security_headers(self) -> list[tuple[str, str]]:
        """The headers security.security_headers gives a poll answer (computed once per HTTPS setting)."""
        https = bool(self.app.config["HTTPS"])
        if https not in self._headers:
            from .security import security_headers

            with self.app.test_request_context(PARTICIPANT_PATH):
                response = security_headers(Response(status=304))
            self._headers[https] = [(k, v) for k, v in response.headers.items()
                                    if k.lower() not in ("content-type", "content-length")]
        return self._headers[https]

    def _answer(self, environ, start_response, version: int):
        etag = f"v{version}"
        quoted = f'"{etag}"'
        if etag in parse_etags(environ.get("HTTP_IF_NONE_MATCH")):
            start_response("304 NOT MODIFIED", [("ETag", quoted), *self._security_headers()])
            return []
        body = f'{{"version":{version}}}\n'.encode()
        start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body))),
                                  ("ETag", quoted), *self._security_headers()])
        return [body]


def init_app(app: Flask) -> None:
    """Wrap the app's WSGI callable (outermost, so it runs before ProxyFix and the whole Flask stack; when
    `praatplaat serve` sets up ProxyFix again, security.trust_proxies keeps it in front).

    PRAATPLAAT_FAST_POLL=0 turns it off (to compare, or should it ever misbehave)."""
    if str(app.config.get("FAST_POLL", True)).strip().lower() in {"0", "false", "no", "off"}:
        return
    app.wsgi_app = app.extensions[OUTERMOST] = FastPoll(app, app.wsgi_app)
