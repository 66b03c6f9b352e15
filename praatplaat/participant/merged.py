"""What a phone's merged view reads (issue 11): at a parent evening shared by the room for a moment.

At a parent evening every vote is a new version, and 200 phones look at the same theme: computing the merged view
again for each of them took a core. There the phones read a result that may be up to EVENING_LAG_SECONDS old
(`versioncache.recent`), and the page's poll carries that result's version, so the phone still hears that
something changed. A phone's own votes are never old: its pressed buttons come from its own rows, and the counts
are corrected for its own votes (`own_counts`). At a table everything is read at the current version.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Response, current_app, g, make_response, render_template

from .. import listview, results, versioncache
from ..merge import Person
from ..models import Conversation, Participant
from ..readmodel import ThemeSummary
from ..vocabulary import Mode, Role

# app.js votes without loading the page again: it asks for only the proposal it voted on (`vote_part`).
PART_HEADER = "X-Praatplaat-Part"
PROPOSAL_PART = "proposal"


@dataclass(frozen=True)
class Shared:
    summary: ThemeSummary
    public_texts: list
    notes: list
    version: int  # the oldest version of what was read: the page's poll ETag


def place(conversation: Conversation, key: str) -> tuple[tuple[int, int], str | None]:
    """Where this theme is on the agenda: (its number, how many themes), and the theme after it (the merged view
    links to it; None after the last)."""
    keys = [t.key for t, _closed in results.agenda_themes(conversation)]
    n = keys.index(key)
    return (n + 1, len(keys)), (keys[n + 1] if n + 1 < len(keys) else None)


def my_votes() -> dict[str, bool]:
    """This phone's votes per proposal: True is eens, False is nog niet."""
    return {v.proposal_key: v.agree for v in g.participant.votes}


def read(conversation: Conversation, theme, key: str, closed: bool, evening: bool, lag: bool = True) -> Shared:
    lag = current_app.config["EVENING_LAG_SECONDS"] if evening and lag else 0
    with versioncache.recent(lag) as shown:
        summary = listview.theme_summary(conversation, theme, closed)
        public = results.free_texts(conversation, key, approved_only=True) if evening else []
        notes = results.scale_notes(conversation, key)
    version = conversation.version if shown.version is None else min(shown.version, conversation.version)
    return Shared(summary, public, notes, version)


def own_counts(summary: ThemeSummary, me: Participant | Person, my_votes: dict[str, bool]) -> dict[str, tuple]:
    """Per proposal (eens, nog niet) as the group counts show them, with this phone's own votes as they are now."""
    away = me.role == Role.INTERPRETER or any(p.id == me.id for p in summary.absent)
    counts = {}
    for p in summary.proposals:
        agree, not_yet = len(p.agree), len(p.not_yet)
        if not away:
            agree += (my_votes.get(p.key) is True) - any(x.id == me.id for x in p.agree)
            not_yet += (my_votes.get(p.key) is False) - any(x.id == me.id for x in p.not_yet)
        counts[p.key] = (agree, not_yet)
    return counts


def vote_part(conversation: Conversation, key: str, form, changed: bool, me: Person) -> Response | None:
    """After a vote sent by app.js: only that proposal of the merged view, with the buttons as they are now, so
    the page keeps its place and a phone does not load the whole page again (at a parent evening that was two
    of every phone's three page loads while voting). `X-Praatplaat-Version` is the conversation's version now
    and `X-Praatplaat-Own` says whether this vote raised it: when the page showed the version just before,
    app.js takes the new one and no "Er is iets veranderd" note appears for one's own vote.
    The vote found the theme on the agenda and open, and the voter no tolk; nothing more is read for that. `me` is
    the voter as read before the vote (its commit expired the participant: reading it again would be a query)."""
    proposal_key, at_evening = form.proposal.data, conversation.mode == Mode.EVENING
    theme = results.theme_of(conversation, key)
    summary = read(conversation, theme, key, False, at_evening).summary
    if not any(p.key == proposal_key for p in summary.proposals):  # newer than the moment the room shares
        summary = read(conversation, theme, key, False, at_evening, lag=False).summary
    shown = next((p for p in summary.proposals if p.key == proposal_key), None)
    if shown is None:  # gone since (its proposer changed it): the whole page, as without JavaScript
        return None
    votes = {proposal_key: form.agree.data == "yes"}  # only this proposal is shown
    response = make_response(render_template(
        "participant/_vote.html", p=shown, closed=False, tolk=False, my_votes=votes,
        away=any(p.id == me.id for p in summary.absent), writer=me.id,
        group_counts=own_counts(summary, me, votes) if at_evening else None))
    response.headers.update({PART_HEADER: PROPOSAL_PART, "X-Praatplaat-Version": f'"v{conversation.version}"',
                             "X-Praatplaat-Own": "1" if changed else "0", "Cache-Control": "no-store"})
    return response
