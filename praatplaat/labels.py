"""Words for codes: roles, scale, who, when, refusals — all through gettext."""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import lazy_gettext as _l

from .i18n import format_date
from .vocabulary import ROLE_PREFIX, Covered, Mode, Question, ReviewStatus, Role, Scale, When, Who

ROLE = {
    Role.PARENT: _l("Ouder of verzorger"),
    Role.PROFESSIONAL: _l("Professional"),
    Role.YOUTH: _l("Jeugdige"),
    Role.FOSTER: _l("Pleegouder of gezinshuisouder"),
    Role.NETWORK: _l("Iemand uit het netwerk"),
    Role.INTERPRETER: _l("Tolk"),
    Role.UNKNOWN: _l("Zeg ik liever niet"),
}
ROLE_HINT = {
    Role.PARENT: _l("Je bent de vader, moeder of verzorger van het kind."),
    Role.PROFESSIONAL: _l("Je werkt met het kind, bijvoorbeeld op school of in de jeugdhulp."),
    Role.YOUTH: _l("Het gesprek gaat over jou."),
    Role.FOSTER: _l("Het kind woont bij jou in huis."),
    Role.NETWORK: _l("Je bent familie, een buur of een vriend van het gezin."),
    Role.INTERPRETER: _l("Je vertaalt wat de anderen schrijven. Je kiest niet mee."),
    Role.UNKNOWN: _l("Je hoeft niet te zeggen wie je bent."),
}
# Above a translation: who made it (the translator's role when they translated).
TRANSLATED_BY = {
    Role.INTERPRETER: _l("Vertaling van de tolk"),
    Role.PARENT: _l("Vertaling van de ouder"),
    Role.PROFESSIONAL: _l("Vertaling van de professional"),
    Role.YOUTH: _l("Vertaling van de jeugdige"),
    Role.FOSTER: _l("Vertaling van de pleegouder"),
    Role.NETWORK: _l("Vertaling van iemand uit het netwerk"),
    Role.UNKNOWN: _l("Vertaling van iemand aan tafel"),
}
SCALE = {
    Scale.GOOD: _l("Gaat goed"),
    Scale.FAIR: _l("Gaat redelijk"),
    Scale.BETTER: _l("Kan beter"),
    Scale.UNKNOWN: _l("Weet ik niet"),
}
WHO = {
    Who.ME: _l("Ik"),
    Who.OTHER: _l("De ander"),
    Who.TOGETHER: _l("Samen"),
    Who.OTHERS: _l("De anderen"),
    Who.SOMEONE: _l("Iemand anders"),
}
WHEN = {
    When.TODAY: _l("Vandaag"),
    When.WEEK: _l("Deze week"),
    When.NEXT: _l("Voor het volgende gesprek"),
    When.DATE: _l("Op een datum"),
}
EXPERIENCE = {
    Scale.GOOD: _l("Goed"),
    Scale.FAIR: _l("Redelijk"),
    Scale.BETTER: _l("Niet zo goed"),
    Scale.UNKNOWN: _l("Weet ik niet"),
}
REVIEW = {
    ReviewStatus.DONE: _l("Gedaan"),
    ReviewStatus.PARTLY: _l("Voor een deel gedaan"),
    ReviewStatus.NOT_YET: _l("Nog niet gedaan"),
    ReviewStatus.STOP: _l("We stoppen hiermee"),
}
COVERED = {Covered.YES: _l("Ja"), Covered.PARTLY: _l("Voor een deel"), Covered.NO: _l("Nee")}
QUESTION = {
    Question.SCALE: _l("Hoe zit dat bij ons?"),
    Question.STRENGTHS: _l("Waar zijn we al goed in?"),
    Question.IDEAS: _l("Hoe zou dat beter kunnen?"),
    Question.HELPS: _l("Wat helpt ons om (beter) samen te werken, met én voor het kind?"),
    Question.PROPOSAL: _l("Wat spreken we af?"),
}
# A plain line under a question, where the praatplaat's words need one.
QUESTION_HINT = {
    Question.HELPS: _l("Met het kind: het kind denkt mee. Voor het kind: het gaat om wat het kind nodig heeft."),
    Question.PROPOSAL: _l("Wat is de volgende stap? Wie doet wat, en wanneer?"),
}
MODE = {
    Mode.TABLE: _l("Aan tafel: een gesprek met een paar mensen"),
    Mode.EVENING: _l("Ouderavond: veel ouders en een groot scherm"),
}
REFUSAL = {
    "unknown_code": _l("We kennen deze code niet. Kijk of je de code goed hebt getypt."),
    "closed_code": _l("Bij dit gesprek kun je niet meer aansluiten. Vraag de gespreksleider om een nieuwe code."),
    "theme_closed": _l("Dit thema is gesloten. Je kunt je antwoord niet meer veranderen."),
    "not_on_agenda": _l("Dit thema staat niet op de agenda."),
    "unknown_deck": _l("Deze kaartset bestaat niet."),
    "bad_role": _l("Kies een rol."),
    "empty_title": _l("Schrijf een titel voor je thema."),
    "bad_question": _l("Deze vraag bestaat niet."),
    "unknown_participant": _l("Deze deelnemer bestaat niet."),
    "unknown_proposal": _l("Dit voorstel bestaat niet meer. Kijk nog eens naar de lijst."),
    "unknown_answer": _l("Dit antwoord bestaat niet meer."),
    "bad_mode": _l("Kies aan tafel of ouderavond."),
    "bad_review": _l("Kies hoe het ging."),
    "bad_screen": _l("Dit kan het scherm niet laten zien."),
    "interpreter_vote": ROLE_HINT[Role.INTERPRETER],  # a vote sent by the tolk
    "empty_translation": _l("Schrijf eerst de vertaling."),
    "bad_language": _l("In deze taal kun je deze tekst niet vertalen."),
    "unknown_translation": _l("Deze vertaling bestaat niet meer."),
}


def who_label(who: str | None) -> str:
    """'role:parent' -> 'Ouder of verzorger'; 'together' -> 'Samen'."""
    if not who:
        return str(WHO[Who.TOGETHER])
    if who.startswith(ROLE_PREFIX):
        return str(ROLE.get(who.removeprefix(ROLE_PREFIX), WHO[Who.OTHERS]))
    return str(WHO.get(who, WHO[Who.TOGETHER]))


def when_label(when: str | None, when_date: date | None, started: date, lookback: date | None) -> str:
    """The moment in words and, where it is known, as a date in the reader's language."""
    from flask_babel import gettext as _

    if when == When.DATE and when_date:
        return format_date(when_date, "long")
    if when == When.TODAY:
        return _("Vandaag (%(date)s)", date=format_date(started, "long"))
    if when == When.WEEK:
        sunday = started + timedelta(days=6 - started.weekday())
        return _("Deze week (tot en met %(date)s)", date=format_date(sunday, "long"))
    if lookback:
        return _("Voor het volgende gesprek (%(date)s)", date=format_date(lookback, "long"))
    return str(WHEN[When.NEXT])
