"""Shared by every write: refusals, retries, the clock, the version bump, and the lookups a write starts from."""


from __future__ import annotations

import random
import time
from datetime import UTC, datetime
from functools import wraps

from sqlalchemy import and_, bindparam, delete, insert, inspect, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import joinedload

from .. import versioncache, vocabulary
from ..db import begin_write, db, is_transient
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


TRIES = 5
RETRY_SECONDS = 10  # no new try after this long: a phone should hear "busy, try again" rather than hang


def retry_on_conflict(operation):
    """A write that lost a race starts again, a few times: a twin request (a double tap) inserted the same
    row first and a unique constraint said no, PostgreSQL broke a deadlock, or SQLite stayed locked.

    Every try rolls back (which also expires what the session had read), waits a short jittered moment, and
    runs the whole operation again, so it re-reads and re-applies. When the last try fails too, the error goes
    on to the error pages: a busy database becomes a 503 with Retry-After there, never a bare error.
    """

    @wraps(operation)
    def wrapped(*args, **kwargs):
        deadline = time.monotonic() + RETRY_SECONDS
        for attempt in range(1, TRIES + 1):
            try:
                return operation(*args, **kwargs)
            except DBAPIError as error:
                db.session.rollback()
                if attempt == TRIES or time.monotonic() > deadline or not (
                        isinstance(error, IntegrityError) or is_transient(error)):
                    raise
                time.sleep(random.uniform(0.005, 0.02) * attempt)
        raise AssertionError("unreachable")

    return wrapped


def row_for(model, **key):
    """The one row of `model` with these key values, or a new one added to the session (an upsert).

    Read fresh from the database (not from what the session remembers), so a row a twin request has just
    committed is found and changed instead of inserted a second time.
    """
    row = db.session.scalar(select(model).filter_by(**key).execution_options(populate_existing=True))
    if row is None:
        row = model(**key)
        db.session.add(row)
    return row


def own_row(model, key: dict, columns) -> dict | None:
    """The stored values of `columns` in the one row of `model` with these key values (and its id), or None.

    Core SQL, no ORM object: for the writes a whole room sends at once (an answer, a vote), with `put_row`.
    """
    table = model.__table__
    statement = _OWN_ROW.get((table.name, tuple(key), tuple(columns)))
    if statement is None:
        statement = select(table.c.id, *(table.c[c] for c in columns)).where(
            *(table.c[k] == bindparam(f"k_{k}") for k in key))
        _OWN_ROW[(table.name, tuple(key), tuple(columns))] = statement
    row = db.session.connection().execute(statement, {f"k_{k}": v for k, v in key.items()}).first()
    return row._asdict() if row is not None else None


_OWN_ROW: dict[tuple, object] = {}  # statements built once


def put_row(model, key: dict, old: dict | None, values: dict, *, stamp: str | None = None,
            words: tuple[str, ...] = ()) -> int | None:
    """Insert the row (`old` is None) or change it where a value differs from `old` (read by `own_row`).
    Returns the row's id when it was written, None when nothing changed. `stamp`: a column set to now on every
    change. `words`: columns people wrote; replacing words that were there tells retention.py to wipe them from
    the files after the commit (as its before_flush hook does for ORM rows)."""
    table = model.__table__
    if old is not None:
        values = {c: v for c, v in values.items() if c not in old or old[c] != v}
        if not values:
            return None
        if any(old[c] for c in words if c in values):
            db.session.info["words_removed"] = True
    if stamp:
        values[stamp] = utcnow()
    connection = db.session.connection()
    # Statements built once per table, the values given as parameters: building `insert(table).values(...)` anew
    # (and its cache key) was a tenth of an answer's Python work (issue 11). SQLAlchemy compiles and caches one
    # form per set of columns given, as it did per statement.
    if old is None:
        statement = _INSERT.get(table.name)
        if statement is None:
            statement = _INSERT[table.name] = insert(table)
        return connection.execute(statement, {**key, **values}).inserted_primary_key[0]
    statement = _UPDATE.get(table.name)
    if statement is None:
        statement = _UPDATE[table.name] = update(table).where(table.c.id == bindparam("row_id"))
    connection.execute(statement, {"row_id": old["id"], **values})
    return old["id"]


_INSERT: dict[str, object] = {}
_UPDATE: dict[str, object] = {}


def lock(conversation: Conversation) -> None:
    """Start a write: writers of one conversation take turns, and then read what the one before them wrote.

    PostgreSQL: a row lock on the conversation (FOR NO KEY UPDATE, so inserting rows that refer to it still
    works), taken first by every write, so two writes of one conversation cannot deadlock and the second
    sees the first's rows. SQLite: the transaction began with BEGIN IMMEDIATE (db.py), which already
    serialises writers; FOR UPDATE is left out there. Everything the session read before is expired (on SQLite
    it was read in a read transaction, which `db.begin_write` ends: reads take no write lock).
    """
    _lock(conversation.id)


def _lock(conversation_id: int) -> None:
    begin_write()  # SQLite: what the request read so far was read without the write lock
    found = db.session.execute(select(Conversation.id).where(Conversation.id == conversation_id)
                               .with_for_update(key_share=True)).first()
    if found is None:
        raise Refused("closed_code", 410)
    db.session.expire_all()


def lock_participant(participant: Participant) -> Participant:
    """`lock` for a participant's write; Refused when the participant was removed meanwhile."""
    participant_id = participant.id
    lock(participant.conversation)
    fresh = db.session.get(Participant, participant_id)
    if fresh is None:
        raise Refused("unknown_participant", 410)
    return fresh


