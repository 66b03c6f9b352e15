"""Words for codes: roles, scale, who, when, refusals — all through gettext."""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import format_date
from flask_babel import lazy_gettext as _l

ROLE = {
    "parent": _l("Ouder of verzorger"),
    "professional": _l("Professional"),
    "youth": _l("Jeugdige"),
    "foster": _l("Pleegouder of gezinshuisouder"),
    "network": _l("Iemand uit het netwerk"),
    "unknown": _l("Zeg ik liever niet"),
}
ROLE_HINT = {
    "parent": _l("Je bent de vader, moeder of verzorger van het kind."),
    "professional": _l("Je werkt met het kind, bijvoorbeeld op school of in de jeugdhulp."),
    "youth": _l("Het gesprek gaat over jou."),
    "foster": _l("Het kind woont bij jou in huis."),
    "network": _l("Je bent familie, een buur of een vriend van het gezin."),
    "unknown": _l("Je hoeft niet te zeggen wie je bent."),
}
SCALE = {
    "good": _l("Gaat goed"),
    "fair": _l("Gaat redelijk"),
    "better": _l("Kan beter"),
    "unknown": _l("Weet ik niet"),
}
WHO = {
    "me": _l("Ik"),
    "other": _l("De ander"),
    "together": _l("Samen"),
    "others": _l("De anderen"),
}
WHEN = {
    "today": _l("Vandaag"),
    "week": _l("Deze week"),
    "next": _l("Voor het volgende gesprek"),
    "date": _l("Op een datum"),
}
EXPERIENCE = {
    "good": _l("Goed"),
    "fair": _l("Redelijk"),
    "better": _l("Niet zo goed"),
    "unknown": _l("Weet ik niet"),
}
REVIEW = {
    "done": _l("Gedaan"),
    "partly": _l("Voor een deel gedaan"),
    "not_yet": _l("Nog niet gedaan"),
    "stop": _l("We stoppen hiermee"),
}
COVERED = {"yes": _l("Ja"), "partly": _l("Voor een deel"), "no": _l("Nee")}
QUESTION = {
    "scale": _l("Hoe zit dat bij ons?"),
    "strengths": _l("Waar zijn we al goed in?"),
    "ideas": _l("Hoe kan het beter? Wat helpt ons?"),
    "proposal": _l("Wat spreken we af?"),
}
MODE = {
    "table": _l("Aan tafel: een gesprek met een paar mensen"),
    "evening": _l("Ouderavond: veel ouders en een groot scherm"),
}
# Hard words, each with a question and a short answer (shown where the word appears).
GLOSSARY = {
    "afsprakenlijst": (_l("Wat is een afsprakenlijst?"),
                       _l("Een lijst met alles wat jullie samen afspreken. Wie doet wat, en wanneer.")),
    "gespreksleider": (_l("Wat is de gespreksleider?"),
                       _l("De persoon die het gesprek begint en leidt. Vaak is dat de leraar of hulpverlener.")),
    "professional": (
        _l("Wat is een professional?"),
        _l("Iemand die voor zijn werk met het kind bezig is. Bijvoorbeeld een leraar of een hulpverlener.")),
    "jeugdhulp": (_l("Wat is jeugdhulp?"),
                  _l("Hulp voor kinderen, jongeren en ouders als het thuis of op school even moeilijk is.")),
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
}


def who_label(who: str | None) -> str:
    """'role:parent' -> 'Ouder of verzorger'; 'together' -> 'Samen'."""
    if not who:
        return str(WHO["together"])
    if who.startswith("role:"):
        return str(ROLE.get(who.removeprefix("role:"), WHO["others"]))
    return str(WHO.get(who, WHO["together"]))


def when_label(when: str | None, when_date: date | None, started: date, lookback: date | None) -> str:
    """The moment in words and, where it is known, as a date in the reader's language."""
    from flask_babel import gettext as _

    if when == "date" and when_date:
        return format_date(when_date, "long")
    if when == "today":
        return _("Vandaag (%(date)s)", date=format_date(started, "long"))
    if when == "week":
        sunday = started + timedelta(days=6 - started.weekday())
        return _("Deze week (tot en met %(date)s)", date=format_date(sunday, "long"))
    if lookback:
        return _("Voor het volgende gesprek (%(date)s)", date=format_date(lookback, "long"))
    return str(WHEN["next"])
