"""The afsprakenlijst as one read model: `afsprakenlijst(conversation) -> ListView`.

The phone's list, the facilitator's list, the print in two languages, the plain text and `exports.as_json`
all render this one object, so they cannot disagree. The merged view of one theme (`theme_summary`) is
built the same way.
"""

from __future__ import annotations

import json
from datetime import date

from . import merge, results, versioncache
from .decks import get_deck
from .models import Conversation
from .readmodel import (
    ClosingView,
    ListView,
    ParticipantView,
    PastAgreement,
    ProposalView,
    ReviewView,
    RoundView,
    SectionView,
    ThemeSummary,
    ThemeView,
    Words,
)
from .retention import keep_until
from .vocabulary import Mode


def _what(proposal: merge.MergedProposal, theme: ThemeView) -> Words:
    """The deck's suggestion (translated when shown), else the person's own words."""
    suggestion = theme.suggestion(proposal.template) if proposal.template else None
    if suggestion:
        return Words(suggestion.text)
    return Words(proposal.text, proposal.language, from_deck=False, translations=proposal.translations)


def _proposal(proposal: merge.MergedProposal, theme: ThemeView, conversation: Conversation,
              reviews: dict[str, ReviewView]) -> ProposalView:
    return ProposalView(
        key=proposal.key, what=_what(proposal, theme), template=proposal.template, who=proposal.who,
        when=proposal.when, when_date=proposal.when_date, status=proposal.status, edited=proposal.edited,
        group=conversation.mode == Mode.EVENING, started=conversation.created_at.date(),
        lookback_on=conversation.lookback_on, proposers=tuple(proposal.proposers), agree=tuple(proposal.agree),
        not_yet=tuple(proposal.not_yet), waiting=tuple(proposal.waiting), review=reviews.get(proposal.key))


def _summary(conversation: Conversation, theme: ThemeView, closed: bool, result: merge.ThemeResult,
             reviews: dict[str, ReviewView]) -> ThemeSummary:
    deck = get_deck(conversation.deck)
    return ThemeSummary(
        theme=theme, closed=closed, scales=tuple(result.scales), differ=result.differ,
        distribution=result.distribution, strengths=tuple(result.strengths), ideas=tuple(result.ideas),
        proposals=tuple(_proposal(p, theme, conversation, reviews) for p in result.proposals),
        spread=bool(deck and deck.spread), helps=tuple(result.helps), absent=tuple(result.absent))


def theme_summary(conversation: Conversation, theme: ThemeView, closed: bool) -> ThemeSummary:
    """The merged view of one theme (no look back: that belongs to the list); kept per conversation version."""
    return versioncache.cached(conversation, "summary", (theme.key, closed), lambda: _summary(
        conversation, theme, closed, results.theme_result(conversation, theme.key), {}))


def _reviews(conversation: Conversation) -> dict[str, ReviewView]:
    return {key: ReviewView(r.status, r.note, r.language, r.reviewed_on)
            for key, r in results.reviews(conversation).items()}


def _past_review(data: dict | None) -> ReviewView | None:
    if not data:
        return None
    day = data.get("reviewed_on")
    return ReviewView(data.get("status", ""), data.get("note", ""), data.get("language", "nl"),
                      date.fromisoformat(day) if day else None)


def _history(conversation: Conversation) -> tuple[RoundView, ...]:
    """Earlier rounds from their snapshots; a deck's suggestion is shown in the reader's language."""
    deck = get_deck(conversation.deck)
    rounds = []
    for snapshot in conversation.history:
        data = json.loads(snapshot.data)
        agreements = []
        for theme in data.get("themes", ()):
            deck_theme = deck.theme(theme.get("key")) if deck else None
            for item in theme.get("agreements", ()):
                suggestion = deck_theme.suggestion(item.get("template")) if deck_theme and item.get(
                    "template") else None
                what = Words(suggestion.text) if suggestion else Words(
                    item.get("what", ""), item.get("what_language", "nl"), from_deck=False)
                agreements.append(PastAgreement(what, item.get("who", ""), _past_review(item.get("review"))))
        day = data.get("lookback_on")
        rounds.append(RoundView(snapshot.number, snapshot.closed_on, tuple(agreements), data,
                                date.fromisoformat(day) if day else None))
    return tuple(rounds)


def afsprakenlijst(conversation: Conversation) -> ListView:
    """The whole list of a conversation, built once for every way of showing it."""
    deck = get_deck(conversation.deck)
    by_key = results.all_results(conversation)
    reviews = _reviews(conversation)
    themes = tuple(_summary(conversation, theme, closed, by_key[theme.key], reviews)
                   for theme, closed in results.agenda_themes(conversation))
    sections = tuple(
        SectionView(Words(section.title), tuple(section.themes),
                    tuple(p for summary in themes if summary.theme.key in section.themes
                          for p in summary.agreements))
        for section in (deck.sections if deck else ()))
    people = conversation.participants
    return ListView(
        title=conversation.title, deck=conversation.deck, deck_title=deck.title if deck else "",
        created_at=conversation.created_at, round=conversation.round, lookback_on=conversation.lookback_on,
        keep_until=keep_until(conversation), opening=conversation.opening,
        evening=conversation.mode == Mode.EVENING,
        participants=tuple(ParticipantView(p.role, p.nickname, p.language, p.is_facilitator) for p in people),
        goals=tuple(results.goals(conversation)), themes=themes, sections=sections,
        history=_history(conversation),
        closing=tuple(ClosingView(p.role, p.closing.experience, p.closing.covered, p.closing.question,
                                  p.closing.language, p.closing.tips) for p in people if p.closing),
        expectations=tuple(results.expectations(conversation)),
        reachable=Words(conversation.reachable, conversation.reachable_language, from_deck=False)
        if conversation.reachable.strip() else None)
