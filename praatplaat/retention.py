"""Keeping and deleting: how long a conversation is kept, deleting it now, the hourly purge (once for the
cluster: a lease in the database), and wiping what SQLite has freed so deleted words are gone from the files."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import event, inspect, select, update
from sqlalchemy.exc import IntegrityError

from .db import begin_write, db
from .models import Answer, ClosingAnswer, Conversation, Decision, Lease, OwnTheme, Participant, Review, RoundSnapshot

log = logging.getLogger("praatplaat.purge")


def delete_conversation(conversation: Conversation) -> None:
    """Delete now: the conversation and everything in it, also from the database file."""
    begin_write()
    db.session.delete(conversation)
    db.session.commit()
    wipe_freed_pages()


def wipe_freed_pages() -> None:
    """SQLite: deleted rows are zeroed (secure_delete); a checkpoint also empties the write-ahead log."""
    if db.engine.dialect.name == "sqlite":
        with db.engine.connect() as connection:
            # On the raw connection: outside any transaction, where a checkpoint is allowed. It waits at most
            # a second for other requests (not the usual five), so an edit never hangs on a busy evening.
            raw = connection.connection.driver_connection
            raw.execute("PRAGMA busy_timeout=1000")
            try:
                busy, *_pages = raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            finally:
                raw.execute("PRAGMA busy_timeout=5000")
            if busy:  # readers kept the log; the next change or the hourly purge tries again
                log.info("checkpoint postponed: the write-ahead log is busy")


# Words people wrote: when one of these is changed or its row deleted, the old words must leave the files.
WRITTEN = {Answer: "text", Decision: "text", Review: "note", ClosingAnswer: "question", OwnTheme: "title",
           Participant: "nickname", Conversation: "title", RoundSnapshot: "data"}


def _note_removed_words(session, _context, _instances) -> None:
    """Before a flush: does this transaction delete a row, or replace words someone wrote?"""
    if session.info.get("words_removed"):
        return
    for row in session.deleted:
        if type(row) in WRITTEN:
            session.info["words_removed"] = True
            return
    for row in session.dirty:
        column = WRITTEN.get(type(row))
        if column and any(inspect(row).attrs[column].history.deleted):
            session.info["words_removed"] = True
            return


def _note_bulk_delete(execute_state) -> None:
    mapper = execute_state.bind_mapper
    if execute_state.is_delete and mapper is not None and mapper.class_ in WRITTEN:
        execute_state.session.info["words_removed"] = True


def _wipe_after_commit(session) -> None:
    """Edit, withdraw, remove: once committed, wipe the old words from the write-ahead log too."""
    if session.info.pop("words_removed", False):
        wipe_freed_pages()


def _forget(session, *_args) -> None:
    session.info.pop("words_removed", None)


event.listen(db.session, "before_flush", _note_removed_words)
event.listen(db.session, "do_orm_execute", _note_bulk_delete)
event.listen(db.session, "after_commit", _wipe_after_commit)
event.listen(db.session, "after_rollback", _forget)


def purge(now: datetime, retention_days: int, grace_days: int, max_days: int) -> int:
    """Delete conversations past their keeping time; returns how many. Each conversation on its own:
    one that cannot be handled is logged and skipped, so it never stops the deleting of the others."""
    gone = 0
    for conversation_id in _due(now, retention_days, grace_days, max_days):
        try:
            conversation = db.session.get(Conversation, conversation_id)
            if conversation is not None:
                db.session.delete(conversation)
                db.session.commit()
                gone += 1
        except Exception:
            db.session.rollback()
            log.exception("purge: skipped conversation %s", conversation_id)
    # Every hour, even when nothing went: also clears what a busy moment kept in the write-ahead log.
    wipe_freed_pages()
    return gone


def claim(name: str, holder: str, now: datetime, seconds: int) -> bool:
    """Take the lease `name` until now + seconds if nobody holds it; True for the one process that got it.
    One conditional UPDATE (or the first INSERT), so two processes can never both get it, on SQLite and on
    PostgreSQL alike."""
    until = now + timedelta(seconds=seconds)
    taken = db.session.execute(update(Lease).where(Lease.name == name, Lease.until <= now)
                               .values(holder=holder, until=until)).rowcount
    if not taken and db.session.get(Lease, name) is None:
        db.session.add(Lease(name=name, holder=holder, until=until))
        try:
            db.session.commit()
        except IntegrityError:  # another process made the row first: it holds the lease
            db.session.rollback()
            return False
        return True
    db.session.commit()
    return taken == 1


def _due(now: datetime, retention_days: int, grace_days: int, max_days: int) -> list[int]:
    """The conversations whose time is up; one row that cannot be read or reckoned is logged and left."""
    columns = select(Conversation.id, Conversation.last_activity_at, Conversation.lookback_on)
    try:
        rows = db.session.execute(columns.order_by(Conversation.id)).all()
    except Exception:  # one unreadable row: read them one by one
        db.session.rollback()
        rows = []
        for conversation_id in db.session.scalars(select(Conversation.id)).all():
            try:
                rows.append(db.session.execute(columns.where(Conversation.id == conversation_id)).one())
            except Exception:
                db.session.rollback()
                log.exception("purge: cannot read conversation %s", conversation_id)
    db.session.rollback()  # end the read before the deletes, each in its own transaction
    due = []
    for row in rows:
        try:
            if now >= delete_after(row, retention_days, grace_days, max_days):
                due.append(row.id)
        except Exception:
            log.exception("purge: skipped conversation %s", row.id)
    return due


def delete_after(conversation: Conversation, retention_days: int, grace_days: int, max_days: int) -> datetime:
    """When this conversation goes: N days after the last activity, or after the planned look-back
    (never later than max_days after the last activity, whatever date was stored)."""
    last = conversation.last_activity_at
    limit = _later(last, retention_days)
    if conversation.lookback_on:
        lookback = datetime.combine(conversation.lookback_on, datetime.min.time())
        limit = max(limit, min(_later(lookback, grace_days), _later(last, max_days)))
    return limit


def _later(moment: datetime, days: int) -> datetime:
    """`moment` plus `days`, clamped to the last moment a datetime can hold (no OverflowError)."""
    try:
        return moment + timedelta(days=days)
    except OverflowError:
        return datetime.max


def keep_until(conversation: Conversation) -> datetime:
    """The day this conversation is deleted, by the configured keeping rules."""
    config = current_app.config
    return delete_after(conversation, config["RETENTION_DAYS"], config["LOOKBACK_GRACE_DAYS"],
                        config["RETENTION_MAX_DAYS"])
