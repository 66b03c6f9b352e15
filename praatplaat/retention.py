"""Keeping and deleting: how long a conversation is kept, deleting it now, the hourly purge,
and wiping what SQLite has freed so deleted words are gone from the files."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from .db import db
from .models import Conversation


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
