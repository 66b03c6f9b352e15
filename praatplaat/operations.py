"""What people do in a conversation: start, join, pick, answer, vote, decide, close, delete.

Explicit arguments, no request or g; each function commits its own transaction.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import wraps

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from . import merge
from .db import db
from .decks import get_deck
from .models import (
    AgendaItem,
    Answer,
    ClosingAnswer,
    Conversation,
    Decision,
    OwnTheme,
    Participant,
    Pick,
    Review,
    RoundSnapshot,
    Vote,
)
from .security import new_join_code, new_token, normalise_code, token_hash

ROLES = ("parent", "professional", "youth", "foster", "network")
ANONYMOUS_ROLE = "unknown"  # parent evening: the role is optional
MODES = ("table", "evening")
SCREEN_VIEWS = ("join", "themes", "blank")
REVIEW_STATUSES = ("done", "partly", "not_yet", "stop")
OPENING = "_opening"  # the theme key under which the opening's answers are kept
WHO_FIXED = ("me", "other", "together")
CLOSING_COVERED = ("yes", "partly", "no")


class Refused(Exception):
    """The action is not possible now; `reason` says why (a key the views translate)."""

    def __init__(self, reason: str, status: int = 409) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


def retry_on_conflict(operation):
    """Two copies of one request (a double tap) may both insert; the loser retries and updates instead."""

    @wraps(operation)
    def wrapped(*args, **kwargs):
        try:
            return operation(*args, **kwargs)
        except IntegrityError:
            db.session.rollback()
            return operation(*args, **kwargs)

    return wrapped


def row_for(model, **key):
    """The one row of `model` with these key values, or a new one added to the session (an upsert)."""
    row = db.session.scalar(select(model).filter_by(**key))
    if row is None:
        row = model(**key)
        db.session.add(row)
    return row


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def touch(conversation: Conversation) -> None:
    """Mark a change: keeps the conversation alive and tells pollers something changed."""
    conversation.last_activity_at = utcnow()
    conversation.version = (conversation.version or 0) + 1


def roles_for(deck_key: str) -> tuple[str, ...]:
    """The roles a deck is meant for (the team scan: professionals only)."""
    deck = get_deck(deck_key)
    return deck.roles if deck and deck.roles else ROLES


def start_conversation(deck: str, title: str, language: str, join_hours: int,
                       role: str = "professional", mode: str = "table",
                       opening: bool = False) -> tuple[Conversation, str, str]:
    """Create a conversation and its facilitator (who also takes part); returns both secrets."""
    if get_deck(deck) is None:
        raise Refused("unknown_deck", 400)
    if role not in roles_for(deck):
        raise Refused("bad_role", 400)
    if mode not in MODES:
        raise Refused("bad_mode", 400)
    now = utcnow()
    facilitator_token, participant_token = new_token(), new_token()
    for _attempt in range(20):
        conversation = Conversation(
            join_code=new_join_code(), facilitator_hash=token_hash(facilitator_token), title=title,
            deck=deck, mode=mode, language=language, created_at=now, last_activity_at=now, opening=opening,
            join_expires_at=now + timedelta(hours=join_hours), version=1)
        conversation.participants.append(Participant(
            token_hash=token_hash(participant_token), role=role, language=language,
            is_facilitator=True, created_at=now))
        db.session.add(conversation)
        try:
            db.session.commit()
            return conversation, facilitator_token, participant_token
        except IntegrityError:  # the join code was taken: draw another
            db.session.rollback()
    raise RuntimeError("no free join code")


def conversation_for_code(raw_code: str, now: datetime | None = None) -> Conversation:
    """The conversation one can join with this code; Refused('unknown', 404) or ('closed', 410)."""
    code = normalise_code(raw_code)
    conversation = code and db.session.scalar(select(Conversation).where(Conversation.join_code == code))
    if not conversation:
        raise Refused("unknown_code", 404)
    if not conversation.joining_open or (now or utcnow()) > conversation.join_expires_at:
        raise Refused("closed_code", 410)
    return conversation


def conversation_for_facilitator(token: str) -> Conversation | None:
    return db.session.scalar(select(Conversation).where(Conversation.facilitator_hash == token_hash(token)))


def participant_for_token(token: str | None) -> Participant | None:
    if not token:
        return None
    return db.session.scalar(select(Participant).where(Participant.token_hash == token_hash(token)))


def join(conversation: Conversation, role: str, nickname: str, language: str,
         submission: str | None = None) -> tuple[Participant, str]:
    """Add a participant; the returned token goes into their cookie.

    The same form sent twice (a double tap) gives the one participant a fresh token instead of adding a
    second, silent participant who would never agree to anything.
    """
    if role not in roles_for(conversation.deck) and not (role == ANONYMOUS_ROLE and conversation.mode == "evening"):
        raise Refused("bad_role", 400)
    if conversation.mode == "evening":
        nickname = ""  # anonymous by default at a parent evening
    token = new_token()
    participant = submission and db.session.scalar(select(Participant).where(
        Participant.conversation_id == conversation.id, Participant.join_submission == submission))
    if participant:
        participant.token_hash = token_hash(token)
    else:
        participant = Participant(conversation_id=conversation.id, token_hash=token_hash(token), role=role,
                                  nickname=nickname, language=language, created_at=utcnow(),
                                  join_submission=submission or None)
        db.session.add(participant)
    touch(conversation)
    try:
        db.session.commit()
    except IntegrityError:  # the twin request won the race: take over its participant
        db.session.rollback()
        return join(conversation, role, nickname, language, submission)
    return participant, token


def set_language(participant: Participant, language: str) -> None:
    participant.language = language
    db.session.commit()


def theme_keys(conversation: Conversation) -> list[str]:
    deck = get_deck(conversation.deck)
    keys = [t.key for t in deck.themes] if deck else []
    return keys + [own.key for own in conversation.own_themes]


@retry_on_conflict
def set_picks(participant: Participant, keys: list[str]) -> None:
    """Replace this participant's picked themes."""
    allowed = set(theme_keys(participant.conversation))
    chosen = [k for k in dict.fromkeys(keys) if k in allowed]
    db.session.execute(delete(Pick).where(Pick.participant_id == participant.id))
    db.session.add_all(Pick(participant_id=participant.id, theme_key=k) for k in chosen)
    touch(participant.conversation)
    db.session.commit()


