"""The participant cookie: a random token per phone; the database keeps only its hash."""

from __future__ import annotations

from flask import Response, current_app, g, request

from . import operations

PARTICIPANT_COOKIE = "pp_p"


def load_participant() -> None:
    """Who is this phone? (the cookie holds a random token; we keep only its hash)"""
    g.participant = operations.participant_for_token(request.cookies.get(PARTICIPANT_COOKIE))


def remember_participant(response: Response, token: str) -> None:
    days = current_app.config["RETENTION_DAYS"]
    response.set_cookie(PARTICIPANT_COOKIE, token, max_age=days * 86400, httponly=True, samesite="Lax",
                        secure=bool(current_app.config["HTTPS"]))


def forget_participant(response: Response) -> None:
    response.delete_cookie(PARTICIPANT_COOKIE, httponly=True, samesite="Lax",
                           secure=bool(current_app.config["HTTPS"]))
