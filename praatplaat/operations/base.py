"""Shared by every write: refusals, retries, the clock, the version bump, and the lookups a write starts from."""


from __future__ import annotations

from datetime import UTC, datetime
from functools import wraps

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from .. import vocabulary
from ..db import db
from ..decks import get_deck
from ..models import (
    AgendaItem,
    Conversation,
    Participant,
    Pick,
)
from ..tokens import normalise_code, token_hash

ROLES, ANONYMOUS_ROLE, OPENING = vocabulary.ROLES, vocabulary.ANONYMOUS_ROLE, vocabulary.OPENING


class Refused(Exception):
    """The action is not possible now; `reason` says why (a key the views translate)."""

    def __init__(self, reason: str, status: int = 409) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


def retry_on_conflict(operation):
    """Two copies of one request (a double tap) may both insert; the loser retries and updates instead."""

    @wraps(operation)
    def wrapped(*args, **kwargs):
        try:
            return operation(*args, **kwargs)
        except IntegrityError:
            db.session.rollback()
            return operation(*args, **kwargs)

    return wrapped


def row_for(model, **key):
    """The one row of `model` with these key values, or a new one added to the session (an upsert)."""
    row = db.session.scalar(select(model).filter_by(**key))
    if row is None:
        row = model(**key)
        db.session.add(row)
    return row


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def touch(conversation: Conversation) -> None:
    """Mark a change: keeps the conversation alive and tells pollers something changed."""
    conversation.last_activity_at = utcnow()
    conversation.version = (conversation.version or 0) + 1


def roles_for(deck_key: str) -> tuple[str, ...]:
    """The roles a deck is meant for (the team scan: professionals only)."""
    deck = get_deck(deck_key)
    return deck.roles if deck and deck.roles else ROLES


def conversation_for_code(raw_code: str, now: datetime | None = None) -> Conversation:
    """The conversation one can join with this code; Refused('unknown', 404) or ('closed', 410)."""
    code = normalise_code(raw_code)
    conversation = code and db.session.scalar(select(Conversation).where(Conversation.join_code == code))
    if not conversation:
        raise Refused("unknown_code", 404)
    if not conversation.joining_open or (now or utcnow()) > conversation.join_expires_at:
        raise Refused("closed_code", 410)
    return conversation


def conversation_for_facilitator(token: str) -> Conversation | None:
    return db.session.scalar(select(Conversation).where(Conversation.facilitator_hash == token_hash(token)))


def participant_for_token(token: str | None) -> Participant | None:
    if not token:
        return None
    return db.session.scalar(select(Participant).where(Participant.token_hash == token_hash(token)))


def theme_keys(conversation: Conversation) -> list[str]:
    deck = get_deck(conversation.deck)
    keys = [t.key for t in deck.themes] if deck else []
    return keys + [own.key for own in conversation.own_themes]


def agenda_item(conversation: Conversation, key: str) -> AgendaItem | None:
    return next((item for item in conversation.agenda if item.theme_key == key), None)


def _open_item(participant: Participant, key: str) -> AgendaItem:
    item = agenda_item(participant.conversation, key)
    if item is None:
        raise Refused("not_on_agenda", 404)
    if item.closed:
        raise Refused("theme_closed", 409)
    return item


def drop_own_themes(conversation: Conversation, participant: Participant) -> None:
    """A participant leaves (withdraws, or is removed): their own themes go too, unless on the agenda. Then
    others' answers hang on it, and it stays (without its author), so nobody's work or links break."""
    for own in conversation.own_themes:
        if own.participant_id == participant.id and agenda_item(conversation, own.key) is None:
            db.session.execute(delete(Pick).where(Pick.theme_key == own.key, Pick.participant_id.in_(
                select(Participant.id).where(Participant.conversation_id == conversation.id))))
            db.session.delete(own)
