"""The afsprakenlijst rendered: as plain text, and in two languages side by side for print."""

from __future__ import annotations

from flask import render_template
from flask_babel import force_locale
from markupsafe import Markup

from . import i18n
from .readmodel import ListView


def render_text(lijst: ListView):
    """The list as plain text, to paste into a file."""
    body = render_template("shared/list.txt", lijst=lijst)
    return body, 200, {"Content-Type": "text/plain; charset=utf-8"}


def render_bilingual(lijst: ListView, languages: list[str]) -> str:
    """The same list rendered once per language, side by side (one column when the reader reads Dutch).

    Each column shows someone's words in its own language first: a person's translation into it when there is
    one (marked with who translated it, the words as written printed under it), else the words as written,
    marked with their language (the `written` macro, `printing`).
    """
    columns = []
    for code in dict.fromkeys(languages):
        with force_locale(code):
            columns.append((code, i18n.direction(code),
                            Markup(render_template("shared/_list.html", lijst=lijst, printing=True))))
    return render_template("shared/bilingual.html", columns=columns)
