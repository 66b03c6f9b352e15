"""Pages every audience shares: health check, about, the language switch."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, g, redirect, render_template, request, session, url_for
from sqlalchemy import text

from .. import i18n, operations
from ..db import db

bp = Blueprint("pages", __name__)


def safe_next(target: str | None) -> str:
    """Only paths on this site; anything else (other hosts, CR/LF, //) goes home."""
    if not target or any(ch in target for ch in "\r\n\\") or target.startswith("//"):
        return url_for("start.index")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return url_for("start.index")
    return target


@bp.route("/healthz")
def healthz():
    """Health check for the person running the server: the database answers."""
    db.session.execute(text("SELECT 1"))
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}


@bp.route("/ping")
def ping():
    """A bare endpoint that does no work: the yardstick for bench/load.py."""
    return "pong", 200, {"Content-Type": "text/plain; charset=utf-8"}


@bp.route("/over")
def about():
    """About this tool: where the ideas come from, and how each translation was made."""
    reviews = [(code, i18n.NATIVE_REVIEW.get(code, False)) for code in i18n.available() if code != "nl"]
    return render_template("about.html", reviews=reviews)


@bp.route("/taal", methods=["POST"])
def change_language():
    """Switch the language of this phone (and of the participant, when in a conversation)."""
    code = i18n.valid(request.form.get("lang"))
    if not code:
        abort(400)
    session["lang"] = code
    if g.participant is not None:
        operations.set_language(g.participant, code)
    return redirect(safe_next(request.form.get("next")), code=303)
