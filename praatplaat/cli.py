"""The `praatplaat` command: serve with waitress (migrations first), purge, prepare the database."""

from __future__ import annotations

import argparse
import logging
import os
import threading
import time

import click
from flask import Flask, current_app


def upgrade_database(app: Flask) -> None:
    """Apply Alembic migrations (Flask-Migrate), creating the database when it is new."""
    from flask_migrate import upgrade

    with app.app_context():
        upgrade(directory=str(app.extensions["migrate"].directory))


def purge_now(app: Flask) -> int:
    from .operations import purge, utcnow

    with app.app_context():
        c = app.config
        return purge(utcnow(), c["RETENTION_DAYS"], c["LOOKBACK_GRACE_DAYS"], c["RETENTION_MAX_DAYS"])


def _purge_loop(app: Flask, interval: int) -> None:
    log = logging.getLogger("praatplaat.purge")
    while True:
        try:
            gone = purge_now(app)
            if gone:
                log.info("purged %d conversation(s)", gone)
        except Exception:  # keep purging later; the server must not die for this
            log.exception("purge failed")
        time.sleep(interval)


def serve(argv: list[str] | None = None) -> None:
    """Run the production server (waitress) after applying migrations."""
    parser = argparse.ArgumentParser(prog="praatplaat serve")
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "5000")))
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--connection-limit", type=int, default=1000)
    args = parser.parse_args(argv)

    from waitress import serve as waitress_serve

    from . import create_app

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    app = create_app()
    if app.debug:
        raise SystemExit("praatplaat serve: debug mode is not allowed in production (unset PRAATPLAAT_DEBUG)")
    upgrade_database(app)
    threading.Thread(target=_purge_loop, args=(app, app.config["PURGE_INTERVAL_SECONDS"]), daemon=True,
                     name="purge").start()
    print(f"Praatplaat: http://{args.host}:{args.port}/", flush=True)
    waitress_serve(app, host=args.host, port=args.port, threads=args.threads,
                   connection_limit=args.connection_limit, channel_timeout=60, ident="praatplaat")


def main(argv: list[str] | None = None) -> None:
    import sys

    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv.pop(0) if argv else "serve"
    if command == "serve":
        serve(argv)
    elif command == "purge":
        from . import create_app

        print(f"purged {purge_now(create_app())}")
    elif command == "init-db":
        from . import create_app

        upgrade_database(create_app())
    else:
        raise SystemExit("usage: praatplaat [serve [--host H] [--port P] | purge | init-db]")


def register_flask_commands(app: Flask) -> None:
    @app.cli.command("purge")
    def purge_command() -> None:
        """Delete conversations past their keeping time."""
        click.echo(f"purged {purge_now(current_app._get_current_object())}")