def add_own_theme(participant: Participant, title: str, language: str) -> OwnTheme:
    """Eigen thema: a theme of one's own, picked at once by whoever added it."""
    if not title.strip():
        raise Refused("empty_title", 400)
    same = next((o for o in participant.conversation.own_themes
                 if o.participant_id == participant.id and merge.normalise(o.title) == merge.normalise(title)), None)
    if same:  # sent twice: keep one
        return same
    own = OwnTheme(conversation_id=participant.conversation_id, participant_id=participant.id,
                   title=title.strip(), language=language)
    db.session.add(own)
    db.session.flush()
    db.session.add(Pick(participant_id=participant.id, theme_key=own.key))
    touch(participant.conversation)
    db.session.commit()
    return own


def set_agenda(conversation: Conversation, ordered_keys: list[str]) -> None:
    """The facilitator fixes which themes are discussed, in this order; closed state is kept."""
    allowed = set(theme_keys(conversation))
    keys = [k for k in dict.fromkeys(ordered_keys) if k in allowed]
    closed = {item.theme_key for item in conversation.agenda if item.closed}
    db.session.execute(delete(AgendaItem).where(AgendaItem.conversation_id == conversation.id))
    db.session.add_all(AgendaItem(conversation_id=conversation.id, theme_key=k, position=n,
                                  closed=k in closed) for n, k in enumerate(keys, 1))
    conversation.agenda_set = bool(keys)
    touch(conversation)
    db.session.commit()
    db.session.expire(conversation, ["agenda"])


def agenda_item(conversation: Conversation, key: str) -> AgendaItem | None:
    return next((item for item in conversation.agenda if item.theme_key == key), None)


def _open_item(participant: Participant, key: str) -> AgendaItem:
    item = agenda_item(participant.conversation, key)
    if item is None:
        raise Refused("not_on_agenda", 404)
    if item.closed:
        raise Refused("theme_closed", 409)
    return item


