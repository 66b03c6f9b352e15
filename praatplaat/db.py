"""Database setup: SQLAlchemy, SQLite pragmas, BEGIN IMMEDIATE for writes only (begin_write), migrations."""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
import time
from contextvars import ContextVar
from pathlib import Path

from flask import Flask, has_request_context
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    # Named constraints, so later migrations (batch mode on SQLite) can find and change them.
    metadata = MetaData(naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    })


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
MIGRATIONS = Path(__file__).parent / "migrations"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # isolation_level=None hands transaction control to us, so BEGIN IMMEDIATE below is what starts one.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in ("journal_mode=WAL", "busy_timeout=5000", "synchronous=NORMAL", "foreign_keys=ON",
                   "secure_delete=ON"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


_write_locks: dict[str, threading.Lock] = {}


# Set by begin_write(): the next transaction this thread begins is a write (BEGIN IMMEDIATE).
_write_next: ContextVar[bool] = ContextVar("praatplaat_write_next", default=False)


def begin_write() -> None:
    """A write starts here (operations.base.lock, and the few writes that lock no conversation).

    SQLite: the transaction from here on takes the write lock at its start (BEGIN IMMEDIATE). Everything a
    request reads before it (the participant, the form, the theme) is read in a plain deferred transaction, which
    takes no write lock and so does not queue behind writers, nor make them queue; that read transaction is ended
    here, and what it read is expired, so the write reads it again under the lock. PostgreSQL: nothing to do.
    """
    if db.engine.dialect.name != "sqlite" or not has_request_context():
        return  # outside a request (the command line, the purge) every transaction is a write already
    session = db.session()
    if not session.in_transaction():
        _write_next.set(True)
        return
    connection = session.connection()
    if "write_lock" in connection.info:
        return  # already writing
    # The read ends and the write begins on the same connection, inside what SQLAlchemy sees as one transaction:
    # a session commit here (events, expiring, the connection back to the pool and out again) cost about a
    # millisecond of every answer and vote (issue 11).
    session.flush()  # anything pending goes with the read transaction, as a commit would have sent it
    connection.exec_driver_sql("COMMIT")
    _take_write_lock(connection)
    session.expire_all()


def _begin_immediate(connection) -> None:
    # A read-then-write transaction would otherwise fail at once with "database is locked".
    # In a request, only a write (begin_write) begins with the write lock; every read (GET and HEAD never
    # write, a rule of the app; a POST until it writes) reads in a plain deferred transaction.
    if has_request_context() and not _write_next.get():
        connection.exec_driver_sql("BEGIN")
        return
    _write_next.set(False)
    _take_write_lock(connection)


def _take_write_lock(connection) -> None:
    # Writers of this process wait their turn on a lock, in order, instead of in SQLite's busy handler
    # (which sleeps and retries, so under a burst some writers starve past the busy timeout). Writers of our
    # other processes (`praatplaat serve --processes N`) take turns on an empty lock file beside the database
    # (flock, tried every millisecond, where SQLite's busy handler sleeps up to 100 ms between tries, so a burst
    # of votes on two processes queued behind those sleeps). Anything else holding the database still meets
    # busy_timeout, and then a 503.
    lock = _write_locks.setdefault(str(connection.engine.url), threading.Lock())
    if not lock.acquire(timeout=30):
        raise OperationalError("BEGIN IMMEDIATE", {}, sqlite3.OperationalError("database is locked"))
    connection.info["write_lock"] = lock
    try:
        connection.info["write_file"] = _lock_file(connection.engine.url.database)
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    except BaseException:
        _end_transaction(connection)  # unless SQLAlchemy's own rollback already released it
        raise


_lock_files: dict[tuple[int, str], int] = {}  # (process, database path): the open lock file
FILE_LOCK_SECONDS = 10  # then BEGIN IMMEDIATE waits in SQLite's busy handler, as before


def _lock_file(database: str | None) -> int | None:
    """Take this process's turn among our processes (the thread lock is held, so one thread per process asks).
    Returns the lock file now held (None: SQLite's own lock decides)."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    key = (os.getpid(), database)  # a forked process opens its own (a shared open file shares its flock)
    fd = _lock_files.get(key)
    if fd is None:
        try:
            fd = _lock_files[key] = os.open(f"{database}-writers", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        except OSError:  # a folder we may not write in: SQLite's own lock decides, as before
            return None
    deadline = time.monotonic() + FILE_LOCK_SECONDS
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if time.monotonic() > deadline:
                return None  # a process stuck with it: SQLite's own lock and busy_timeout decide
            time.sleep(0.001)
    return fd


def _end_transaction(connection) -> None:
    lock = connection.info.pop("write_lock", None)
    if lock is not None:
        fd = connection.info.pop("write_file", None)  # the lock file taken with it
        if fd is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
        lock.release()


def init_app(app: Flask) -> None:
    """Bind SQLAlchemy and Flask-Migrate to the app; tune SQLite engines."""
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite"):
        options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        options.setdefault("connect_args", {"timeout": 5})
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS), render_as_batch=True)
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
            event.listen(engine, "begin", _begin_immediate)
            event.listen(engine, "commit", _end_transaction)
            event.listen(engine, "rollback", _end_transaction)
    app.teardown_request(_forget_write)


def _forget_write(_error=None) -> None:
    _write_next.set(False)  # a write that never began (an error before its first statement) ends with its request


# SQLSTATEs PostgreSQL uses for "try this transaction again": deadlock_detected, serialization_failure,
# lock_not_available.
_TRANSIENT_SQLSTATES = {"40P01", "40001", "55P03"}


def is_transient(error: BaseException) -> bool:
    """A database error that a rollback and a second try can cure: a deadlock, a serialization failure,
    or SQLite's "database is locked"/"busy"."""
    orig = getattr(error, "orig", None) or error
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if state in _TRANSIENT_SQLSTATES:
        return True
    if isinstance(orig, sqlite3.OperationalError):
        message = str(orig).lower()
        return "locked" in message or "busy" in message
    return False
