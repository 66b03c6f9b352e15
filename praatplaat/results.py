"""Read side: gather a conversation's rows into the pure merge structures."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select

from . import merge
from .db import db
from .decks import Theme, get_deck
from .models import Answer, Conversation, Decision, Participant, Pick, Vote
from .readmodel import ThemeView, Words
from .vocabulary import OPENING, Mode, Question, When, Who

FREE_TEXT = (Question.SCALE, Question.STRENGTHS, Question.IDEAS)


def theme_view(theme: Theme) -> ThemeView:
    """A deck's theme, its title to be translated when shown."""
    return ThemeView(key=theme.key, title=Words(theme.title), icon=theme.icon, text=theme.text,
                     youth_text=theme.youth_text, suggestions=theme.suggestions)


def themes_of(conversation: Conversation) -> list[ThemeView]:
    """The deck's themes followed by the conversation's own themes."""
    deck = get_deck(conversation.deck)
    own = [ThemeView(key=o.key, title=Words(o.title, o.language, from_deck=False), icon="eigen", own=True)
           for o in conversation.own_themes]
    return [*(theme_view(t) for t in (deck.themes if deck else ())), *own]


def theme_of(conversation: Conversation, key: str) -> ThemeView | None:
    return next((t for t in themes_of(conversation) if t.key == key), None)


def agenda_themes(conversation: Conversation) -> list[tuple[ThemeView, bool]]:
    """(theme, closed) in agenda order."""
    by_key = {t.key: t for t in themes_of(conversation)}
    return [(by_key[i.theme_key], i.closed) for i in conversation.agenda if i.theme_key in by_key]


def person(p: Participant) -> merge.Person:
    return merge.Person(id=p.id, role=p.role, nickname=p.nickname)


def picks_by_theme(conversation: Conversation) -> dict[str, list[merge.Person]]:
    rows = db.session.execute(select(Pick, Participant).join(Participant).where(
        Participant.conversation_id == conversation.id).order_by(Participant.id)).all()
    out: dict[str, list[merge.Person]] = defaultdict(list)
    for pick, participant in rows:
        out[pick.theme_key].append(person(participant))
    return out


def own_picks(participant: Participant) -> set[str]:
    return {p.theme_key for p in participant.picks}


def own_answers(participant: Participant, key: str) -> dict[str, Answer]:
    return {a.question: a for a in participant.answers if a.theme_key == key}


def theme_result(conversation: Conversation, key: str) -> merge.ThemeResult:
    return all_results(conversation, [key])[key]


def all_results(conversation: Conversation, keys: list[str] | None = None) -> dict[str, merge.ThemeResult]:
    """One ThemeResult per agenda theme (or per given key), from three queries."""
    keys = keys if keys is not None else [i.theme_key for i in conversation.agenda]
    people = [person(p) for p in conversation.participants]
    by_id = {p.id: p for p in people}
    answers = db.session.scalars(select(Answer).join(Participant).where(
        Participant.conversation_id == conversation.id, Answer.theme_key.in_(keys))
        .order_by(Answer.participant_id)).all()
    votes = db.session.scalars(select(Vote).join(Participant).where(
        Participant.conversation_id == conversation.id, Vote.theme_key.in_(keys))).all()
    decisions = db.session.scalars(select(Decision).where(
        Decision.conversation_id == conversation.id, Decision.theme_key.in_(keys))).all()
    vote_map: dict[str, dict[int, bool]] = defaultdict(dict)
    for v in votes:
        vote_map[v.proposal_key][v.participant_id] = v.agree
    overrides = {d.proposal_key: merge.Override(d.confirmed, d.text, d.language, d.who, d.when, d.when_date)
                 for d in decisions}
    grouped: dict[str, list[Answer]] = defaultdict(list)
    for a in answers:
        grouped[a.theme_key].append(a)
    group = conversation.mode == Mode.EVENING
    return {key: _result(key, people, by_id, grouped[key], vote_map, overrides, group) for key in keys}