@retry_on_conflict
def save_answer(participant: Participant, key: str, question: str, *, scale: str | None = None,
                text: str = "", language: str = "nl", template: str | None = None, who: str | None = None,
                when: str | None = None, when_date: date | None = None) -> Answer:
    """Store or change one answer; the same submission twice leaves one row."""
    _open_item(participant, key)
    if question not in merge.QUESTIONS:
        raise Refused("bad_question", 404)
    answer = row_for(Answer, participant_id=participant.id, theme_key=key, question=question)
    if answer.text != text:
        answer.approved = False  # changed words need a new look before they reach the shared screen
    answer.scale, answer.text, answer.language = scale, text, language
    answer.template, answer.who, answer.when, answer.when_date = template, who, when, when_date
    answer.updated_at = utcnow()
    touch(participant.conversation)
    db.session.commit()
    return answer


@retry_on_conflict
def save_goal(participant: Participant, text: str, language: str) -> None:
    """Opening: "Wat is het doel van dit gesprek?" (one answer each, changed in place)."""
    answer = row_for(Answer, participant_id=participant.id, theme_key=OPENING, question="goal")
    answer.text, answer.language, answer.updated_at = text, language, utcnow()
    touch(participant.conversation)
    db.session.commit()


@retry_on_conflict
def review(conversation: Conversation, key: str, proposal_key: str, status: str, note: str,
           language: str) -> None:
    """Terugblik: how one agreement of this round went."""
    if status not in REVIEW_STATUSES:
        raise Refused("bad_review", 400)
    row = row_for(Review, conversation_id=conversation.id, round=conversation.round, proposal_key=proposal_key)
    row.theme_key, row.status, row.note, row.language = key, status, note, language
    row.reviewed_on = utcnow().date()
    touch(conversation)
    db.session.commit()


def new_round(conversation: Conversation, snapshot: str) -> None:
    """Keep this round's list (with its look back) as history, then start fresh with the same people."""
    db.session.add(RoundSnapshot(conversation_id=conversation.id, number=conversation.round,
                                 closed_on=utcnow().date(), data=snapshot))
    people = select(Participant.id).where(Participant.conversation_id == conversation.id)
    for model in (Answer, Vote, Pick, ClosingAnswer):
        db.session.execute(delete(model).where(model.participant_id.in_(people)))
    for model in (Decision, AgendaItem):
        db.session.execute(delete(model).where(model.conversation_id == conversation.id))
    conversation.round += 1
    conversation.agenda_set = False
    conversation.lookback_on = None
    touch(conversation)
    db.session.commit()
    db.session.expire(conversation)


@retry_on_conflict
def vote(participant: Participant, key: str, proposal_key: str, agree: bool) -> None:
    """Eens or nog niet on one proposal of an open theme."""
    _open_item(participant, key)
    row = row_for(Vote, participant_id=participant.id, proposal_key=proposal_key)
    row.theme_key, row.agree = key, agree
    touch(participant.conversation)
    db.session.commit()


@retry_on_conflict
def decide(conversation: Conversation, key: str, proposal_key: str, *, confirmed: bool, text: str = "",
           language: str = "nl", who: str | None = None, when: str | None = None,
           when_date: date | None = None) -> None:
    """The facilitator confirms a proposal and/or changes what, who or when."""
    if agenda_item(conversation, key) is None:
        raise Refused("not_on_agenda", 404)
    row = row_for(Decision, conversation_id=conversation.id, proposal_key=proposal_key)
    row.theme_key, row.confirmed, row.text, row.language = key, confirmed, text, language
    row.who, row.when, row.when_date = who, when, when_date
    touch(conversation)
    db.session.commit()


def close_theme(conversation: Conversation, key: str, closed: bool) -> None:
    item = agenda_item(conversation, key)
    if item is None:
        raise Refused("not_on_agenda", 404)
    item.closed = closed
    touch(conversation)
    db.session.commit()


def set_joining(conversation: Conversation, is_open: bool, join_hours: int) -> None:
    """Close joining, or open it again with a fresh code (the old one stops working)."""
    if is_open and not conversation.joining_open:
        conversation.join_code = new_join_code()
        conversation.join_expires_at = utcnow() + timedelta(hours=join_hours)
    conversation.joining_open = is_open
    touch(conversation)
    db.session.commit()


