"""Read side: gather a conversation's rows into the pure merge structures."""

from __future__ import annotations

from collections import defaultdict, namedtuple
from dataclasses import dataclass, replace

from sqlalchemy import func, select

from . import merge, versioncache
from .db import db
from .decks import Deck, Sentence, Theme, get_deck
from .models import Absence, Answer, Conversation, Decision, Participant, Pick, Translation, Vote
from .readmodel import ThemeView, Words
from .vocabulary import OPENING, ROLES, Mode, OpeningQuestion, Question, When, Who

WRITTEN = (Question.SCALE, Question.STRENGTHS, Question.IDEAS, Question.HELPS)  # answers with free words


def theme_view(theme: Theme) -> ThemeView:
    """A deck's theme, its title to be translated when shown."""
    return ThemeView(key=theme.key, title=Words(theme.title), icon=theme.icon, text=theme.text,
                     youth_text=theme.youth_text, suggestions=theme.suggestions, plain_title=theme.plain_title)


def themes_of(conversation: Conversation) -> list[ThemeView]:
    """The deck's themes followed by the conversation's own themes."""
    deck = get_deck(conversation.deck)
    own = [ThemeView(key=o.key, title=Words(o.title, o.language, from_deck=False), icon="eigen", own=True)
           for o in conversation.own_themes]
    return [*(theme_view(t) for t in (deck.themes if deck else ())), *own]


def theme_of(conversation: Conversation, key: str) -> ThemeView | None:
    deck = get_deck(conversation.deck)
    found = deck.theme(key) if deck and not key.startswith("own-") else None
    if found is not None:  # a deck's theme: no need to read the conversation's own themes
        return theme_view(found)
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


def joined(conversation: Conversation) -> int:
    """How many phones joined (the facilitator not counted): one count, not a row per person."""
    return db.session.scalar(select(func.count()).select_from(Participant).where(
        Participant.conversation_id == conversation.id, Participant.is_facilitator.is_(False)))


def role_holders(conversation: Conversation) -> list:
    """The people with a role at the table (id, role, nickname; columns): what `forms.who_choices` offers. At a
    parent evening the anonymous phones are left out in SQL, so a proposal does not read the whole room."""
    return db.session.execute(select(Participant.id, Participant.role, Participant.nickname).where(
        Participant.conversation_id == conversation.id, Participant.role.in_(ROLES))
        .order_by(Participant.id)).all()


def own_picks(participant: Participant) -> set[str]:
    return {p.theme_key for p in participant.picks}


def own_answers(participant: Participant, key: str) -> dict[str, Answer]:
    return {a.question: a for a in participant.answers if a.theme_key == key}


@dataclass(frozen=True)
class FreeText:
    """A written answer (a scale note, strengths, ideas) as moderation and the shared screen show it."""

    id: int
    question: str
    text: str
    language: str
    approved: bool
    sentences: tuple[Sentence, ...] = ()  # tapped ready sentences: the deck's words, never moderated
    known: bool = True  # the language of the words could be told (textlang); else no "geschreven in …" label
    # Moderation and the room's screen show words as written (a parent evening has no translating): none given.
    translations: tuple[merge.TranslatedText, ...] = ()

    translation = merge.translation_for


@dataclass(frozen=True)
class ThemeData:
    """What one theme's merged view reads, kept per conversation version (`versioncache`): read-only."""

    result: merge.ThemeResult
    notes: tuple[merge.TextItem, ...]  # the words written with the picture-scale answer
    texts: tuple[tuple[FreeText, merge.Person], ...]  # every written answer, oldest first


def theme_result(conversation: Conversation, key: str) -> merge.ThemeResult:
    return theme_data(conversation, [key])[key].result


def all_results(conversation: Conversation, keys: list[str] | None = None) -> dict[str, merge.ThemeResult]:
    """One ThemeResult per agenda theme (or per given key)."""
    return {key: data.result for key, data in theme_data(conversation, keys).items()}


def theme_data(conversation: Conversation, keys: list[str] | None = None) -> dict[str, ThemeData]:
    """Per agenda theme (or per given key): from memory at this version, or read now (five column queries)."""
    keys = keys if keys is not None else [i.theme_key for i in conversation.agenda]
    if len(keys) == 1:
        return {keys[0]: versioncache.cached(conversation, "theme", keys[0],
                                             lambda: _read(conversation, keys)[keys[0]])}
    found = {key: versioncache.get(versioncache.key_for(conversation, "theme", key)) for key in keys}
    missing = [key for key, value in found.items() if not isinstance(value, ThemeData)]
    if missing:
        for key, data in _read(conversation, missing).items():
            versioncache.put(versioncache.key_for(conversation, "theme", key), data)
            found[key] = data
    return found


