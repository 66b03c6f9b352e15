"""Languages: which ones we offer, how a reader's language is chosen, text direction, catalogs."""

from __future__ import annotations

from pathlib import Path

from babel import Locale
from flask import Flask, g, request, session
from flask_babel import Babel

# Each language named in its own script, in the order shown on the join screen.
LANGUAGES = {
    "nl": "Nederlands",
    "en": "English",
    "tr": "Türkçe",
    "ar": "العربية",
    "pl": "Polski",
    "uk": "Українська",
    "so": "Soomaali",
    "ti": "ትግርኛ",
    "fa": "فارسی",
}
# How each catalog was made, as its header says: translated by an AI language model from the Dutch source, and
# whether a native speaker has checked it since. The about page shows this per language; tests/test_catalogs.py
# keeps it in step with each catalog's header. Set a language to True once a native speaker has reviewed it.
NATIVE_REVIEW = {"en": False, "tr": False, "ar": False, "pl": False, "uk": False, "so": False, "ti": False,
                 "fa": False}
babel = Babel()


def translations_dir() -> Path:
    """Catalogs ship inside the package when installed from a wheel; in a checkout they are top-level."""
    packaged = Path(__file__).parent / "translations"
    return packaged if packaged.is_dir() else Path(__file__).parent.parent / "translations"


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


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=str(translations_dir()))
