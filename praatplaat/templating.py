"""The template environment: asset URLs, inline icons, words for codes, one text in two languages."""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path

from babel import Locale
from flask import Flask, g, url_for
from flask_babel import force_locale, get_locale, get_translations, gettext, ngettext
from flask_babel.speaklater import LazyString
from jinja2 import pass_eval_context
from markupsafe import Markup, escape

from . import i18n, labels, textlang
from .merge import Person
from .readmodel import Words
from .vocabulary import Mode, ProposalStatus, Question, Role, ScreenView

STATIC = Path(__file__).parent / "static"


@cache
def _static_hash(filename: str) -> str:
    return hashlib.sha256((STATIC / filename).read_bytes()).hexdigest()[:10]


def asset(filename: str) -> str:
    """URL of a static file with its content hash, so browsers may cache it for a year."""
    return url_for("static", filename=filename, v=_static_hash(filename))


@cache
def icon(name: str) -> Markup:
    """An icon's SVG, inlined (no extra request); decorative, so hidden from screen readers."""
    path = STATIC / "icons" / f"{Path(name).name}.svg"
    if not path.is_file():
        path = STATIC / "icons" / "eigen.svg"
    return Markup(path.read_text(encoding="utf-8").strip())


def in_languages(message, codes: list[str]) -> Markup:
    """One text in one or two languages (the shared screen), each marked with its language and direction.

    A person's own words exist in one language only: they are shown once, as written.
    """
    if isinstance(message, Words):
        if not message.from_deck:
            return message.__html__()
        message = message.source
    parts = []
    for index, code in enumerate(codes):
        with force_locale(code):
            text = str(message) if isinstance(message, LazyString) else gettext(message)
        parts.append(_in_language(index, code, text))
    return Markup(" ").join(parts)


def in_languages_n(singular: str, plural: str, num: int, codes: list[str], big: bool = False) -> Markup:
    """A count in one or two languages ("%(num)s mens doet mee" / "%(num)s mensen doen mee"), each language
    with its own plural rules (Arabic has six forms). With ``big`` the number in the first language is
    drawn large (``.big-number``) and in the second in bold."""
    parts = []
    for index, code in enumerate(codes):
        with force_locale(code):
            template = get_translations().ungettext(singular, plural, num)
        number = Markup('<strong class="{}">{}</strong>').format("big-number" if index == 0 else "num", num)
        # Formatting escaped text keeps the number's markup and escapes everything else.
        parts.append(_in_language(index, code, escape(template) % {"num": number if big else num}))
    return Markup(" ").join(parts)


@pass_eval_context
def as_list(eval_ctx, items) -> str:
    """Names, roles or other items joined by the reader's own list rules ("a, b en c", "a وb وc"), not by a
    Latin comma. In HTML each item is escaped unless it is markup already (a `person`)."""
    items = list(items)
    if not eval_ctx.autoescape:
        return i18n.format_list(items)
    marks = [f"\x00{index}\x00" for index in range(len(items))]
    joined = str(escape(i18n.format_list(marks)))
    return Markup(re.sub("\x00(\\d+)\x00", lambda m: str(escape(items[int(m.group(1))])), joined))


@pass_eval_context
def person(eval_ctx, participant) -> str:
    """A participant as others read them: their role, and their nickname as they wrote it (isolated, so a
    name in another script cannot reorder the words around it)."""
    role = str(labels.ROLE.get(participant.role, participant.role))
    if not participant.nickname:
        return role
    if not eval_ctx.autoescape:
        return f"{role} ({i18n.isolate(participant.nickname)})"
    return Markup('{} (<bdi dir="auto">{}</bdi>)').format(role, participant.nickname)


def _in_language(index: int, code: str, text) -> Markup:
    return Markup('<span class="l{}" lang="{}" dir="{}">{}</span>').format(index, code, i18n.direction(code), text)


def people_groups(persons, names: bool = True) -> list[tuple[object, int]]:
    """A list of people with nobody twice: the same role and name (or, without names, the same role) once,
    with how many there are, in the order first seen."""
    counts: dict[tuple[str, str], list] = {}
    for person in persons:
        key = (person.role, person.nickname if names else "")
        counts.setdefault(key, [person, 0])[1] += 1
    return [(first if names else Person(0, first.role), n) for first, n in counts.values()]


@pass_eval_context
def people_list(eval_ctx, persons, names: bool = True) -> str:
    """People with nobody twice ("Ouder (2 personen)"), joined by the reader's own list rules."""
    items = []
    for first, n in people_groups(persons, names):
        item = person(eval_ctx, first)
        if n > 1:
            count = ngettext("(%(num)s persoon)", "(%(num)s personen)", n)
            item = Markup("{} {}").format(item, count) if eval_ctx.autoescape else f"{item} {count}"
        items.append(item)
    return as_list(eval_ctx, items)


def template_context() -> dict:
    locale = str(get_locale() or "nl")
    return {
        "languages": i18n.available(),
        "lang": locale,
        "text_dir": i18n.direction(locale),
        "asset": asset,
        "icon": icon,
        "L": labels,
        "me": g.get("participant"),
    }


def init_app(app: Flask) -> None:
    app.context_processor(template_context)
    app.jinja_env.globals["language_name"] = lambda code: i18n.LANGUAGES.get(code, code)
    app.jinja_env.globals["language_adjective"] = language_in_reader_language
    app.jinja_env.globals["too_short_to_tell"] = textlang.too_short  # words stored without language_known
    app.jinja_env.filters["language_adjective"] = language_in_reader_language  # codes|map("language_adjective")
    app.jinja_env.globals["in_languages"] = in_languages
    app.jinja_env.globals["in_languages_n"] = in_languages_n
    # The typed vocabulary, so templates compare with Mode.EVENING rather than "evening".
    app.jinja_env.globals.update(Mode=Mode, ProposalStatus=ProposalStatus, Question=Question, Role=Role,
                                  ScreenView=ScreenView)
    app.jinja_env.globals["N_"] = lambda message: message  # marks a string for extraction only
    app.jinja_env.filters["as_list"] = as_list
    app.jinja_env.filters["person"] = person
    app.jinja_env.filters["role"] = lambda code: str(labels.ROLE.get(code, code))
    app.jinja_env.filters["people_groups"] = people_groups
    app.jinja_env.filters["people_list"] = people_list
    app.jinja_env.filters["pairs"] = lambda choices: [(c.value, c.label) for c in choices]


def language_in_reader_language(code: str) -> str:
    """'tr' -> 'Turks' for a Dutch reader, 'Turkish' for an English one (names from Babel's CLDR data)."""
    try:
        return Locale.parse(code).get_display_name(str(get_locale())) or code
    except (ValueError, TypeError):
        return code
