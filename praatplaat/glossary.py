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


@dataclass(frozen=True)
class Explained:
    number: int
    word: str
    explanation: str


_TOKEN = re.compile(r"(?<![\w-])\w+")


@lru_cache(maxsize=32)
def _finder(locale: str) -> tuple[re.Pattern[str], dict[str, GlossaryEntry]]:
    """One regular expression for every form of every glossary word in this language (casefolded, longest first,
    whole words only), and the entry of each form. It runs over the casefolded page, in C: walking the page's
    words in Python cost more than a third of rendering a page (issue 11)."""
    forms: dict[str, GlossaryEntry] = {}
    for entry in glossary():
        for form in GlossaryEntry.split(gettext(entry.word)):
            for written in (form, str(escape(form))):  # the page has "thema&#39;s" for "thema's"
                if _TOKEN.match(written):
                    forms.setdefault(written.casefold(), entry)
    alternatives = "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))
    # A lookahead, so that a word inside a longer one is found too ("afspraken" in "lijst met afspraken").
    firsts = "".join(sorted({re.escape(form[0]) for form in forms}))  # most places fail at once on this
    return re.compile(rf"(?<![\w-])(?=[{firsts}])(?=({alternatives})(?![\w-]))"), forms


def _matches(html: str, locale: str):
    """(start, end, entry) of every glossary word in the HTML, whole words only."""
    folded = html.casefold()
    if len(folded) != len(html):  # a letter that folds into two ("ß"): positions would shift
        folded = "".join(c if len(c.casefold()) != 1 else c.casefold() for c in html)
    finder, forms = _finder(locale)
    for match in finder.finditer(folded):
        yield match.start(), match.end(1), forms[match.group(1)]


# The elements in which a word is not linked, opened and closed; all other tags do not matter for that.
_NOT_LINKED_TAG = re.compile(r"<!--.*?-->|<(/?)(" + "|".join(sorted(NOT_LINKED)) + r")(?![a-zA-Z0-9-])[^>]*>",
                             re.S | re.I)


class _Where:
    """Walks the page up to each match: is this match in text, and may it become a link?"""

    def __init__(self, html: str) -> None:
        self.html = html
        self.tags = _NOT_LINKED_TAG.finditer(html)
        self.next = next(self.tags, None)
        self.stack: list[str] = []  # the open elements in which a word is not linked

    def at(self, position: int) -> tuple[bool, bool]:
        """(in text, linkable) for a match that starts at this position; positions only go up."""
        while self.next is not None and self.next.end() <= position:
            self._apply(self.next)
            self.next = next(self.tags, None)
        in_comment = self.next is not None and self.next.start() <= position and self.next.group(2) is None
        in_text = not in_comment and self.html.rfind("<", 0, position) <= self.html.rfind(">", 0, position)
        return in_text, in_text and not self.stack

    def _apply(self, tag: re.Match[str]) -> None:
        closing, name = tag.group(1), (tag.group(2) or "").lower()
        if not name or tag.group().endswith("/>"):
            return
        if not closing:
            self.stack.append(name)
        elif name in self.stack:
            del self.stack[len(self.stack) - 1 - self.stack[::-1].index(name):]


def explain_words(html: str, glossary_on: str = "on") -> Markup:
    """The page's content with its glossary words linked to their explanation, and the explanations below it.
    A page that must fit one screen (the projector) says `{% block glossary %}off{% endblock %}`."""
    html = str(html)
    matches = list(_matches(html, str(get_locale()))) if glossary_on == "on" else []
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
