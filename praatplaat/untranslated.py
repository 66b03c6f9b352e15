"""Which written words still lack a translation for someone at the table (issue 12): for the facilitator.

The languages read at the table are the participants' menu languages. A written answer (the words with the
picture scale, the three open questions, the opening's goal and expectations) needs a translation into every
other language read at the table. A translation the writer said "klopt niet" about counts as not there yet:
it needs another look. Refused words are never shown, so they need none. At a parent evening nobody translates
(the screen shows one or two languages of its own), so there is nothing to show.

Three column queries; read fresh (the dashboard is read by one person, not by a room).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from . import merge, results
from .db import db
from .models import Answer, Conversation, Participant, Translation
from .readmodel import Words
from .vocabulary import OPENING, Mode, OpeningQuestion, Question

TRANSLATABLE = (Question.SCALE, Question.STRENGTHS, Question.IDEAS, Question.HELPS,
                OpeningQuestion.GOAL, OpeningQuestion.EXPECTATIONS)
OPENING_PLACE = {OpeningQuestion.GOAL: Words("Dit willen we samen bereiken"),
                 OpeningQuestion.EXPECTATIONS: Words("Dit verwachten we van elkaar")}


@dataclass(frozen=True)
class Untranslated:
    """One written answer and the languages of the table it has no (good) translation into yet."""

    answer_id: int
    person: merge.Person
    text: str
    language: str
    place: Words  # the theme's title, or the opening's heading
    missing: tuple[str, ...]


@dataclass(frozen=True)
class TranslationGap:
    languages: tuple[str, ...] = ()  # read at the table, first come first
    texts: tuple[Untranslated, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)  # language -> texts still to translate into it

    @property
    def shown(self) -> bool:
        """Only where more than one language is read: else there is nothing to translate."""
        return len(self.languages) > 1


def untranslated(conversation: Conversation) -> TranslationGap:
    if conversation.mode == Mode.EVENING:
        return TranslationGap()
    cid = conversation.id
    people = db.session.execute(select(Participant.id, Participant.role, Participant.nickname, Participant.language)
                                .where(Participant.conversation_id == cid).order_by(Participant.id)).all()
    languages = tuple(dict.fromkeys(p.language for p in people))
    if len(languages) < 2:
        return TranslationGap(languages)
    by_id = {p.id: merge.Person(p.id, p.role, p.nickname) for p in people}
    places = {theme.key: theme.title for theme, _closed in results.agenda_themes(conversation)}
    rows = db.session.execute(
        select(Answer.id, Answer.participant_id, Answer.theme_key, Answer.question, Answer.text, Answer.language)
        .join(Participant).where(Participant.conversation_id == cid, Answer.question.in_(TRANSLATABLE),
                                 Answer.refused.is_(False)).order_by(Answer.id)).all()
    done: dict[int, set[str]] = {}
    for answer_id, language in db.session.execute(
            select(Translation.answer_id, Translation.language).join(Answer).join(
                Participant, Participant.id == Answer.participant_id)
            .where(Participant.conversation_id == cid, Translation.disputed.is_(False))):
        done.setdefault(answer_id, set()).add(language)
    texts = []
    for row in rows:
        place = OPENING_PLACE.get(row.question) if row.theme_key == OPENING else places.get(row.theme_key)
        if place is None or not row.text.strip():
            continue
        missing = tuple(code for code in languages if code != row.language and code not in done.get(row.id, ()))
        if missing:
            texts.append(Untranslated(row.id, by_id[row.participant_id], row.text, row.language, place, missing))
    counts = {code: sum(code in t.missing for t in texts) for code in languages}
    return TranslationGap(languages, tuple(texts), {code: n for code, n in counts.items() if n})
