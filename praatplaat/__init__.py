"""Praatplaat: parents and professionals make one list of agreements together, each in their own language."""

from __future__ import annotations

from typing import Any

from flask import Flask

__all__ = ["create_app"]


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Application factory: configuration, database, languages, security, blueprints."""
    app = Flask(__name__, instance_relative_config=True)
    from . import config, db, errors, fastpoll, glossary, i18n, security, templating

    config.load(app, test_config)
    db.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    templating.init_app(app)
    glossary.init_app(app)

    from .facilitator.views import bp as facilitator_bp
    from .pages.views import bp as pages_bp
    from .participant.views import bp as participant_bp
    from .start.views import bp as start_bp

    app.register_blueprint(pages_bp)
    app.register_blueprint(start_bp)
    app.register_blueprint(participant_bp)
    app.register_blueprint(facilitator_bp)

    from .cli import register_flask_commands

    register_flask_commands(app)
    fastpoll.init_app(app)  # last: the polls are answered before everything above
    return app