def _result(key, people, by_id, answers, vote_map, overrides, group) -> merge.ThemeResult:
    scales, strengths, ideas, proposals = {}, [], [], []
    for a in answers:
        who = by_id[a.participant_id]
        # Refused words are never shown (only the writer's phone says so); their picture-scale answer counts.
        text = "" if a.refused and a.question in FREE_TEXT else a.text
        if a.question == Question.SCALE and a.scale:
            scales[who.id] = a.scale
        elif a.question == Question.STRENGTHS and text.strip():
            strengths.append(merge.TextItem(who, text, a.language))
        elif a.question == Question.IDEAS and text.strip():
            ideas.append(merge.TextItem(who, text, a.language))
        elif a.question == Question.PROPOSAL and (a.template or a.text.strip()):
            proposals.append(merge.ProposalInput(who, a.template, a.text, a.who or Who.TOGETHER,
                                                 a.when or When.NEXT, a.when_date, a.language))
    return merge.theme_result(key, people, scales, strengths, ideas, proposals, vote_map, overrides, group)


def scale_notes(conversation: Conversation, key: str) -> list[merge.TextItem]:
    """The optional words people wrote with their picture-scale answer."""
    rows = db.session.execute(select(Answer, Participant).join(Participant).where(
        Participant.conversation_id == conversation.id, Answer.theme_key == key,
        Answer.question == Question.SCALE, Answer.refused.is_(False))).all()
    return [merge.TextItem(person(p), a.text, a.language) for a, p in rows if a.text.strip()]


def free_texts(conversation: Conversation, key: str, approved_only: bool = False) -> list[tuple[Answer, merge.Person]]:
    """Every written answer of a theme (scale notes, strengths, ideas), for moderation and the screen.
    Refused answers are left out: they are gone from the queue and never shown."""
    query = select(Answer, Participant).join(Participant).where(
        Participant.conversation_id == conversation.id, Answer.theme_key == key,
        Answer.question.in_(FREE_TEXT), Answer.text != "", Answer.refused.is_(False)
    ).order_by(Answer.id)
    if approved_only:
        query = query.where(Answer.approved.is_(True))
    return [(a, person(p)) for a, p in db.session.execute(query).all()]


def refused_texts(participant: Participant, key: str) -> list[Answer]:
    """This writer's words the facilitator refused in this theme (only their own phone shows them)."""
    return [a for a in participant.answers if a.theme_key == key and a.refused and a.text.strip()]


def goals(conversation: Conversation) -> list[merge.TextItem]:
    """The opening: everyone's answer to "Wat is het doel van dit gesprek?"."""
    rows = db.session.execute(select(Answer, Participant).join(Participant).where(
        Participant.conversation_id == conversation.id, Answer.theme_key == OPENING)
        .order_by(Participant.id)).all()
    return [merge.TextItem(person(p), a.text, a.language) for a, p in rows if a.text.strip()]


def reviews(conversation: Conversation) -> dict[str, object]:
    """This round's look back, by proposal key."""
    return {r.proposal_key: r for r in conversation.reviews if r.round == conversation.round}


def question_text(conversation: Conversation, role: str, name: str):
    """The deck's wording for this role (simpler for a young person), else the usual question."""
    from .labels import QUESTION

    deck = get_deck(conversation.deck)
    return (deck and deck.question(role, name)) or QUESTION[name]


def pick_counts(conversation: Conversation) -> list[tuple[Theme, int]]:
    """Theme votes, most picked first."""
    picks = picks_by_theme(conversation)
    counted = [(t, len(picks.get(t.key, []))) for t in themes_of(conversation)]
    return sorted(counted, key=lambda item: -item[1])


@dataclass
class Step:
    endpoint: str
    args: dict


def next_step(participant: Participant) -> Step:
    """Where this person was: the first unanswered question, else the first theme still to agree on."""
    conversation = participant.conversation
    if conversation.opening and not any(a.theme_key == OPENING for a in participant.answers):
        return Step("participant.opening", {})
    if not conversation.agenda_set:
        return Step("participant.themes", {})
    answered = {(a.theme_key, a.question) for a in participant.answers}
    voted = {v.proposal_key for v in participant.votes}
    for theme, closed in agenda_themes(conversation):
        if closed:
            continue
        for number, question in enumerate(merge.QUESTIONS, 1):
            if (theme.key, question) not in answered:
                return Step("participant.question", {"key": theme.key, "step": number})
        result = theme_result(conversation, theme.key)
        if any(p.key not in voted for p in result.proposals):
            return Step("participant.together", {"key": theme.key})
    return Step("participant.agreement_list", {})
