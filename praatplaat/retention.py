"""Keeping and deleting: how long a conversation is kept, deleting it now, the hourly purge (once for the
cluster: a lease in the database), and wiping what SQLite has freed so deleted words are gone from the files."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from .db import db
from .models import Conversation, Lease


def delete_conversation(conversation: Conversation) -> None:
    """Delete now: the conversation and everything in it, also from the database file."""
    db.session.delete(conversation)
    db.session.commit()
    wipe_freed_pages()


def wipe_freed_pages() -> None:
    """SQLite: deleted rows are zeroed (secure_delete); a checkpoint also empties the write-ahead log."""
    if db.engine.dialect.name == "sqlite":
        with db.engine.connect() as connection:
            # On the raw connection: outside any transaction, where a checkpoint is allowed.
            connection.connection.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def purge(now: datetime, retention_days: int, grace_days: int, max_days: int) -> int:
    """Delete conversations past their keeping time; returns how many."""
    gone = 0
    for conversation in db.session.scalars(select(Conversation)):
        if now >= delete_after(conversation, retention_days, grace_days, max_days):
            db.session.delete(conversation)
            gone += 1
    db.session.commit()
    if gone:
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


def delete_after(conversation: Conversation, retention_days: int, grace_days: int, max_days: int) -> datetime:
    """When this conversation goes: N days after the last activity, or after the planned look-back."""
    last = conversation.last_activity_at
    limit = last + timedelta(days=retention_days)
    if conversation.lookback_on:
        lookback = datetime.combine(conversation.lookback_on, datetime.min.time()) + timedelta(days=grace_days)
        limit = max(limit, min(lookback, last + timedelta(days=max_days)))
    return limit


def keep_until(conversation: Conversation) -> datetime:
    """The day this conversation is deleted, by the configured keeping rules."""
    config = current_app.config
    return delete_after(conversation, config["RETENTION_DAYS"], config["LOOKBACK_GRACE_DAYS"],
                        config["RETENTION_MAX_DAYS"])
