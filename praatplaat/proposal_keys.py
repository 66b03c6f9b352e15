"""Is this a proposal of the theme? Checked from two column queries, without building the merged view.

A proposal's key (merge.proposal_key) is a hash of what was proposed (template, or the normalised words), who
(with "me"/"other" resolved against the roles present), when and the date. So the keys of a theme are computed
from the proposal answers' columns and the conversation's roles, with the same rules as results.theme_result,
and no ORM objects, votes, decisions or people lists.
"""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import bindparam, select

from . import merge
from .db import db
from .models import Answer, Conversation, Participant

_PROPOSALS = (select(Answer.template, Answer.text, Answer.who, Answer.when, Answer.when_date, Participant.role)
              .distinct().join(Participant, Participant.id == Answer.participant_id)
              .where(Participant.conversation_id == bindparam("conversation_id"),
                     Answer.theme_key == bindparam("key"), Answer.question == "proposal"))
_ROLES = select(Participant.role).distinct().where(Participant.conversation_id == bindparam("conversation_id"))


def proposal_keys(conversation: Conversation, key: str) -> set[str]:
    """The keys of the theme's merged proposals: the same set as results.theme_result(...).proposals.

    One row per different proposal (DISTINCT: a room that chose the same suggestion is a few rows, not one per
    person), and each key computed once per process (`_key`): the cost hardly grows with the room."""
    params = {"conversation_id": conversation.id, "key": key}
    connection = db.session.connection()
    rows = connection.execute(_PROPOSALS, params).all()
    roles: tuple[str, ...] | None = None
    keys = set()
    for template, text, who, when, when_date, role in rows:
        if not template and not (text or "").strip():
            continue
        who, when = who or "together", when or "next"
        if who == "other" and roles is None:  # only then do the roles present matter
            roles = tuple(sorted(connection.execute(_ROLES, params).scalars()))
        keys.add(_key(template, text or "", who, role, roles or (), when, when_date if when == "date" else None))
    return keys


@lru_cache(maxsize=4096)
def _key(template, text, who, role, roles, when, when_date) -> str:
    return merge.proposal_key(template, text, merge.resolve_who(who, role, roles), when, when_date)


def is_proposal(conversation: Conversation, key: str, proposal_key: str | None) -> bool:
    return bool(proposal_key) and proposal_key in proposal_keys(conversation, key)
