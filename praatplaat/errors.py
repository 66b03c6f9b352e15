"""Error pages: a plain message in the reader's language and the right status, never a bare 500."""

from __future__ import annotations

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from .db import db
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


def render_error(status: int, message: str | None = None, headers: dict | None = None):
    title, default = MESSAGES.get(status, MESSAGES[400])
    body = render_template("errors/error.html", title=title, message=message or default, status=status)
    return body, status, headers or {}


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
        headers = {}
        if error.code == 429:
            retry = getattr(error, "retry_after", None) or 60
            headers["Retry-After"] = str(int(retry))
        if error.code == 405 and error.valid_methods:
            headers["Allow"] = ", ".join(error.valid_methods)
        return render_error(error.code or 400, headers=headers)

    @app.errorhandler(OperationalError)
    def database_busy(error: OperationalError):
        # SQLite still locked after the busy timeout: ask the phone to try again; nothing was stored.
        db.session.rollback()
        if "locked" in str(error.orig).lower() or "busy" in str(error.orig).lower():
            return render_error(503, headers={"Retry-After": "2"})
        raise error
