"""The afsprakenlijst as pages: what every list view (phone, facilitator, print, plain text) renders."""

from __future__ import annotations

import json

from flask import render_template
from flask_babel import force_locale
from markupsafe import Markup

from . import i18n, results
from .decks import get_deck
from .retention import keep_until


def list_context(conversation) -> dict:
    deck = get_deck(conversation.deck)
    return {"conversation": conversation, "themes": results.agenda_themes(conversation),
            "results": results.all_results(conversation), "people": conversation.participants,
            "delete_after": keep_until(conversation), "deck": deck, "reviews": results.reviews(conversation),
            "history": [(h.number, h.closed_on, json.loads(h.data)) for h in conversation.history],
            "goals": results.goals(conversation) if conversation.opening else []}


def render_bilingual(conversation, languages: list[str]):
    """The same list rendered once per language, side by side (one column when the reader reads Dutch)."""
    context = list_context(conversation)
    columns = []
    for code in dict.fromkeys(languages):
        with force_locale(code):
            columns.append((code, i18n.direction(code), Markup(render_template("shared/_list.html", **context))))
    return render_template("shared/bilingual.html", columns=columns, **context)
