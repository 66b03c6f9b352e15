"""Is this a proposal of the theme? Checked from two column queries, without building the merged view.

A proposal's key (merge.proposal_key) is a hash of what was proposed (template, or the normalised words), who
(with "me"/"other" resolved against the roles present), when and the date. So the keys of a theme are computed
from the proposal answers' columns and the conversation's roles, with the same rules as results.theme_result,
and no ORM objects, votes, decisions or people lists.
"""

from __future__ import annotations

from sqlalchemy import select

from . import merge
from .db import db
from .models import Answer, Conversation, Participant


def proposal_keys(conversation: Conversation, key: str) -> set[str]:
    """The keys of the theme's merged proposals: the same set as results.theme_result(...).proposals."""
    rows = db.session.execute(
        select(Answer.template, Answer.text, Answer.who, Answer.when, Answer.when_date, Participant.role)
        .join(Participant, Participant.id == Answer.participant_id)
        .where(Participant.conversation_id == conversation.id, Answer.theme_key == key,
               Answer.question == "proposal")).all()
    roles: list[str] | None = None
    keys = set()
    for template, text, who, when, when_date, role in rows:
        if not template and not (text or "").strip():
            continue
        who, when = who or "together", when or "next"
        if who == "other" and roles is None:  # only then do the roles present matter
            roles = list(db.session.scalars(select(Participant.role).distinct().where(
                Participant.conversation_id == conversation.id)))
        resolved = merge.resolve_who(who, role, roles or ())
        keys.add(merge.proposal_key(template, text or "", resolved, when, when_date if when == "date" else None))
    return keys


def is_proposal(conversation: Conversation, key: str, proposal_key: str | None) -> bool:
    return bool(proposal_key) and proposal_key in proposal_keys(conversation, key)
