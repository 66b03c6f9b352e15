"""A person translates (issue 12): the tolk, or anyone at the table who reads both languages, puts someone's
written words into another language of the conversation; the writer can say "klopt niet".

One translation per answer and language: saving again replaces it (and clears "klopt niet"). When the writer
changes their words, the translations of the old words are deleted (`drop_translations_of`, called by the answer
writes): they no longer say what is written.
"""

from __future__ import annotations

from sqlalchemy import bindparam, delete, select

from ..db import db
from ..i18n import LANGUAGES
from ..models import Answer, Participant, Translation
from ..vocabulary import Mode, OpeningQuestion, Question
from .base import Refused, changed, lock_participant, retry_on_conflict, row_for, touch, utcnow

# The answers with someone's own words: the notes with the picture scale, the three open questions, a proposal in
# own words (a chosen suggestion has no text: the deck's words are translated already), the opening.
TRANSLATABLE = (Question.SCALE, Question.STRENGTHS, Question.IDEAS, Question.HELPS, Question.PROPOSAL,
                OpeningQuestion.GOAL, OpeningQuestion.EXPECTATIONS)


def table_languages(conversation_id: int) -> list[str]:
    """The languages read at this table: every participant's menu language, in the order they joined."""
    rows = db.session.scalars(select(Participant.language).where(Participant.conversation_id == conversation_id)
                              .order_by(Participant.id))
    return list(dict.fromkeys(rows))


def target_languages(answer_language: str, languages: list[str]) -> list[str]:
    """Into which languages a text can be translated: the table's languages less the text's own."""
    return [code for code in languages if code != answer_language]


def translatable(participant: Participant, answer_id: int) -> Answer:
    """Someone else's written words in this participant's conversation (not refused, not empty), else Refused 404."""
    answer = db.session.scalar(select(Answer).join(Participant).where(
        Answer.id == answer_id, Participant.conversation_id == participant.conversation_id))
    if (answer is None or answer.participant_id == participant.id or answer.refused or not answer.text.strip()
            or answer.question not in TRANSLATABLE or participant.conversation.mode == Mode.EVENING):
        raise Refused("unknown_answer", 404)
    return answer


@retry_on_conflict
def translate(participant: Participant, answer_id: int, language: str, text: str) -> Translation:
    """Store (or replace) this participant's translation of someone's words into `language`."""
    text = text.strip()
    if not text:
        raise Refused("empty_translation", 400)
    participant = lock_participant(participant)
    answer = translatable(participant, answer_id)
    if language not in target_languages(answer.language, table_languages(participant.conversation_id)):
        raise Refused("bad_language", 400)
    row = row_for(Translation, answer_id=answer.id, language=language)
    row.text, row.participant_id, row.role, row.disputed = text, participant.id, participant.role, False
    if changed(row):
        row.created_at = utcnow()
        touch(participant.conversation_id)
    db.session.commit()
    return row


@retry_on_conflict
def dispute_translation(participant: Participant, answer_id: int, language: str) -> str:
    """The writer says "klopt niet" about the translation of their own words into `language` (only the writer can;
    a new translation of the words clears it)."""
    if language not in LANGUAGES:  # from an address: anything may come (PostgreSQL refuses a NUL in a comparison)
        raise Refused("unknown_translation", 404)
    participant = lock_participant(participant)
    row = db.session.scalar(select(Translation).join(Answer).where(
        Translation.answer_id == answer_id, Translation.language == language,
        Answer.participant_id == participant.id))
    if row is None:
        raise Refused("unknown_translation", 404)
    key = row.answer.theme_key
    if not row.disputed:
        row.disputed = True
        touch(participant.conversation_id)
    db.session.commit()
    return key  # where the words are: the theme (or the opening)


def drop_translations_of(answer_id: int) -> None:
    """The writer changed the words of this answer: their translations go (inside the caller's write, which
    touches)."""
    # Core SQL on the session's connection, built once: an ORM bulk delete cost 0.8 ms of an answer's ~9 (issue 11).
    db.session.connection().execute(_DROP, {"answer_id": answer_id})


_TRANSLATION = Translation.__table__
_DROP = delete(_TRANSLATION).where(_TRANSLATION.c.answer_id == bindparam("answer_id"))
