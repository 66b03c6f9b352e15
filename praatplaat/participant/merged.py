"""What a phone's merged view reads (issue 11): at a parent evening shared by the room for a moment.

At a parent evening every vote is a new version, and 200 phones look at the same theme: computing the merged view
again for each of them took a core. There the phones read a result that may be up to EVENING_LAG_SECONDS old
(`versioncache.recent`), and the page's poll carries that result's version, so the phone still hears that
something changed. A phone's own votes are never old: its pressed buttons come from its own rows, and the counts
are corrected for its own votes (`own_counts`). At a table everything is read at the current version.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from .. import listview, results, versioncache
from ..models import Conversation, Participant
from ..readmodel import ThemeSummary
from ..vocabulary import Role


@dataclass(frozen=True)
class Shared:
    summary: ThemeSummary
    public_texts: list
    notes: list
    version: int  # the oldest version of what was read: the page's poll ETag


def read(conversation: Conversation, theme, key: str, closed: bool, evening: bool) -> Shared:
    lag = current_app.config["EVENING_LAG_SECONDS"] if evening else 0
    with versioncache.recent(lag) as shown:
        summary = listview.theme_summary(conversation, theme, closed)
        public = results.free_texts(conversation, key, approved_only=True) if evening else []
        notes = results.scale_notes(conversation, key)
    version = conversation.version if shown.version is None else min(shown.version, conversation.version)
    return Shared(summary, public, notes, version)


def own_counts(summary: ThemeSummary, me: Participant, my_votes: dict[str, bool]) -> dict[str, tuple]:
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
