"""Which written words still lack a translation for someone at the table (issue 12): for the facilitator.

The languages read at the table are the participants' menu languages. A written answer (`translatable.texts`: the
words with the picture scale, the three open questions, the opening's goal and expectations; refused words never)
needs a translation into every other language read at the table. A translation the writer said "klopt niet"
about counts as not there yet: it needs another look. At a parent evening nobody translates (the screen shows one
or two languages of its own), so there is nothing to show.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import merge, results, translatable
from .models import Conversation
from .operations import table_languages
from .readmodel import Words
from .vocabulary import OPENING, Mode, OpeningQuestion

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


def _missing(item: translatable.ToTranslate) -> tuple[str, ...]:
    good = {t.language for t in item.translations if not t.disputed}
    return tuple(code for code in item.targets if code not in good)


def untranslated(conversation: Conversation) -> TranslationGap:
    if conversation.mode == Mode.EVENING:
        return TranslationGap()
    languages = tuple(table_languages(conversation.id))
    if len(languages) < 2:
        return TranslationGap(languages)
    places = {theme.key: theme.title for theme, _closed in results.agenda_themes(conversation)}
    texts = tuple(
        Untranslated(item.answer_id, item.person, item.text, item.language,
                     OPENING_PLACE[item.question] if item.theme_key == OPENING else places[item.theme_key], missing)
        for item in translatable.texts(conversation, list(places)) if (missing := _missing(item)))
    counts = {code: sum(code in t.missing for t in texts) for code in languages}
    return TranslationGap(languages, texts, {code: n for code, n in counts.items() if n})
