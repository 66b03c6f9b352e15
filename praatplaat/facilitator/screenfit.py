"""How much the shared screen shows, so that every view fits a projector without scrolling.

The screen's type follows the screen (app.css: ``min(2.2vw, 3.4vh)``), so a 1280×720 and a 1920×1080 projector
show the same picture. The themes view shows the most picked themes (three columns of four). One theme shows
its picture-scale counts beside a column with the newest approved answers and the proposals with the most
*eens*: as many as fit that column, counted in lines the way a wide sans-serif font (DejaVu Sans) sets them, so
narrower fonts fit with room to spare. A long answer or proposal is shortened to ``TEXT_CHARS`` with "…";
"+ N meer" says how many more there are. A tapped ready sentence (the deck's words) is shown whole, in each screen
language, on a line of its own; the newest answer shows as many of its sentences as fit, then "…". The phones show
everything.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from math import ceil

from ..readmodel import ProposalView, Words

THEMES = 12  # the themes view: the most picked themes, 3 columns of 4
TEXT_CHARS = 110  # a longer answer or proposal is shortened on the screen
COLUMN_LINES = 19.5  # lines of body text in the words column under a one-line title (measured, with a margin)
PER_LINE = {"title": 50, "text": 56, "bold": 50, "second": 66}  # characters per line
TITLE_LINE, SECOND_LINE = 1.47, 0.8  # a title line and a line in the second language, in body lines
MORE, GAP = 1.3, 0.3  # the "+ N meer" line; the room between two items
HEADING, COUNT = 1.7, 1.0  # "Wat spreken we af?"; the line with the number of eens
CUT = 1.0  # the "…" line after the tapped sentences that fit


@dataclass(frozen=True)
class Shown:
    texts: list
    more_texts: int
    proposals: list[ProposalView]
    more_proposals: int
    cut: bool = False  # the newest answer shows fewer of its tapped sentences than it has ("…")


def lines(text: str, per_line: int) -> int:
    return max(1, ceil(min(len(text), TEXT_CHARS + 1) / per_line))


def _words_lines(words: Words, kind: str, two: bool) -> float:
    own = lines(words.source, PER_LINE[kind])
    second = SECOND_LINE * lines(words.source, PER_LINE["second"]) if words.from_deck and two else 0
    return own + second


def fit_theme(title: Words, texts: Sequence, proposals: Sequence[ProposalView], two_languages: bool) -> Shown:
    """The newest answers (``texts``, newest first) and the proposals (most eens first) that fit; at least one
    of each, and room for two proposals before more answers."""
    title_lines = lines(title.source, PER_LINE["title"])
    if title.from_deck and two_languages:
        title_lines += SECOND_LINE * lines(title.source, PER_LINE["title"])
    budget = COLUMN_LINES - (title_lines - 1) * TITLE_LINE

    def text_cost(answer) -> float:
        # Each tapped sentence is a line (or more) of its own, in every screen language; own words follow.
        said = sum(_words_lines(Words(s.text), "text", two_languages) for s in answer.sentences)
        own = lines(answer.text, PER_LINE["text"]) if answer.text or not said else 0
        return said + own + GAP

    def proposal_cost(proposal: ProposalView) -> float:
        settled = COUNT if proposal.settled and two_languages else 0  # "Afgesproken" in two languages may wrap
        return _words_lines(proposal.what, "bold", two_languages) + COUNT + settled + GAP

    heading = HEADING + (SECOND_LINE if two_languages else 0)
    # The proposals matter most at an evening: room for the two with the most eens comes first.
    first = list(proposals[:2])
    reserved = heading + sum(map(proposal_cost, first)) + (MORE if len(proposals) > 2 else 0) if first else 0
    texts_more = MORE if len(texts) > 1 else 0
    used, shown_texts, cut = 0.0, [], False
    for answer in texts:
        if not shown_texts:  # the newest answer is always shown: with as many tapped sentences as fit
            whole, answer = answer, _trim(answer, budget - texts_more - reserved, text_cost)
            cut = answer is not whole
        if shown_texts and used + text_cost(answer) + texts_more + reserved > budget:
            break
        shown_texts.append(answer)
        used += text_cost(answer) + (CUT if cut else 0)
    used += (MORE if len(shown_texts) < len(texts) else 0) + (heading if proposals else 0)
    shown_proposals: list[ProposalView] = []
    for index, proposal in enumerate(proposals):
        more = MORE if index + 1 < len(proposals) else 0
        if shown_proposals and used + proposal_cost(proposal) + more > budget:
            break
        shown_proposals.append(proposal)
        used += proposal_cost(proposal)
    return Shown(shown_texts, len(texts) - len(shown_texts), shown_proposals, len(proposals) - len(shown_proposals),
                 cut)


def _trim(answer, room: float, cost):
    """The answer with its last tapped sentences left out until it fits `room` (own words, or one sentence, stay)."""
    kept = answer
    while len(kept.sentences) > (0 if kept.text else 1) and cost(kept) + (0 if kept is answer else CUT) > room:
        kept = replace(kept, sentences=kept.sentences[:-1])
    return kept
