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

**A little older, for a crowd** (`recent(seconds)`): at a parent evening every vote is a new version, so the
merged view of 200 phones would be computed again for nearly every request. Inside `with recent(s):` a result
computed at most `s` seconds ago for an earlier version is good enough: the room's counts are then up to `s`
seconds old (the phone's own votes are always its own, see participant/merged.py). Only the phones' merged view at
a parent evening reads this way; the shared screen, the facilitator's own screens and every table read the
current version.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from .db import db

SIZE = 256  # entries; a parent evening's merged view of one theme is one entry per version
WAIT_SECONDS = 5  # a request waiting for another's computation gives up and computes itself after this

WROTE = "praatplaat_wrote"  # in a session's info from touch() until its transaction ends

_entries: OrderedDict[tuple, Any] = OrderedDict()
_newest: dict[tuple, tuple[float, tuple]] = {}  # key without the version -> (when its computation began, key)
_max_age: ContextVar[float] = ContextVar("versioncache_max_age", default=0.0)
_shown: ContextVar[Shown | None] = ContextVar("versioncache_shown", default=None)
_running: dict[tuple, threading.Event] = {}
_lock = threading.Lock()
_MISSING = object()


class Shown:
    """What `recent` gave: `version` is the oldest version of the results read in the block (None: none read).
    A page puts it in its poll's ETag, so the phone hears of anything newer."""

    version: int | None = None

    def saw(self, version: int) -> None:
        self.version = version if self.version is None else min(self.version, version)


def key_for(conversation, name: str, arg: Hashable) -> tuple:
    """The key of one result: the conversation (id, facilitator hash), its version, what was computed, for what."""
    return (conversation.id, conversation.facilitator_hash, conversation.version, name, arg)


def _unversioned(key: tuple) -> tuple:
    return key[:2] + key[3:]


@contextmanager
def recent(seconds: float) -> Iterator[Shown]:
    """Inside this block `cached` may give a result computed at most `seconds` ago for an earlier version."""
    shown = Shown()
    tokens = _max_age.set(max(0.0, float(seconds))), _shown.set(shown)
    try:
        yield shown
    finally:
        _max_age.reset(tokens[0])
        _shown.reset(tokens[1])


def _saw(key: tuple) -> None:
    shown = _shown.get()
    if shown is not None:
        shown.saw(key[2])


def get(key: tuple) -> Any:
    """The result kept for exactly this key, or _MISSING."""
    with _lock:
        return _lookup(key, 0)


def put(key: tuple, value: Any, began: float | None = None) -> None:
    with _lock:
        _entries[key] = value
        _entries.move_to_end(key)
        short = _unversioned(key)
        known = _newest.get(short)
        if known is None or known[1][2] <= key[2]:
            _newest[short] = (time.monotonic() if began is None else began, key)
        while len(_entries) > SIZE:
            old, _value = _entries.popitem(last=False)
            if _newest.get(_unversioned(old), (0, None))[1] == old:
                del _newest[_unversioned(old)]


def _lookup(key: tuple, max_age: float) -> Any:
    """This version's result or, with `max_age`, one of an earlier version computed at most `max_age` seconds ago
    (call with _lock held)."""
    value = _entries.get(key, _MISSING)
    if value is not _MISSING:
        _entries.move_to_end(key)
        _saw(key)
        return value
    return _recent_enough(key, max_age) if max_age else _MISSING


def _recent_enough(key: tuple, max_age: float) -> Any:
    """A result of an earlier version computed at most `max_age` seconds ago (call with _lock held)."""
    known = _newest.get(_unversioned(key))
    if known is None or time.monotonic() - known[0] > max_age:
        return _MISSING
    _entries.move_to_end(known[1])
    _saw(known[1])
    return _entries[known[1]]


def cached(conversation, name: str, arg: Hashable, compute: Callable[[], Any]) -> Any:
    """The result of `compute()` for this conversation at its current version: from memory, or computed now."""
    if db.session().info.get(WROTE):  # a write not yet committed: its version may never be
        return compute()  # (never inside `recent`: only pages that write nothing read that way)
    key = key_for(conversation, name, arg)
    max_age = _max_age.get()
    with _lock:
        value = _lookup(key, max_age)
        if value is not _MISSING:
            return value
        running = _running.get(key)
        if running is None and max_age:  # another version is being computed now: that one will do
            running = _running.get(_unversioned(key))
        if running is None:
            _running[key] = _running[_unversioned(key)] = threading.Event()
    if running is not None:  # another request computes this (or, in `recent`, a newer) result: wait for it
        running.wait(WAIT_SECONDS)
        with _lock:
            value = _lookup(key, max_age + WAIT_SECONDS if max_age else 0)
        if value is _MISSING:
            _saw(key)
            return compute()
        return value
    try:
        began = time.monotonic()
        value = compute()
        put(key, value, began)
        _saw(key)
        return value
    finally:
        with _lock:
            event = _running.pop(key)
            if _running.get(_unversioned(key)) is event:
                del _running[_unversioned(key)]
            event.set()


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _transaction_ended(session: Session) -> None:
    session.info.pop(WROTE, None)


def clear() -> None:
    """Forget everything (for benchmarks that measure the cost of computing)."""
    with _lock:
        _entries.clear()
        _newest.clear()