_ANSWER_COLUMNS = (Answer.id, Answer.participant_id, Answer.theme_key, Answer.question, Answer.scale, Answer.text,
                   Answer.language, Answer.template, Answer.who, Answer.when, Answer.when_date, Answer.approved,
                   Answer.refused, Answer.sentences, Answer.language_known)

_AnswerRow = namedtuple("_AnswerRow", [column.key for column in _ANSWER_COLUMNS])


def _read(conversation: Conversation, keys: list[str]) -> dict[str, ThemeData]:
    """Columns, not ORM objects: the cost of reading a room of 400 is the rows themselves."""
    cid = conversation.id
    connection = db.session.connection()  # Core rows: no ORM loading step for a room's worth of columns
    people = [merge.Person(i, role, nickname) for i, role, nickname in connection.execute(
        select(Participant.id, Participant.role, Participant.nickname)
        .where(Participant.conversation_id == cid).order_by(Participant.id))]
    by_id = {p.id: p for p in people}
    # Plain named tuples: a Row's attribute is ~20x slower to read, and a room's answers are read ~10x each.
    answers = list(map(_AnswerRow._make, connection.execute(select(*_ANSWER_COLUMNS).join(Participant).where(
        Participant.conversation_id == cid, Answer.theme_key.in_(keys)).order_by(Answer.participant_id))))
    vote_map: dict[str, dict[int, bool]] = defaultdict(dict)
    for proposal_key, participant_id, agree in connection.execute(
            select(Vote.proposal_key, Vote.participant_id, Vote.agree).join(Participant).where(
                Participant.conversation_id == cid, Vote.theme_key.in_(keys))):
        vote_map[proposal_key][participant_id] = agree
    overrides = {row.proposal_key: merge.Override(row.confirmed, row.text, row.language, row.who, row.when,
                                                  row.when_date)
                 for row in connection.execute(select(
                     Decision.proposal_key, Decision.confirmed, Decision.text, Decision.language, Decision.who,
                     Decision.when, Decision.when_date).where(
                     Decision.conversation_id == cid, Decision.theme_key.in_(keys)))}
    grouped: dict[str, list] = defaultdict(list)
    for a in answers:
        grouped[a.theme_key].append(a)
    absent: dict[str, set[int]] = defaultdict(set)
    for theme_key, participant_id in connection.execute(select(Absence.theme_key, Absence.participant_id).join(
            Participant).where(Participant.conversation_id == conversation.id, Absence.theme_key.in_(keys))):
        absent[theme_key].add(participant_id)
    group, deck = conversation.mode == Mode.EVENING, get_deck(conversation.deck)
    translated = translations(cid, Answer.theme_key.in_(keys))
    return {key: _result(key, people, by_id, grouped[key], vote_map, overrides, group, absent[key], deck, translated)
            for key in keys}


def _offered(deck: Deck | None, key: str) -> dict[str, dict[str, Sentence]]:
    """Per question, this theme's ready sentences by key (to find what was tapped; a key no longer offered is left
    out)."""
    questions = (Question.STRENGTHS, Question.IDEAS, Question.HELPS)
    return {q: {s.key: s for s in deck.ready_sentences(key, q)} for q in questions} if deck else {}


def translations(conversation_id: int, which) -> dict[int, tuple[merge.TranslatedText, ...]]:
    """The translations people made of the answers `which` selects, by answer id (one column query)."""
    found: dict[int, list[merge.TranslatedText]] = defaultdict(list)
    for answer_id, language, text, role, disputed in db.session.execute(
            select(Translation.answer_id, Translation.language, Translation.text, Translation.role,
                   Translation.disputed).join(Answer).join(Participant, Participant.id == Answer.participant_id)
            .where(Participant.conversation_id == conversation_id, which).order_by(Translation.id)):
        found[answer_id].append(merge.TranslatedText(language, text, role, bool(disputed)))
    return {answer_id: tuple(items) for answer_id, items in found.items()}


