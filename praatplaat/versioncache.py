"""Read results kept per conversation version, in this process (issue 11: a request's cost does not grow with the room).

Every write bumps its conversation's version in the same transaction (`operations.base.touch`), so what was read
while the version was V is at least as new as version V. A result computed then can serve everyone who reads
version V: it is never older than what they asked for, and after their own write they read a higher version and
get a result that holds it. The key also holds the conversation's facilitator hash, so a deleted conversation's id
used again (SQLite) never finds the old one's results.

Keep data here (plain read-model objects whose words are translated when rendered), never rendered HTML: what a
person sees differs by person and language. Treat what comes back as read-only; it is shared between requests.
Inside a write, before its commit, nothing is kept (its version may still be rolled back).
A small LRU; one computation per key at a time: the other requests for that key wait for it instead of doing
the same work (they hold the same GIL anyway).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from .db import db

SIZE = 256  # entries; a parent evening's merged view of one theme is one entry per version
WAIT_SECONDS = 5  # a request waiting for another's computation gives up and computes itself after this

WROTE = "praatplaat_wrote"  # in a session's info from touch() until its transaction ends

_entries: OrderedDict[tuple, Any] = OrderedDict()
_running: dict[tuple, threading.Event] = {}
_lock = threading.Lock()
_MISSING = object()


def key_for(conversation, name: str, arg: Hashable) -> tuple:
    """The key of one result: the conversation (id, facilitator hash), its version, what was computed, for what."""
    return (conversation.id, conversation.facilitator_hash, conversation.version, name, arg)


def get(key: tuple) -> Any:
    with _lock:
        value = _entries.get(key, _MISSING)
        if value is not _MISSING:
            _entries.move_to_end(key)
        return value


def put(key: tuple, value: Any) -> None:
    with _lock:
        _entries[key] = value
        _entries.move_to_end(key)
        while len(_entries) > SIZE:
            _entries.popitem(last=False)


def cached(conversation, name: str, arg: Hashable, compute: Callable[[], Any]) -> Any:
    """The result of `compute()` for this conversation at its current version: from memory, or computed now."""
    if db.session().info.get(WROTE):  # a write not yet committed: its version may never be
        return compute()
    key = key_for(conversation, name, arg)
    with _lock:
        value = _entries.get(key, _MISSING)
        if value is not _MISSING:
            _entries.move_to_end(key)
            return value
        running = _running.get(key)
        if running is None:
            _running[key] = threading.Event()
    if running is not None:  # another request computes this very key: wait for it
        running.wait(WAIT_SECONDS)
        value = get(key)
        return compute() if value is _MISSING else value
    try:
        value = compute()
        put(key, value)
        return value
    finally:
        with _lock:
            _running.pop(key).set()


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _transaction_ended(session: Session) -> None:
    session.info.pop(WROTE, None)


def clear() -> None:
    """Forget everything (for benchmarks that measure the cost of computing)."""
    with _lock:
        _entries.clear()
