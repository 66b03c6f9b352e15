"""What a person at the table does from their phone: join, pick, answer, vote, close, withdraw."""


from __future__ import annotations

from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from .. import merge
from ..db import db
from ..models import (
    Answer,
    ClosingAnswer,
    Conversation,
    OwnTheme,
    Participant,
    Pick,
    Vote,
)
from ..tokens import new_token, token_hash
from .base import (
    ANONYMOUS_ROLE,
    OPENING,
    Refused,
    _open_item,
    drop_own_themes,
    retry_on_conflict,
    roles_for,
    row_for,
    theme_keys,
    touch,
    utcnow,
)


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
def vote(participant: Participant, key: str, proposal_key: str, agree: bool) -> None:
    """Eens or nog niet on one proposal of an open theme."""
    _open_item(participant, key)
    row = row_for(Vote, participant_id=participant.id, proposal_key=proposal_key)
    row.theme_key, row.agree = key, agree
    touch(participant.conversation)
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


def withdraw(participant: Participant) -> None:
    """A participant takes back everything they answered (and leaves)."""
    conversation = participant.conversation
    drop_own_themes(conversation, participant)
    db.session.delete(participant)
    touch(conversation)
    db.session.commit()