def lock_open_theme(participant: Participant, key: str) -> tuple[int, int]:
    """`lock` for an answer or a vote, and then in one statement: the participant is still there (else Refused
    410), the theme is on the agenda (404) and open (409). Returns the participant's and the conversation's id."""
    participant_id, conversation_id = participant.id, participant.conversation_id
    if db.engine.dialect.name == "sqlite":  # BEGIN IMMEDIATE is the lock; the row below shows the conversation is there
        begin_write()
        db.session.expire_all()
    else:
        _lock(conversation_id)
    row = db.session.connection().execute(_OPEN_THEME, {"participant_id": participant_id, "key": key}).first()
    refusal = (("unknown_participant", 410) if row is None else ("not_on_agenda", 404) if row.closed is None
               else ("theme_closed", 409) if row.closed else None)
    if refusal:
        db.session.rollback()  # the write lock goes at once, also when the caller shows a page next
        raise Refused(*refusal)
    return participant_id, conversation_id


_OPEN_THEME = select(Participant.__table__.c.id, AgendaItem.__table__.c.closed).outerjoin(
    AgendaItem.__table__, and_(AgendaItem.__table__.c.conversation_id == Participant.__table__.c.conversation_id,
                               AgendaItem.__table__.c.theme_key == bindparam("key"))).where(
    Participant.__table__.c.id == bindparam("participant_id"))


def changed(*rows) -> bool:
    """Whether saving these rows changes anything: new, deleted, or a value that differs from the stored one."""
    session = db.session
    return any(row in session.new or row in session.deleted or session.is_modified(row) for row in rows)


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def touch(conversation: Conversation | int) -> None:
    """Mark a change: keeps the conversation alive and tells pollers something changed.

    The version rises in SQL (version = version + 1), never from a value read earlier, so two writes at once
    give two steps and every state has its own ETag. The session's copy of the two columns is expired, so
    a flush cannot write an older value back.
    """
    # The id from the session's identity map: the row is usually expired here (lock), and reading .id would
    # load it again.
    identity = inspect(conversation).identity if isinstance(conversation, Conversation) else None
    conversation_id = identity[0] if identity else getattr(conversation, "id", conversation)
    # Core SQL on the session's connection: nothing to flush or synchronise first (the commit flushes).
    db.session.connection().execute(_TOUCH, {"conversation_id": conversation_id, "now": utcnow()})
    if isinstance(conversation, Conversation):
        db.session.expire(conversation, ["version", "last_activity_at"])
    db.session().info[versioncache.WROTE] = True  # what this transaction reads is not kept until it commits


_CONVERSATION = Conversation.__table__
_TOUCH = (update(_CONVERSATION).where(_CONVERSATION.c.id == bindparam("conversation_id"))
          .values(version=_CONVERSATION.c.version + 1, last_activity_at=bindparam("now")))


def roles_for(deck_key: str) -> tuple[str, ...]:
    """The roles a deck is meant for (the team scan: professionals only)."""
    deck = get_deck(deck_key)
    return deck.roles if deck and deck.roles else ROLES


def join_roles(conversation: Conversation) -> tuple[str, ...]:
    """The roles offered when joining: the deck's, the tolk at a table of a deck open to every role (not at a
    parent evening, not in the team scan), and "zeg ik liever niet" at a parent evening."""
    roles = roles_for(conversation.deck)
    if conversation.mode == vocabulary.Mode.EVENING:
        return (*roles, ANONYMOUS_ROLE)
    return (*roles, vocabulary.INTERPRETER_ROLE) if roles == ROLES else roles


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
    # With its conversation in the same query: nearly every request of a phone reads it.
    return db.session.scalar(_BY_TOKEN, {"token_hash": token_hash(token)})


_BY_TOKEN = select(Participant).options(joinedload(Participant.conversation)).where(
    Participant.token_hash == bindparam("token_hash"))  # built once: every request of a phone runs it


def participants_for_tokens(tokens: list[str]) -> dict[str, Participant]:
    """The participants these tokens belong to, in the tokens' order (one query; gone ones are left out)."""
    if not tokens:
        return {}
    hashes = {token_hash(t): t for t in tokens}
    found = {p.token_hash: p for p in db.session.scalars(
        select(Participant).where(Participant.token_hash.in_(list(hashes))))}
    return {t: found[h] for h, t in hashes.items() if h in found}


def theme_keys(conversation: Conversation) -> list[str]:
    deck = get_deck(conversation.deck)
    keys = [t.key for t in deck.themes] if deck else []
    return keys + [own.key for own in conversation.own_themes]


def agenda_item(conversation: Conversation, key: str) -> AgendaItem | None:
    return next((item for item in conversation.agenda if item.theme_key == key), None)


def drop_own_themes(conversation: Conversation, participant: Participant) -> None:
    """A participant leaves (withdraws, or is removed): their own themes go too, unless on the agenda. Then
    others' answers hang on it, and it stays (without its author), so nobody's work or links break."""
    for own in conversation.own_themes:
        if own.participant_id == participant.id and agenda_item(conversation, own.key) is None:
            db.session.execute(delete(Pick).where(Pick.theme_key == own.key, Pick.participant_id.in_(
                select(Participant.id).where(Participant.conversation_id == conversation.id))))
            db.session.delete(own)
