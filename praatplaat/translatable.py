"""What a person can translate (issue 12): every written answer of a conversation with its translations and the
languages of the table it is not in yet. Read by the translate screen (`/p/vertalen`); the facilitator's view of
what is still untranslated can read the same.

Columns, not ORM objects: three queries (the table's languages, the answers, their translations).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, select

from . import merge
from .db import db
from .models import Answer, Conversation, Participant
from .operations import table_languages, target_languages
from .operations.translations import TRANSLATABLE
from .results import translations
from .vocabulary import OPENING


@dataclass(frozen=True)
class ToTranslate:
    answer_id: int
    theme_key: str  # OPENING for the opening's answers
    question: str
    text: str
    language: str  # the language of the words
    person: merge.Person
    translations: tuple[merge.TranslatedText, ...]
    targets: tuple[str, ...]  # the table's other languages: into these it can be translated

    @property
    def missing(self) -> tuple[str, ...]:
        """The table's languages this text has no translation in yet."""
        done = {t.language for t in self.translations}
        return tuple(code for code in self.targets if code not in done)

    def translation(self, language: str) -> merge.TranslatedText | None:
        return next((t for t in self.translations if t.language == language), None)


def texts(conversation: Conversation, keys: list[str], but_not: int | None = None) -> list[ToTranslate]:
    """The written words in the opening and in these themes (in this order), oldest first within a question;
    refused words never. `but_not`: a participant whose own words are left out (one does not translate oneself)."""
    cid = conversation.id
    languages = table_languages(cid)
    which = and_(Answer.theme_key.in_([OPENING, *keys]), Answer.question.in_(TRANSLATABLE),
                 Answer.refused.is_(False), Answer.text != "")
    query = (select(Answer.id, Answer.theme_key, Answer.question, Answer.text, Answer.language, Participant.id,
                    Participant.role, Participant.nickname).join(Participant)
             .where(Participant.conversation_id == cid, which))
    if but_not is not None:
        query = query.where(Participant.id != but_not)
    translated = translations(cid, which)
    theme_order = {key: n for n, key in enumerate([OPENING, *keys])}
    question_order = {q: n for n, q in enumerate(TRANSLATABLE)}
    found = [ToTranslate(answer_id, key, question, text, language, merge.Person(pid, role, nickname),
                         translated.get(answer_id, ()), tuple(target_languages(language, languages)))
             for answer_id, key, question, text, language, pid, role, nickname in db.session.execute(query)
             if text.strip()]
    return sorted(found, key=lambda t: (theme_order[t.theme_key], question_order[t.question], t.answer_id))