def set_screen(conversation: Conversation, view: str) -> None:
    """What the shared screen shows: join, themes, theme:<key> on the agenda, or blank."""
    if view not in SCREEN_VIEWS and not (view.startswith("theme:") and agenda_item(conversation, view[6:])):
        raise Refused("bad_screen", 400)
    conversation.screen = view
    touch(conversation)
    db.session.commit()


def set_screen_languages(conversation: Conversation, codes: list[str]) -> None:
    conversation.screen_languages = ",".join(list(dict.fromkeys(codes))[:2]) or "nl"
    touch(conversation)
    db.session.commit()


def approve(conversation: Conversation, answer_id: int, approved: bool) -> None:
    """Show a free-text answer on the shared screen, or hide it again."""
    answer = db.session.get(Answer, answer_id)
    if answer is None or db.session.get(Participant, answer.participant_id).conversation_id != conversation.id:
        raise Refused("unknown_answer", 404)
    answer.approved = approved
    touch(conversation)
    db.session.commit()


def set_lookback(conversation: Conversation, day: date | None) -> None:
    conversation.lookback_on = day
    touch(conversation)
    db.session.commit()


@retry_on_conflict
def save_closing(participant: Participant, experience: str | None, covered: str | None, question: str,
                 language: str) -> None:
    """Afronding: one row per participant, changed in place."""
    row = participant.closing or ClosingAnswer(participant_id=participant.id)
    row.experience, row.covered, row.question, row.language = experience, covered, question, language
    db.session.add(row)
    touch(participant.conversation)
    db.session.commit()


def remove_participant(conversation: Conversation, participant_id: int) -> None:
    """The facilitator removes a phone: its token stops working, its answers go."""
    participant = db.session.get(Participant, participant_id)
    if participant is None or participant.conversation_id != conversation.id or participant.is_facilitator:
        raise Refused("unknown_participant", 404)
    db.session.delete(participant)
    touch(conversation)
    db.session.commit()


def withdraw(participant: Participant) -> None:
    """A participant takes back everything they answered (and leaves)."""
    conversation = participant.conversation
    for own in conversation.own_themes:
        # Their own theme goes too, unless it is on the agenda: then others' answers hang on it, and it stays
        # (without its author), so nobody's work or links break.
        if own.participant_id == participant.id and agenda_item(conversation, own.key) is None:
            db.session.execute(delete(Pick).where(Pick.theme_key == own.key, Pick.participant_id.in_(
                select(Participant.id).where(Participant.conversation_id == conversation.id))))
            db.session.delete(own)
    db.session.delete(participant)
    touch(conversation)
    db.session.commit()


def delete_conversation(conversation: Conversation) -> None:
    """Delete now: the conversation and everything in it, also from the database file."""
    db.session.delete(conversation)
    db.session.commit()
    wipe_freed_pages()


def wipe_freed_pages() -> None:
    """SQLite: deleted rows are zeroed (secure_delete); a checkpoint also empties the write-ahead log."""
    if db.engine.dialect.name == "sqlite":
        with db.engine.connect() as connection:
            # On the raw connection: outside any transaction, where a checkpoint is allowed.
            connection.connection.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def purge(now: datetime, retention_days: int, grace_days: int, max_days: int) -> int:
    """Delete conversations past their keeping time; returns how many."""
    gone = 0
    for conversation in db.session.scalars(select(Conversation)):
        if now >= delete_after(conversation, retention_days, grace_days, max_days):
            db.session.delete(conversation)
            gone += 1
    db.session.commit()
    if gone:
        wipe_freed_pages()
    return gone


def delete_after(conversation: Conversation, retention_days: int, grace_days: int, max_days: int) -> datetime:
    """When this conversation goes: N days after the last activity, or after the planned look-back."""
    last = conversation.last_activity_at
    limit = last + timedelta(days=retention_days)
    if conversation.lookback_on:
        lookback = datetime.combine(conversation.lookback_on, datetime.min.time()) + timedelta(days=grace_days)
        limit = max(limit, min(lookback, last + timedelta(days=max_days)))
    return limit
