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

# Inside these, a word is explained in the list but not linked (not in a control, a link, a menu or a header).
NOT_LINKED = frozenset({"a", "button", "label", "option", "select", "textarea", "summary", "nav", "header", "footer",
                        "script", "style", "svg", "dfn", "abbr", "code", "pre", "title", "bdi"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
_TAG = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*>", re.S)


@dataclass(frozen=True)
class Explained:
    number: int
    word: str
    explanation: str


_TOKEN = re.compile(r"(?<![\w-])\w+")


@lru_cache(maxsize=32)
def _forms(locale: str) -> dict[str, list[tuple[str, GlossaryEntry]]]:
    """Every form of every glossary word in this language, by its first word (casefolded), longest first.
    Looking words up in a dict is much faster than one big regular expression with every form in it."""
    by_first: dict[str, list[tuple[str, GlossaryEntry]]] = {}
    for entry in glossary():
        for form in GlossaryEntry.split(gettext(entry.word)):
            for written in {form, str(escape(form))}:  # the page has "thema&#39;s" for "thema's"
                first = _TOKEN.match(written)
                if first:
                    by_first.setdefault(first.group().casefold(), []).append((written.casefold(), entry))
    for candidates in by_first.values():
        candidates.sort(key=lambda candidate: len(candidate[0]), reverse=True)
    return by_first


def _matches(html: str, by_first: dict[str, list[tuple[str, GlossaryEntry]]]):
    """(start, end, entry) of every glossary word in the HTML, whole words only."""
    for token in _TOKEN.finditer(html):
        for form, entry in by_first.get(token.group().casefold(), ()):
            end = token.start() + len(form)
            after = html[end:end + 1]
            if html[token.start():end].casefold() == form and not (after.isalnum() or after in "-_"):
                yield token.start(), end, entry
                break


class _Where:
    """Walks the tags of a page once, up to each match: is this match in text, and may it become a link?"""

    def __init__(self, html: str) -> None:
        self.tags = _TAG.finditer(html)
        self.next = next(self.tags, None)
        self.stack: list[str] = []
        self.closed = 0  # how many open elements are NOT_LINKED

    def at(self, position: int) -> tuple[bool, bool]:
        """(in text, linkable) for a match that starts at this position; positions only go up."""
        while self.next is not None and self.next.end() <= position:
            self._apply(self.next)
            self.next = next(self.tags, None)
        in_text = self.next is None or self.next.start() > position
        return in_text, in_text and not self.closed

    def _apply(self, tag: re.Match[str]) -> None:
        closing, name = tag.group(1), (tag.group(2) or "").lower()
        if not name or name in VOID or tag.group().endswith("/>"):
            return
        if not closing:
            self.stack.append(name)
            self.closed += name in NOT_LINKED
        elif name in self.stack:
            cut = len(self.stack) - 1 - self.stack[::-1].index(name)
            self.closed -= sum(n in NOT_LINKED for n in self.stack[cut:])
            del self.stack[cut:]


def explain_words(html: str, glossary_on: str = "on") -> Markup:
    """The page's content with its glossary words linked to their explanation, and the explanations below it.
    A page that must fit one screen (the projector) says `{% block glossary %}off{% endblock %}`."""
    html = str(html)
    matches = list(_matches(html, _forms(str(get_locale())))) if glossary_on == "on" else []
    if not matches:
        return Markup(html)
    where = _Where(html)
    found: dict[GlossaryEntry, Explained] = {}
    linked: set[GlossaryEntry] = set()
    out: list[str] = []
    position = 0
    for start, end, entry in matches:
        if start < position:  # inside the previous match ("lijst met afspraken" and "afspraken")
            continue
        in_text, linkable = where.at(start)
        if not in_text:  # a word in an attribute
            continue
        if entry not in found:
            found[entry] = Explained(len(found) + 1, GlossaryEntry.split(gettext(entry.word))[0],
                                     gettext(entry.explanation))
        if linkable and entry not in linked:  # the first time in running text
            linked.add(entry)
            out.append(html[position:start])
            out.append(f'<a class="gloss-word" href="#uitleg-{found[entry].number}">{html[start:end]}</a>')
            position = end
    out.append(html[position:])
    return Markup("".join(out)) + _explanations(list(found.values()))


def _explanations(found: list[Explained]) -> Markup:
    if not found:
        return Markup("")
    items = "".join(f'<dt id="uitleg-{e.number}"><dfn>{escape(e.word)}</dfn></dt><dd>{escape(e.explanation)}</dd>'
                    for e in found)
    return Markup(f'<section class="glossary" aria-labelledby="uitleg-h"><h2 id="uitleg-h">'
                  f'{escape(gettext("Woorden uitgelegd"))}</h2><dl>{items}</dl></section>')


def init_app(app: Flask) -> None:
    app.jinja_env.filters["explain_words"] = explain_words
