"""What a person at the table does from their phone: join, pick, answer, vote, close, withdraw."""


from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import delete, select

from .. import merge, textlang
from ..db import begin_write, db
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
from ..vocabulary import Mode, OpeningQuestion, Role
from .base import (
    OPENING,
    Refused,
    changed,
    drop_own_themes,
    join_roles,
    lock,
    lock_open_theme,
    lock_participant,
    own_row,
    put_row,
    retry_on_conflict,
    row_for,
    theme_keys,
    touch,
    utcnow,
)
from .translations import drop_translations_of


@retry_on_conflict
def join(conversation: Conversation, role: str, nickname: str, language: str,
         submission: str | None = None) -> tuple[Participant, str]:
    """Add a participant; the returned token goes into their cookie.

    The same form sent twice (a double tap) gives the one participant a fresh token instead of adding a
    second, silent participant who would never agree to anything.
    """
    if role not in join_roles(conversation):
        raise Refused("bad_role", 400)
    if conversation.mode == Mode.EVENING:
        nickname = ""  # anonymous by default at a parent evening
    conversation_id = conversation.id
    lock(conversation)
    token = new_token()
    participant = submission and db.session.scalar(select(Participant).where(
        Participant.conversation_id == conversation_id, Participant.join_submission == submission))
    if participant:
        participant.token_hash = token_hash(token)
    else:
        participant = Participant(conversation_id=conversation_id, token_hash=token_hash(token), role=role,
                                  nickname=nickname, language=language, created_at=utcnow(),
                                  join_submission=submission or None)
        db.session.add(participant)
        touch(conversation)  # a new face; a fresh token for the same one changes nothing others see
    db.session.commit()
    return participant, token


@retry_on_conflict
def set_language(participant: Participant, language: str) -> None:
    begin_write()
    participant.language = language
    db.session.commit()


@retry_on_conflict
def set_picks(participant: Participant, keys: list[str]) -> None:
    """Replace this participant's picked themes (only the difference is written)."""
    participant = lock_participant(participant)
    allowed = set(theme_keys(participant.conversation))
    chosen = {k for k in keys if k in allowed}
    picked = set(db.session.scalars(select(Pick.theme_key).where(Pick.participant_id == participant.id)))
    if chosen == picked:
        db.session.commit()  # the same picks again (a double tap): nothing changes
        return
    if picked - chosen:
        db.session.execute(delete(Pick).where(Pick.participant_id == participant.id,
                                              Pick.theme_key.in_(picked - chosen)))
    db.session.add_all(Pick(participant_id=participant.id, theme_key=k) for k in sorted(chosen - picked))
    touch(participant.conversation_id)
    db.session.commit()


@retry_on_conflict
def add_own_theme(participant: Participant, title: str, language: str) -> OwnTheme:
    """Eigen thema: a theme of one's own, picked at once by whoever added it.

    One theme per title in a conversation (whatever the case or spacing): sending it twice, or a second
    person adding the same title, picks the theme that is already there.
    """
    if not title.strip():
        raise Refused("empty_title", 400)
    language = textlang.detect(title, language)[0]
    participant = lock_participant(participant)
    title_key = OwnTheme.key_for(title)
    own = db.session.scalar(select(OwnTheme).where(OwnTheme.conversation_id == participant.conversation_id,
                                                   OwnTheme.title_key == title_key))
    created = own is None
    if created:
        own = OwnTheme(conversation_id=participant.conversation_id, participant_id=participant.id,
                       title=title.strip(), title_key=title_key, language=language)
        db.session.add(own)
        db.session.flush()
    pick = row_for(Pick, participant_id=participant.id, theme_key=own.key)
    if created or changed(pick):
        touch(participant.conversation_id)
    db.session.commit()
    return own


