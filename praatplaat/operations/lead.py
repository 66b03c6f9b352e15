"""What the gespreksleider does: start, set the agenda, confirm, moderate, the screen, look back."""


from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from .. import textlang, vocabulary
from ..db import begin_write, db
from ..decks import get_deck
from ..models import (
    Absence,
    AgendaItem,
    Answer,
    ClosingAnswer,
    Conversation,
    Decision,
    Participant,
    Pick,
    Review,
    RoundSnapshot,
    Vote,
)
from ..tokens import new_join_code, new_token, token_hash
from .base import (
    Refused,
    agenda_item,
    changed,
    drop_own_themes,
    lock,
    retry_on_conflict,
    roles_for,
    row_for,
    theme_keys,
    touch,
    utcnow,
)


def start_conversation(deck: str, title: str, language: str, join_hours: int,
                       role: str = vocabulary.Role.PROFESSIONAL, mode: str = vocabulary.Mode.TABLE,
                       opening: bool = False, take_part: bool = True,
                       nickname: str = "") -> tuple[Conversation, str, str | None]:
    """Create a conversation; returns the facilitator's secret and, when the facilitator takes part on this
    device (with this role and name), their participant token (else None: they only lead)."""
    if get_deck(deck) is None:
        raise Refused("unknown_deck", 400)
    if role not in roles_for(deck):
        raise Refused("bad_role", 400)
    if mode not in set(vocabulary.Mode):
        raise Refused("bad_mode", 400)
    now = utcnow()
    facilitator_token, participant_token = new_token(), new_token() if take_part else None
    for _attempt in range(20):
        begin_write()
        conversation = Conversation(
            join_code=new_join_code(), facilitator_hash=token_hash(facilitator_token), title=title,
            deck=deck, mode=mode, language=language, created_at=now, last_activity_at=now, opening=opening,
            join_expires_at=now + timedelta(hours=join_hours), version=1)
        if participant_token:
            conversation.participants.append(Participant(
                token_hash=token_hash(participant_token), role=role, nickname=nickname, language=language,
                is_facilitator=True, created_at=now))
        db.session.add(conversation)
        try:
            db.session.commit()
            return conversation, facilitator_token, participant_token
        except IntegrityError:  # the join code was taken: draw another
            db.session.rollback()
    raise RuntimeError("no free join code")


@retry_on_conflict
def set_agenda(conversation: Conversation, ordered_keys: list[str]) -> None:
    """The facilitator fixes which themes are discussed, in this order; closed state is kept."""
    lock(conversation)
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


@retry_on_conflict
def review(conversation: Conversation, key: str, proposal_key: str, status: str, note: str,
           language: str) -> None:
    """Terugblik: how one agreement of this round went."""
    language = textlang.detect(note, language)[0]
    lock(conversation)
    if status not in set(vocabulary.ReviewStatus):
        raise Refused("bad_review", 400)
    row = row_for(Review, conversation_id=conversation.id, round=conversation.round, proposal_key=proposal_key)
    row.theme_key, row.status, row.note, row.language = key, status, note, language
    if changed(row):
        row.reviewed_on = utcnow().date()
        touch(conversation)
    db.session.commit()


@retry_on_conflict
def new_round(conversation: Conversation, snapshot: str, lookback_on: date | None = None) -> None:
    """Keep this round's list (with its look back and its look-back date) as history, then start fresh with
    the same people and the next look-back date (None: not chosen yet).

    Sent twice (a double tap), the second finds the round already moved on and does nothing.
    """
    seen_round = conversation.round
    lock(conversation)
    if conversation.round != seen_round:
        db.session.commit()
        return
    db.session.add(RoundSnapshot(conversation_id=conversation.id, number=conversation.round,
                                 closed_on=utcnow().date(), data=snapshot))
    people = select(Participant.id).where(Participant.conversation_id == conversation.id)
    for model in (Answer, Vote, Pick, ClosingAnswer, Absence):
        db.session.execute(delete(model).where(model.participant_id.in_(people)))
    for model in (Decision, AgendaItem):
        db.session.execute(delete(model).where(model.conversation_id == conversation.id))
    conversation.round += 1
    conversation.agenda_set = False
    conversation.lookback_on = lookback_on
    touch(conversation)
    db.session.commit()
    db.session.expire(conversation)


@retry_on_conflict
def decide(conversation: Conversation, key: str, proposal_key: str, *, confirmed: bool, text: str = "",
           language: str = "nl", who: str | None = None, when: str | None = None,
           when_date: date | None = None) -> None:
    """The facilitator confirms a proposal and/or changes what, who or when."""
    language = textlang.detect(text, language)[0]
    lock(conversation)
    if agenda_item(conversation, key) is None:
        raise Refused("not_on_agenda", 404)
    row = row_for(Decision, conversation_id=conversation.id, proposal_key=proposal_key)
    row.theme_key, row.confirmed, row.text, row.language = key, confirmed, text, language
    row.who, row.when, row.when_date = who, when, when_date
    if changed(row):
        touch(conversation)
    db.session.commit()


