"""Error pages: a plain message in the reader's language and the right status, never a bare 500."""

from __future__ import annotations

import math

from flask import Flask, current_app, render_template
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, IntegrityError
from werkzeug.exceptions import HTTPException

from .db import db, is_transient
from .labels import REFUSAL
from .operations import Refused
from .security import UnknownHost

MESSAGES = {
    400: (_l("Dat ging niet goed"), _l("Er klopt iets niet in wat je stuurde. Probeer het nog eens.")),
    403: (_l("Dat mag niet"), _l("Deze pagina is niet voor jou. Misschien hoort de link bij een ander gesprek.")),
    404: (_l("Niet gevonden"), _l("Deze pagina bestaat niet, of is weggehaald.")),
    405: (_l("Dat kan zo niet"), _l("Gebruik de knoppen op de pagina.")),
    409: (_l("Dat kan nu niet"), _l("Dit kan nu niet meer. Kijk op de pagina wat er veranderd is.")),
    410: (_l("Gesloten"), _l("Dit gesprek is gesloten of bestaat niet meer.")),
    413: (_l("Te lang"), _l("Je tekst is te lang. Maak hem korter en probeer het nog eens.")),
    429: (_l("Even wachten"),
          _l("Je hebt te vaak een verkeerde code gebruikt. Wacht even en probeer het dan opnieuw.")),
    500: (_l("Er ging iets mis"), _l("Er ging bij ons iets mis. Je antwoorden zijn bewaard. Probeer het zo nog eens.")),
    503: (_l("Het is even druk"), _l("Het is nu erg druk. Wacht een paar tellen en probeer het opnieuw.")),
}
CSRF_MESSAGE = _l("Deze pagina was te lang open. Laad de pagina opnieuw en probeer het nog eens.")
HOST_MESSAGE = _l("Dit adres hoort niet bij deze Praatplaat. Gebruik de link of de QR-code die je kreeg.")


# The last resort when even the error page cannot be made: still a page of ours, with the right status.
FALLBACK = ('<!doctype html><html lang="nl"><meta charset="utf-8"><meta name="viewport" '
            'content="width=device-width, initial-scale=1"><title>Praatplaat</title>'
            "<h1>Er ging iets mis</h1><p>Probeer het zo nog eens.</p></html>")


def _rollback() -> None:
    """A failed transaction must be rolled back before anything else reads (the error page does)."""
    try:
        db.session.rollback()
    except Exception:  # a broken connection: drop the session, the next request gets a new one
        current_app.logger.exception("rollback failed")
        db.session.remove()


def render_error(status: int, message: str | None = None, headers: dict | None = None):
    _rollback()
    title, default = MESSAGES.get(status, MESSAGES[400])
    try:
        body = render_template("errors/error.html", title=title, message=message or default, status=status)
    except Exception:
        current_app.logger.exception("the error page for %s failed", status)
        _rollback()
        body = FALLBACK
    return body, status, headers or {}


def busy():
    """The database is busy (locked, a deadlock that kept coming back): try again in a moment."""
    return render_error(503, headers={"Retry-After": "2"})


def init_app(app: Flask) -> None:
    @app.errorhandler(Refused)
    def refused(error: Refused):
        return render_error(error.status, str(REFUSAL.get(error.reason, "")) or None)

    @app.errorhandler(CSRFError)
    def csrf_error(_error: CSRFError):
        return render_error(400, str(CSRF_MESSAGE))

    @app.errorhandler(UnknownHost)
    def unknown_host(_error: UnknownHost):
        return render_error(400, str(HOST_MESSAGE))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        headers, message = {}, None
        if error.code == 429:
            retry = int(getattr(error, "retry_after", None) or 60)
            headers["Retry-After"] = str(retry)
            message = ngettext("Je hebt te vaak een verkeerde code gebruikt. Wacht %(num)s minuut en probeer het "
                               "dan opnieuw.",
                               "Je hebt te vaak een verkeerde code gebruikt. Wacht %(num)s minuten en probeer het "
                               "dan opnieuw.", math.ceil(retry / 60))
        if error.code == 405 and error.valid_methods:
            headers["Allow"] = ", ".join(error.valid_methods)
        if error.code == 503:
            headers.setdefault("Retry-After", "2")
        return render_error(error.code or 400, message, headers=headers)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        # Every other exception: roll back first, then our own page (never waitress's bare text).
        _rollback()
        if isinstance(error, DBAPIError) and (is_transient(error) or error.connection_invalidated):
            app.logger.warning("database busy: %s", error)
            return busy()
        if isinstance(error, IntegrityError):  # a race that kept losing after every retry: show what is there
            app.logger.warning("conflict: %s", error)
            return render_error(409)
        app.logger.error("unexpected error", exc_info=error)
        return render_error(500)