@retry_on_conflict
def save_answer(participant: Participant, key: str, question: str, *, scale: str | None = None,
                text: str = "", language: str = "nl", template: str | None = None, who: str | None = None,
                when: str | None = None, when_date: date | None = None, sentences: Sequence[str] = ()) -> int:
    """Store or change one answer; the same submission twice leaves one row (and one change). Returns its id.

    `sentences`: keys of the deck's ready sentences the person tapped (checked against the deck by the form).
    They are the deck's own words, so changing them needs no new look by the moderator; changed own words do, and
    lose the translations people made of the old words.
    Core SQL (one read, one insert or update, the version bump), no ORM objects: a whole room answers at once."""
    if question not in merge.QUESTIONS:
        raise Refused("bad_question", 404)
    language, known = textlang.detect(text, language)  # before the lock: the first call loads the model
    participant_id, conversation_id = lock_open_theme(participant, key)
    row_key = {"participant_id": participant_id, "theme_key": key, "question": question}
    values = {"scale": scale, "text": text, "language": language, "language_known": known, "template": template,
              "who": who, "when": when, "when_date": when_date, "sentences": " ".join(sentences)}
    old = own_row(Answer, row_key, values)
    if old is None or old["text"] != text:
        # Changed words need a new look before they reach the shared screen (also after a refusal).
        values.update(approved=False, refused=False)
        if old is not None:
            drop_translations_of(old["id"])  # they translate the old words
    answer_id = put_row(Answer, row_key, old, values, stamp="updated_at", words=("text",))
    if answer_id is not None:
        touch(conversation_id)
    db.session.commit()
    return answer_id if answer_id is not None else old["id"]


@retry_on_conflict
def save_goal(participant: Participant, text: str, language: str, expectations: str | None = None) -> None:
    """Opening: "Wat is het doel van dit gesprek?" and, when given, "Wat verwachten we van elkaar?" (one answer
    each, changed in place; either may stay empty)."""
    given = {OpeningQuestion.GOAL: text}
    if expectations is not None:
        given[OpeningQuestion.EXPECTATIONS] = expectations
    found = {question: textlang.detect(words, language) for question, words in given.items()}
    participant = lock_participant(participant)
    moved = False
    for question, words in given.items():
        answer = row_for(Answer, participant_id=participant.id, theme_key=OPENING, question=question)
        if answer.text != words and answer.id is not None:  # a new row has none yet
            drop_translations_of(answer.id)
        answer.text, (answer.language, answer.language_known) = words, found[question]
        if changed(answer):
            answer.updated_at, moved = utcnow(), True
    if moved:
        touch(participant.conversation_id)
    db.session.commit()


@retry_on_conflict
def vote(participant: Participant, key: str, proposal_key: str, agree: bool) -> bool:
    """Eens or nog niet on one proposal of an open theme; the tolk translates and does not choose (403).
    True when it changed something (the conversation's version then went one up)."""
    if participant.role == Role.INTERPRETER:
        raise Refused("interpreter_vote", 403)
    participant_id, conversation_id = lock_open_theme(participant, key)
    row_key = {"participant_id": participant_id, "proposal_key": proposal_key}
    values = {"theme_key": key, "agree": agree}
    changed = put_row(Vote, row_key, own_row(Vote, row_key, values), values) is not None  # core SQL, as save_answer
    if changed:
        touch(conversation_id)
    db.session.commit()
    return changed


@retry_on_conflict
def save_closing(participant: Participant, experience: str | None, covered: str | None, question: str,
                 language: str, tips: str = "") -> None:
    """Afronding: one row per participant, changed in place; tips: "Heb je tips voor mij?" (for the professional)."""
    language = textlang.detect(f"{question} {tips}".strip(), language)[0]  # one language column for both
    participant = lock_participant(participant)
    row = row_for(ClosingAnswer, participant_id=participant.id)
    row.experience, row.covered, row.question, row.language = experience, covered, question, language
    row.tips = tips
    if changed(row):
        touch(participant.conversation_id)
    db.session.commit()


@retry_on_conflict
def withdraw(participant: Participant) -> None:
    """A participant takes back everything they answered (and leaves); sent twice, the second does nothing."""
    try:
        participant = lock_participant(participant)
    except Refused:
        db.session.rollback()
        return
    conversation = participant.conversation
    drop_own_themes(conversation, participant)
    db.session.delete(participant)
    touch(conversation)
    db.session.commit()
