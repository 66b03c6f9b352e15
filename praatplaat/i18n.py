"""Languages: which ones we offer, how a reader's language is chosen, text direction, catalogs."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from functools import cache
from pathlib import Path

from babel import Locale, dates, lists, support
from flask import Flask, g, request, session
from flask_babel import Babel, get_locale, get_translations, to_user_timezone
from wtforms.i18n import messages_path

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
# The catalog says which words; Babel's data for this locale says how dates, numbers and lists are written.
# Our English is British, so its dates read "15 June 2027", not "June 15, 2027".
FORMAT_LOCALES = {"en": "en_GB"}
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


def format_locale(code: str | None = None) -> Locale:
    """The locale for dates, numbers and lists: the reader's (or `code`'s), British for English."""
    code = code or str(get_locale() or "nl")
    return Locale.parse(FORMAT_LOCALES.get(code, code))


def format_date(day: date | datetime, format: str = "long") -> str:
    """A date in the reader's language; a stored UTC time is first moved to the configured time zone."""
    if isinstance(day, datetime):
        day = to_user_timezone(day)
    return dates.format_date(day, format, locale=format_locale())


def format_list(items) -> str:
    """"a, b en c" / "a, b and c" / "a وb وc": joined by the reader's own list rules (CLDR)."""
    return lists.format_list([str(item) for item in items], style="standard", locale=format_locale())


_DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")


def one_full_stop(text: str) -> str:
    """A sentence that ends with a date ends with one full stop, also where the date itself ends with one
    (Ukrainian "15 червня 2027 р." + "." would read "р.."). An ellipsis ("...") stays."""
    return _DOUBLE_STOP.sub(".", text)


FSI, PDI = "\u2068", "\u2069"  # first strong isolate, pop directional isolate (Unicode bidi)
_OPPOSITE = {"ltr": {"R", "AL"}, "rtl": {"L"}}


def isolate(text: str, reader: str | None = None) -> str:
    """Plain text in a direction other than the reader's, wrapped in FSI…PDI so it cannot reorder the
    words and punctuation around it (a text file has no <bdi>). Text without such letters stays as it is."""
    text = str(text)
    opposite = _OPPOSITE[direction(reader or str(get_locale() or "nl"))]
    if any(unicodedata.bidirectional(char) in opposite for char in text):
        return f"{FSI}{text}{PDI}"
    return text


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


def catalog() -> support.Translations:
    """This request's catalog for the current locale. Flask-Babel looks it up again for every string (through
    several context lookups); a page has forty strings or more, so the templates ask here: once per locale per
    request (force_locale gives another locale object, so a page in two languages gets both)."""
    locale = get_locale()
    kept = g.get("_catalog")
    if kept is None or kept[0] is not locale:
        kept = g._catalog = (locale, get_translations())
    return kept[1]


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=str(translations_dir()))
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: catalog().ugettext(s), ngettext=lambda s, p, n: catalog().ungettext(s, p, n),
        pgettext=lambda c, s: catalog().upgettext(c, s),
        npgettext=lambda c, s, p, n: catalog().unpgettext(c, s, p, n), newstyle=True)
    # Dates through our own filter, so English reads British and a date can end a sentence.
    app.jinja_env.filters["dateformat"] = format_date
    app.jinja_env.filters["one_full_stop"] = one_full_stop
    app.jinja_env.filters["isolate"] = isolate
    app.before_request(_wtforms_messages)
