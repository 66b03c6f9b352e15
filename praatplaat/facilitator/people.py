"""The gespreksleider and the people at the table: remove a phone, mark someone as not taking part in a theme.

Routes of the facilitator blueprint (`views.bp`), kept apart so `views.py` stays small.
"""

from __future__ import annotations

from flask import abort, g, redirect, request, url_for

from .. import operations
from ..models import Participant
from . import forms


def me() -> Participant | None:
    """The participant this browser is in this conversation (the facilitator who takes part), if any."""
    participant = g.get("participant")
    return participant if participant is not None and participant.conversation_id == g.conversation.id else None


def remove(participant_id: int):
    """Remove a participant (their link stops working and their answers go)."""
    if not forms.ActionForm().validate_on_submit():
        abort(400)
    operations.remove_participant(g.conversation, participant_id)
    return redirect(url_for("facilitator.dashboard") + "#people", code=303)


def absence(key: str, participant_id: int):
    """Mark a person as not taking part in this theme (they then do not count for its agreements), or undo it."""
    if not forms.ActionForm().validate_on_submit():
        abort(400)
    operations.set_absent(g.conversation, participant_id, key, request.form.get("absent") == "1")
    return redirect(url_for("facilitator.theme", key=key) + "#people", code=303)


def init(bp) -> None:
    bp.add_url_rule("/deelnemer/<int:participant_id>/weg", "remove", remove, methods=["POST"])
    bp.add_url_rule("/t/<key>/deelnemer/<int:participant_id>", "absence", absence, methods=["POST"])