@retry_on_conflict
def close_theme(conversation: Conversation, key: str, closed: bool) -> None:
    lock(conversation)
    item = agenda_item(conversation, key)
    if item is None:
        raise Refused("not_on_agenda", 404)
    item.closed = closed
    touch(conversation)
    db.session.commit()


@retry_on_conflict
def set_joining(conversation: Conversation, is_open: bool, join_hours: int) -> None:
    """Close joining, or open it again with a fresh code (the old one stops working)."""
    lock(conversation)
    if is_open and not conversation.joining_open:
        conversation.join_code = new_join_code()
        conversation.join_expires_at = utcnow() + timedelta(hours=join_hours)
    conversation.joining_open = is_open
    touch(conversation)
    db.session.commit()


@retry_on_conflict
def set_screen(conversation: Conversation, view: str) -> None:
    """What the shared screen shows: join, themes, theme:<key> on the agenda, or blank."""
    lock(conversation)
    on_agenda = view.startswith("theme:") and agenda_item(conversation, view.removeprefix("theme:"))
    if view not in set(vocabulary.ScreenView) and not on_agenda:
        raise Refused("bad_screen", 400)
    conversation.screen = view
    touch(conversation)
    db.session.commit()


@retry_on_conflict
def set_screen_languages(conversation: Conversation, codes: list[str]) -> None:
    lock(conversation)
    conversation.screen_languages = ",".join(list(dict.fromkeys(codes))[:2]) or "nl"
    touch(conversation)
    db.session.commit()


def _written_answer(conversation: Conversation, answer_id: int) -> Answer:
    answer = db.session.get(Answer, answer_id)
    if answer is None or db.session.get(Participant, answer.participant_id).conversation_id != conversation.id:
        raise Refused("unknown_answer", 404)
    return answer


@retry_on_conflict
def approve(conversation: Conversation, answer_id: int, approved: bool) -> None:
    """Show a free-text answer on the shared screen, or hide it again."""
    lock(conversation)
    answer = _written_answer(conversation, answer_id)
    answer.approved = approved
    answer.refused = False
    touch(conversation)
    db.session.commit()


@retry_on_conflict
def refuse(conversation: Conversation, answer_id: int) -> None:
    """Refuse a free-text answer: it leaves the queue and is never shown; the writer's phone says so."""
    lock(conversation)
    answer = _written_answer(conversation, answer_id)
    answer.approved, answer.refused = False, True
    touch(conversation)
    db.session.commit()


@retry_on_conflict
def set_reachable(conversation: Conversation, text: str, language: str) -> None:
    """The closing: when and how the professional who leads can be reached (on the list; may stay empty)."""
    language = textlang.detect(text, language)[0]
    lock(conversation)
    if (conversation.reachable, conversation.reachable_language) != (text, language):
        conversation.reachable, conversation.reachable_language = text, language
        touch(conversation)
    db.session.commit()


@retry_on_conflict
def set_lookback(conversation: Conversation, day: date | None) -> None:
    lock(conversation)
    conversation.lookback_on = day
    touch(conversation)
    db.session.commit()


@retry_on_conflict
def set_absent(conversation: Conversation, participant_id: int, key: str, absent: bool) -> None:
    """Mark a person as not taking part in one theme (they no longer count for its agreements), or undo it."""
    lock(conversation)
    participant = db.session.get(Participant, participant_id)
    if participant is None or participant.conversation_id != conversation.id:
        raise Refused("unknown_participant", 404)
    if agenda_item(conversation, key) is None:
        raise Refused("not_on_agenda", 404)
    row = db.session.scalar(select(Absence).filter_by(participant_id=participant_id, theme_key=key))
    if absent and row is None:
        db.session.add(Absence(participant_id=participant_id, theme_key=key))
        touch(conversation)
    elif not absent and row is not None:
        db.session.delete(row)
        touch(conversation)
    db.session.commit()


@retry_on_conflict
def remove_participant(conversation: Conversation, participant_id: int) -> None:
    """The facilitator removes a phone: its token stops working, its answers go."""
    lock(conversation)
    participant = db.session.get(Participant, participant_id)
    if participant is None or participant.conversation_id != conversation.id or participant.is_facilitator:
        raise Refused("unknown_participant", 404)
    drop_own_themes(conversation, participant)
    db.session.delete(participant)
    touch(conversation)
    db.session.commit()