def _text_item(who: merge.Person, a, translated, text=None, said=()) -> merge.TextItem:
    return merge.TextItem(who, a.text if text is None else text, a.language, answer_id=a.id,
                          known=bool(a.language_known), sentences=said, translations=translated.get(a.id, ()))


def _result(key, people, by_id, answers, vote_map, overrides, group, absent, deck, translated) -> ThemeData:
    scales, proposals, notes, texts = {}, [], [], []
    words: dict[str, list[merge.TextItem]] = {Question.STRENGTHS: [], Question.IDEAS: [], Question.HELPS: []}
    offered = _offered(deck, key)
    for a in answers:
        who = by_id[a.participant_id]
        # Refused words are never shown (only the writer's phone says so); their picture-scale answer counts.
        # Tapped sentences are the deck's words: they count without moderation, also beside refused words.
        text = "" if a.refused and a.question in WRITTEN else a.text
        by_key = offered.get(a.question, {})
        said = tuple(by_key[k] for k in a.sentences.split() if k in by_key)
        if a.question in WRITTEN and (text or said):
            texts.append((FreeText(a.id, a.question, text, a.language, bool(a.approved), said, a.language_known),
                          who))
        if a.question == Question.SCALE:
            if a.scale:
                scales[who.id] = a.scale
            if text.strip():
                notes.append(_text_item(who, a, translated, text))
        elif a.question in words and (text.strip() or said):
            words[a.question].append(_text_item(who, a, translated, text, said))
        elif a.question == Question.PROPOSAL and (a.template or a.text.strip()):
            proposals.append(merge.ProposalInput(who, a.template, a.text, a.who or Who.TOGETHER,
                                                 a.when or When.NEXT, a.when_date, a.language, a.language_known,
                                                 translated.get(a.id, ())))
    result = merge.theme_result(key, people, scales, words[Question.STRENGTHS], words[Question.IDEAS], proposals,
                                vote_map, overrides, group, helps=words[Question.HELPS], absent=absent)
    texts.sort(key=lambda item: item[0].id)
    return ThemeData(result, tuple(notes), tuple(texts))


def scale_notes(conversation: Conversation, key: str) -> list[merge.TextItem]:
    """The optional words people wrote with their picture-scale answer."""
    return list(theme_data(conversation, [key])[key].notes)


def free_texts(conversation: Conversation, key: str,
               approved_only: bool = False) -> list[tuple[FreeText, merge.Person]]:
    """Every written answer of a theme (scale notes, strengths, ideas, what helps), for moderation and the screen.

    To moderate: the answers with own words (tapped sentences are the deck's words and need no look).
    `approved_only`, what the room may see: tapped sentences at once, own words once approved.
    """
    texts = theme_data(conversation, [key])[key].texts
    if not approved_only:
        return [(a, p) for a, p in texts if a.text]
    return [(a if a.approved else replace(a, text=""), p) for a, p in texts if a.approved or a.sentences]


def ready_sentences(conversation: Conversation, key: str, question: str) -> tuple[Sentence, ...]:
    """The deck's ready sentences offered for one question of one theme (own themes: the deck's general ones)."""
    deck = get_deck(conversation.deck)
    return deck.ready_sentences(key, question) if deck else ()


def refused_texts(participant: Participant, key: str) -> list[Answer]:
    """This writer's words the facilitator refused in this theme (only their own phone shows them)."""
    return [a for a in participant.answers if a.theme_key == key and a.refused and a.text.strip()]


def goals(conversation: Conversation) -> list[merge.TextItem]:
    """The opening: everyone's answer to "Wat is het doel van dit gesprek?"."""
    return _opening_answers(conversation, OpeningQuestion.GOAL)


def expectations(conversation: Conversation) -> list[merge.TextItem]:
    """The opening: everyone's answer to "Wat verwachten we van elkaar?" (the literature's first step)."""
    return _opening_answers(conversation, OpeningQuestion.EXPECTATIONS)


def _opening_answers(conversation: Conversation, question: OpeningQuestion) -> list[merge.TextItem]:
    rows = db.session.execute(select(Answer, Participant).join(Participant).where(
        Participant.conversation_id == conversation.id, Answer.theme_key == OPENING,
        Answer.question == question).order_by(Participant.id)).all()
    translated = translations(conversation.id, (Answer.theme_key == OPENING) & (Answer.question == question))
    return [_text_item(person(p), a, translated) for a, p in rows if a.text.strip()]


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
