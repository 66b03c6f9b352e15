"""One command line: `praatplaat serve | init-db | purge` (and every Flask command, e.g. `praatplaat db`).

The same commands work as `flask --app praatplaat serve`, because they are registered on the app's CLI.
`praatplaat check-words` and `check-deck` (the plain-language check for deck authors) need no app or database.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup
from flask.logging import default_handler

MIGRATION_LOCK = 0x70726174  # PostgreSQL advisory lock key: one process migrates at a time


def upgrade_database(app: Flask) -> None:
    """Apply Alembic migrations (Flask-Migrate), creating the database when it is new. On PostgreSQL several
    `praatplaat serve` processes may start at once: they take turns (an advisory lock), the first migrates."""
    from flask_migrate import upgrade

    from .db import db

    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            upgrade(directory=str(app.extensions["migrate"].directory))
            return
        with db.engine.connect() as lock:
            lock.exec_driver_sql(f"SELECT pg_advisory_lock({MIGRATION_LOCK})")
            try:
                upgrade(directory=str(app.extensions["migrate"].directory))
            finally:
                lock.exec_driver_sql(f"SELECT pg_advisory_unlock({MIGRATION_LOCK})")
                lock.commit()


def purge_now(app: Flask) -> int:
    from .operations import utcnow
    from .retention import purge

    with app.app_context():
        c = app.config
        return purge(utcnow(), c["RETENTION_DAYS"], c["LOOKBACK_GRACE_DAYS"], c["RETENTION_MAX_DAYS"])


def purge_once_for_cluster(app: Flask, holder: str, interval: int) -> int | None:
    """Purge when this process gets the purge lease for the next `interval` seconds (one process of all that
    share the database); None when another process purged within the interval."""
    from .operations import utcnow
    from .retention import claim

    with app.app_context():
        if not claim("purge", holder, utcnow(), interval):
            return None
    return purge_now(app)


def _purge_loop(app: Flask, interval: int) -> None:
    log = logging.getLogger("praatplaat.purge")
    holder = f"{socket.gethostname()}:{os.getpid()}"
    while True:
        try:
            gone = purge_once_for_cluster(app, holder, interval)
            if gone is None:
                log.info("purge skipped: another process purged less than %d s ago", interval)
            else:
                log.info("purge run by %s: %d conversation(s) deleted", holder, gone)
        except Exception:  # keep purging later; the server must not die for this
            log.exception("purge failed")
        time.sleep(interval)


FORWARDED_HEADERS = ("x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-forwarded-port")


def waitress_options(app: Flask) -> dict:
    """What waitress must know about the proxy in front. With PRAATPLAAT_TRUSTED_PROXIES=n, waitress itself
    applies X-Forwarded-For/-Proto/-Host/-Port of the last n proxies (from PRAATPLAAT_TRUSTED_PROXY_ADDRESS,
    default any), and the app's ProxyFix is left only X-Forwarded-Prefix, so nothing is applied twice.
    Forwarded headers that are not trusted are removed before the app sees them."""
    from . import security

    n = app.config["TRUSTED_PROXIES"]
    security.trust_proxies(app, server_applies_forwarded=True)
    options = {"clear_untrusted_proxy_headers": True}
    if n:
        options.update(trusted_proxy=app.config["TRUSTED_PROXY_ADDRESS"] or "*", trusted_proxy_count=n,
                       trusted_proxy_headers=set(FORWARDED_HEADERS), log_untrusted_proxy_headers=True)
    return options


# What `praatplaat serve` gives waitress besides threads, connection limit and proxy settings (bench/waitress_floor.py
# measures waitress with the same). asyncore_use_poll: waitress's default loop (select) cannot look at a socket
# numbered 1024 or higher, and a parent evening of 1,000 phones, each keeping its connection open, reaches that; its
# loop then stopped (issue 11).
WAITRESS_SETTINGS = {"channel_timeout": 60, "ident": "praatplaat", "asyncore_use_poll": True}


def run_server(app: Flask, host: str, port: int, threads: int = 8, connection_limit: int = 1000,
               processes: int = 1) -> None:
    """The production server (waitress), after applying migrations, with the hourly purge beside it.
    processes > 1: that many waitress processes on one socket (serving.py)."""
    import waitress

    from . import security, serving, textlang
    from .db import db

    if app.debug:
        raise SystemExit("praatplaat serve: debug mode is not allowed in production (unset PRAATPLAAT_DEBUG)")
    upgrade_database(app)
    # After the migrations: Alembic's logging setup (root at WARN) would otherwise silence the app's INFO lines.
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s", force=True)
    app.logger.removeHandler(default_handler)  # the root handler writes each line once
    security.allow_serving_host(app, host)
    textlang.load()  # the language detector's model (1-2 s), before the first person's answer needs it
    options = dict(threads=threads, connection_limit=connection_limit, **WAITRESS_SETTINGS, **waitress_options(app))

    def purge() -> None:
        threading.Thread(target=_purge_loop, args=(app, app.config["PURGE_INTERVAL_SECONDS"]), daemon=True,
                         name="purge").start()

    print(f"Praatplaat: http://{host}:{port}/", flush=True)
    logging.getLogger("praatplaat").info("answering for %s", app.config.get("PUBLIC_URL") or ", ".join(
        sorted(app.extensions[security.HOSTS])))
    if processes > 1:
        sock = serving.listening_socket(host, port)
        with app.app_context():
            db.engine.dispose()  # no connection crosses the fork: each process opens its own
        raise SystemExit(serving.run_processes(
            processes, sock, lambda shared: waitress.serve(app, sockets=[shared], **options), purge))
    purge()
    waitress.serve(app, host=host, port=port, **options)


def register_flask_commands(app: Flask) -> None:
    @app.cli.command("serve")
    @click.option("--host", default=lambda: os.environ.get("HOST", "127.0.0.1"), show_default="HOST or 127.0.0.1")
    @click.option("--port", type=int, default=lambda: int(os.environ.get("PORT", "5000")),
                  show_default="PORT or 5000")
    @click.option("--threads", type=int, default=8, show_default=True)
    @click.option("--connection-limit", type=int, default=1000, show_default=True)
    @click.option("--processes", type=click.IntRange(1, 64),
                  default=lambda: int(os.environ.get("PRAATPLAAT_PROCESSES", "1")),
                  show_default="PRAATPLAAT_PROCESSES or 1",
                  help="waitress processes on one port (one per core: a parent evening of 200 phones needs 2)")
    def serve_command(host: str, port: int, threads: int, connection_limit: int, processes: int) -> None:
        """Run the production server (waitress) after applying the database migrations."""
        run_server(current_app._get_current_object(), host, port, threads, connection_limit, processes)

    @app.cli.command("init-db")
    def init_db_command() -> None:
        """Create or upgrade the database (Alembic migrations)."""
        upgrade_database(current_app._get_current_object())

    @app.cli.command("purge")
    def purge_command() -> None:
        """Delete conversations past their keeping time."""
        click.echo(f"purged {purge_now(current_app._get_current_object())}")


def _create_app():
    from . import create_app

    return create_app()


cli = FlaskGroup(name="praatplaat", create_app=_create_app, add_version_option=False, load_dotenv=False,
                 set_debug_flag=False,
                 help="Praatplaat: serve, init-db, purge, check-words, check-deck, and the Flask commands.")


def _report(label: str, found: list[str]) -> None:
    click.echo(f"Niet eenvoudig genoeg: {label}" if found else f"In orde: {label}")
    for problem in found:
        click.echo(f"  - {problem}")


@cli.command("check-words")
@click.argument("texts", nargs=-1, required=True)
def check_words_command(texts: tuple[str, ...]) -> None:
    """Check texts on plain Dutch (B1); exit 1 with each problem and a tip."""
    from .plainlang import problems

    failed = False
    for text in texts:
        found = problems(text)
        _report(repr(text), found)
        failed = failed or bool(found)
    raise SystemExit(1 if failed else 0)


@cli.command("check-deck")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def check_deck_command(path: Path) -> None:
    """Check every text of a deck file (TOML) on plain Dutch (B1); exit 1 with each problem and a tip."""
    import tomllib

    from .plainlang import deck_problems

    try:
        found = deck_problems(path)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise click.ClickException(f"{path} is geen goed TOML-bestand: {error}") from error
    _report(str(path), found)
    raise SystemExit(1 if found else 0)


def main(argv: list[str] | None = None) -> None:
    cli.main(args=argv, prog_name="praatplaat")
