"""Hard words explained on every page where they appear (issue 14), in the reader's language.

The words and their explanations are data: `plainwords/glossary.toml`, translated in the catalogs. `base.html`
runs the page's main content through the `explain_words` filter: the first time a glossary word appears in
running text it becomes a link to its explanation, and every glossary word on the page (also one on a button, in
a label or in someone's own words, which are not linked) is explained in a list at the bottom.
Plain HTML: no JavaScript, no inline style.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from flask import Flask
from flask_babel import get_locale, gettext
from markupsafe import Markup, escape

from .plainwords import GlossaryEntry, glossary

# Inside these, a word is explained in the list but not turned into a link (no link inside a control or a link).
NOT_LINKED = frozenset({"a", "button", "label", "option", "select", "textarea", "summary", "script", "style", "svg",
                        "dfn", "abbr", "code", "pre", "title", "bdi"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
_TAG = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*?(/?)>", re.S)


@dataclass(frozen=True)
class Explained:
    number: int
    word: str
    explanation: str


@lru_cache(maxsize=32)
def _matcher(locale: str) -> tuple[re.Pattern[str] | None, dict[str, GlossaryEntry]]:
    """One pattern for every form of every glossary word in this language (longest first), and form -> entry."""
    by_form: dict[str, GlossaryEntry] = {}
    for entry in glossary():
        for form in GlossaryEntry.split(gettext(entry.word)):
            for written in (form, str(escape(form))):  # the page has "thema&#39;s" for "thema's"
                by_form.setdefault(written.casefold(), entry)
    if not by_form:
        return None, by_form
    alternatives = "|".join(re.escape(f) for f in sorted(by_form, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE), by_form


def _texts(html: str):
    """(start, end, linkable) of every piece of text between tags."""
    stack: list[str] = []
    position = 0
    for tag in _TAG.finditer(html):
        if tag.start() > position:
            yield position, tag.start(), not any(name in NOT_LINKED for name in stack)
        position = tag.end()
        closing, name, self_closing = tag.group(1), (tag.group(2) or "").lower(), tag.group(3)
        if not name or name in VOID or self_closing:
            continue
        if not closing:
            stack.append(name)
        elif name in stack:
            del stack[len(stack) - 1 - stack[::-1].index(name):]
    if position < len(html):
        yield position, len(html), not stack


def explain_words(html: str, glossary_on: str = "on") -> Markup:
    """The page's content with its glossary words linked to their explanation, and the explanations below it.
    A page that must fit one screen (the projector) says `{% block glossary %}off{% endblock %}`."""
    html = str(html)
    pattern, by_form = _matcher(str(get_locale()))
    if pattern is None or glossary_on != "on":
        return Markup(html)
    found: dict[GlossaryEntry, Explained] = {}
    linked: set[GlossaryEntry] = set()
    out: list[str] = []
    position = 0
    for start, end, linkable in list(_texts(html)):
        for match in pattern.finditer(html, start, end):
            entry = by_form[match.group().casefold()]
            if entry not in found:
                found[entry] = Explained(len(found) + 1, GlossaryEntry.split(gettext(entry.word))[0],
                                         gettext(entry.explanation))
            if linkable and entry not in linked:  # the first time in running text
                linked.add(entry)
                out.append(html[position:match.start()])
                out.append(f'<a class="gloss-word" href="#uitleg-{found[entry].number}">{match.group()}</a>')
                position = match.end()
    out.append(html[position:])
    return Markup("".join(out)) + _explanations(list(found.values()))


def _explanations(found: list[Explained]) -> Markup:
    if not found:
        return Markup("")
    items = Markup("").join(
        Markup('<dt id="uitleg-{}"><dfn>{}</dfn></dt><dd>{}</dd>').format(e.number, e.word, e.explanation)
        for e in found)
    return Markup('<section class="glossary" aria-labelledby="uitleg-h"><h2 id="uitleg-h">{}</h2><dl>{}</dl>'
                  "</section>").format(gettext("Woorden uitgelegd"), items)


def init_app(app: Flask) -> None:
    app.jinja_env.filters["explain_words"] = explain_words
