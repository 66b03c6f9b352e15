"""The heart: answers of everyone at the table -> one merged view and one afsprakenlijst.

Pure functions over plain data; no Flask, no database.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from .decks import Sentence
from .vocabulary import ROLE_PREFIX, ProposalStatus, Question, Role, Scale, When, Who

SCALE: tuple[Scale, ...] = tuple(Scale)
SCALE_RANK = {Scale.GOOD: 0, Scale.FAIR: 1, Scale.BETTER: 2}  # "unknown" has no place on the line
QUESTIONS: tuple[Question, ...] = tuple(Question)


@dataclass(frozen=True)
class Person:
    id: int
    role: str
    nickname: str = ""


@dataclass(frozen=True)
class TranslatedText:
    """A person's translation of someone's words (the tolk, or anyone at the table who reads both languages)."""

    language: str
    text: str
    role: str  # the translator's role: "vertaald door de tolk"
    disputed: bool = False  # the writer said "klopt niet"


def translation_for(item, language: str) -> TranslatedText | None:
    """The translation of `item`'s words (with `.language` and `.translations`) for a reader of this language,
    when someone made one (never of the words' own language). TextItem's and results.FreeText's `translation`."""
    if language == item.language:
        return None
    return next((t for t in item.translations if t.language == language), None)


@dataclass(frozen=True)
class TextItem:
    person: Person
    text: str  # the own words as written ("" when only ready sentences were tapped)
    language: str  # the language of the words (detected), else the writer's menu language
    answer_id: int = 0
    known: bool = True  # False: too short to tell the language; no "geschreven in …" label
    sentences: tuple[Sentence, ...] = ()  # the deck's ready sentences the writer tapped (shown in each reader's words)
    translations: tuple[TranslatedText, ...] = ()

    translation = translation_for  # the translation for a reader of a language, when someone made one


@dataclass(frozen=True)
class ProposalInput:
    person: Person
    template: str | None
    text: str
    who: str
    when: str
    when_date: date | None
    language: str = "nl"
    known: bool = True  # the language of the own words could be told (textlang)
    translations: tuple[TranslatedText, ...] = ()  # of the own words (a person's translation)


@dataclass
class MergedProposal:
    key: str
    template: str | None
    text: str
    language: str
    who: str
    when: str
    when_date: date | None
    proposers: list[Person] = field(default_factory=list)
    known: bool = True  # the language of the own words could be told (textlang)
    agree: list[Person] = field(default_factory=list)
    not_yet: list[Person] = field(default_factory=list)
    waiting: list[Person] = field(default_factory=list)  # taking part, and not chosen yet
    status: str = ProposalStatus.OPEN
    edited: bool = False
    translations: tuple[TranslatedText, ...] = ()  # of the own words; gone when the facilitator rewords it

    @property
    def settled(self) -> bool:
        return self.status in (ProposalStatus.AGREED, ProposalStatus.CONFIRMED)


@dataclass(frozen=True)
class Override:
    """What the facilitator decided about one proposal."""

    confirmed: bool = False
    text: str = ""
    language: str = "nl"
    who: str | None = None
    when: str | None = None
    when_date: date | None = None


@dataclass
class ThemeResult:
    key: str
    scales: list[tuple[Person, str]]
    differ: bool
    strengths: list[TextItem]
    ideas: list[TextItem]
    proposals: list[MergedProposal]
    helps: list[TextItem] = field(default_factory=list)
    absent: list[Person] = field(default_factory=list)  # marked as not taking part in this theme

    @property
    def distribution(self) -> dict[str, int]:
        """How many chose each picture (for the shared screen: counts, never names)."""
        return {value: sum(1 for _, s in self.scales if s == value) for value in SCALE}

    @property
    def agreements(self) -> list[MergedProposal]:
        return [p for p in self.proposals if p.settled]

    @property
    def still_open(self) -> list[MergedProposal]:
        return [p for p in self.proposals if not p.settled]


def views_differ(scales: Iterable[str | None]) -> bool:
    """True when two people are two steps apart on the scale (e.g. "gaat goed" and "kan beter")."""
    ranks = [SCALE_RANK[s] for s in scales if s in SCALE_RANK]
    return bool(ranks) and max(ranks) - min(ranks) >= 2


def normalise(text: str) -> str:
    """Same words, whatever the case, spacing or closing full stop."""
    return " ".join(text.casefold().split()).rstrip(".!")


def resolve_who(who: str, proposer_role: str, roles_present: Iterable[str]) -> str:
    """Turn "ik" and "de ander" into roles, so two people's proposals can be compared (the tolk is no "ander")."""
    if who == Who.ME:
        return f"{ROLE_PREFIX}{proposer_role}"
    if who == Who.OTHER:
        others = set(roles_present) - {proposer_role, Role.INTERPRETER}
        return f"{ROLE_PREFIX}{others.pop()}" if len(others) == 1 else Who.OTHERS
    return who


def proposal_key(template: str | None, text: str, who: str, when: str, when_date: date | None) -> str:
    """A stable key: the same template with the same slots, or the same words, gives the same key."""
    what = f"tpl:{template}" if template else f"txt:{normalise(text)}"
    day = when_date.isoformat() if when == When.DATE and when_date else ""
    return hashlib.sha256(f"{what}|{who}|{when}|{day}".encode()).hexdigest()[:32]


def merge_proposals(inputs: Iterable[ProposalInput], roles_present: Iterable[str]) -> list[MergedProposal]:
    """One proposal per key, listing everyone who proposed it, in the order first proposed."""
    roles = list(roles_present)
    merged: dict[str, MergedProposal] = {}
    for item in inputs:
        if not item.template and not item.text.strip():
            continue
        who = resolve_who(item.who, item.person.role, roles)
        when_date = item.when_date if item.when == When.DATE else None
        key = proposal_key(item.template, item.text, who, item.when, when_date)
        if key not in merged:
            merged[key] = MergedProposal(key=key, template=item.template, text=item.text.strip(),
                                         language=item.language, who=who, when=item.when, when_date=when_date,
                                         known=item.known)
        if not item.template and not merged[key].translations:  # the same words: the first one translated
            merged[key].translations = item.translations
        merged[key].proposers.append(item.person)
    return list(merged.values())


def consensus(votes: Mapping[int, bool], present: Iterable[int], confirmed: bool = False) -> str:
    """agreed when everyone present said "eens"; confirmed when the facilitator settled it."""
    if confirmed:
        return ProposalStatus.CONFIRMED
    ids = set(present)
    return ProposalStatus.AGREED if ids and all(votes.get(pid) is True for pid in ids) else ProposalStatus.OPEN


def taking_part(people: Iterable[Person], absent: Iterable[int] = ()) -> list[Person]:
    """Everyone present for a theme: the people of the conversation, each once, less those marked absent.

    The tolk translates but does not choose: never counted, never waited for, their vote (if any) not shown.
    """
    away = set(absent)
    return list({p.id: p for p in people if p.id not in away and p.role != Role.INTERPRETER}.values())


def apply_votes(proposals: list[MergedProposal], votes: Mapping[str, Mapping[int, bool]],
                people: Iterable[Person], overrides: Mapping[str, Override], group: bool = False,
                absent: Iterable[int] = ()) -> None:
    """Fill in who agreed, who has not chosen yet, the status, and the facilitator's changes, in place.

    Only the people taking part in the theme count (`absent`: marked as not taking part); their votes
    are the ones shown. group: a parent evening, where "everyone agrees" cannot be waited for; the
    facilitator settles group agreements, with the number of "eens" in view.
    """
    everyone = taking_part(people, absent)
    order = {p.id: n for n, p in enumerate(everyone)}  # the votes given, in the order of the people
    for proposal in proposals:
        given = votes.get(proposal.key, {})
        voters = sorted((pid for pid in given if pid in order), key=order.__getitem__)
        proposal.agree = [everyone[order[pid]] for pid in voters if given[pid] is True]
        proposal.not_yet = [everyone[order[pid]] for pid in voters if given[pid] is False]
        proposal.waiting = [p for p in everyone if p.id not in given]
        override = overrides.get(proposal.key, Override())
        if group:
            proposal.status = ProposalStatus.CONFIRMED if override.confirmed else ProposalStatus.OPEN
        else:
            proposal.status = consensus(given, (p.id for p in everyone), override.confirmed)
        if override.text or override.who or override.when:
            proposal.edited = True
            if override.text:
                proposal.template, proposal.text, proposal.language = None, override.text, override.language
                proposal.known = True
                proposal.translations = ()
            proposal.who = override.who or proposal.who
            if override.when:
                proposal.when, proposal.when_date = override.when, override.when_date


def theme_result(key: str, people: list[Person], scales: Mapping[int, str], strengths: list[TextItem],
                 ideas: list[TextItem], proposals: list[ProposalInput],
                 votes: Mapping[str, Mapping[int, bool]], overrides: Mapping[str, Override],
                 group: bool = False, helps: list[TextItem] | None = None,
                 absent: Iterable[int] = ()) -> ThemeResult:
    """Everything the merged view and the afsprakenlijst show for one theme.

    ideas: "Hoe zou dat beter kunnen?"; helps: "Wat helpt ons om (beter) samen te werken, met én voor het kind?".
    """
    away = set(absent)
    scale_rows = [(p, scales[p.id]) for p in people if p.id in scales]
    merged = merge_proposals(proposals, (p.role for p in people))
    apply_votes(merged, votes, people, overrides, group, away)
    return ThemeResult(key=key, scales=scale_rows, differ=views_differ(s for _, s in scale_rows),
                       strengths=strengths, ideas=ideas, proposals=merged, helps=list(helps or ()),
                       absent=[p for p in people if p.id in away])
