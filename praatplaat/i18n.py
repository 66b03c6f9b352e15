"""Languages: which ones we offer, how a reader's language is chosen, text direction, catalogs."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel import Locale, support
from flask import Flask, g, request, session
from flask_babel import Babel, get_locale
from wtforms.i18n import messages_path

# Each language named in its own script, in the order shown on the join screen.
LANGUAGES = {
    "nl": "Nederlands",
    "en": "English",
    "tr": "Türkçe",
    "ar": "العربية",
    "pl": "Polski",
    "uk": "Українська",
}
babel = Babel()


def translations_dir() -> Path:
    """Catalogs ship inside the package when installed from a wheel; in a checkout they are top-level."""
    packaged = Path(__file__).parent / "translations"
    return packaged if packaged.is_dir() else Path(__file__).parent.parent / "translations"


@cache  # the catalogs do not change while the app runs; asked twice a request
def available() -> dict[str, str]:
    """Languages with a compiled catalog (Dutch, the source language, always)."""
    folder = translations_dir()
    return {code: name for code, name in LANGUAGES.items()
            if code == "nl" or (folder / code / "LC_MESSAGES" / "messages.mo").is_file()}


def valid(code: str | None) -> str | None:
    return code if code in available() else None


def select_locale() -> str:
    """The participant's own choice, then this browser's choice, then Accept-Language, then Dutch."""
    participant = g.get("participant")
    chosen = valid(participant.language if participant else None) or valid(session.get("lang"))
    if chosen:
        return chosen
    return request.accept_languages.best_match(list(available())) or "nl"


def direction(code: str) -> str:
    return Locale.parse(code).character_order == "right-to-left" and "rtl" or "ltr"


@cache
def _wtforms_catalog(code: str) -> support.Translations:
    return support.Translations.load(messages_path(), [code], domain="wtforms")


class _WtformsMessages:
    """WTForms' own messages in the reader's language, each catalog read once per process (Flask-WTF reads it
    again for every request: 1.6 ms)."""

    def ugettext(self, string: str) -> str:
        return _wtforms_catalog(str(get_locale())).ugettext(string)

    def ungettext(self, singular: str, plural: str, n: int) -> str:
        return _wtforms_catalog(str(get_locale())).ungettext(singular, plural, n)


_WTFORMS_MESSAGES = _WtformsMessages()


def _wtforms_messages() -> None:
    request.wtforms_translations = _WTFORMS_MESSAGES  # where Flask-WTF looks first (flask_wtf.i18n)


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=str(translations_dir()))
    app.before_request(_wtforms_messages)
