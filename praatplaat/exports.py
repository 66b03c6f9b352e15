"""The afsprakenlijst for other programs: JSON (schema in README) and a calendar file."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

from . import results
from .decks import get_deck
from .merge import MergedProposal, Person


def _person(p: Person) -> dict:
    return {"role": p.role, "nickname": p.nickname}


def _what(proposal: MergedProposal, theme) -> str:
    suggestion = theme.suggestion(proposal.template) if proposal.template else None
    return suggestion.text if suggestion else proposal.text


def _proposal(proposal: MergedProposal, theme, reviews: dict | None = None) -> dict:
    review = (reviews or {}).get(proposal.key)
    return {
        "key": proposal.key,
        "review": {"status": review.status, "note": review.note, "language": review.language,
                   "reviewed_on": review.reviewed_on.isoformat()} if review else None,
        "what": _what(proposal, theme), "what_language": "nl" if proposal.template else proposal.language,
        "template": proposal.template, "who": proposal.who, "when": proposal.when,
        "when_date": proposal.when_date.isoformat() if proposal.when_date else None,
        "status": proposal.status, "edited": proposal.edited,
        "proposed_by": [_person(p) for p in proposal.proposers],
        "agreed_by": [_person(p) for p in proposal.agree], "not_yet": [_person(p) for p in proposal.not_yet],
    }


def as_json(conversation, with_history: bool = True) -> dict:
    """Everything of the conversation that a file needs; texts of the deck in Dutch (the source)."""
    all_results = results.all_results(conversation)
    reviews = results.reviews(conversation)
    themes = []
    for theme, closed in results.agenda_themes(conversation):
        r = all_results[theme.key]
        themes.append({
            "key": theme.key, "title": theme.title, "own": theme.own, "closed": closed,
            "scales": [{**_person(p), "scale": s} for p, s in r.scales], "views_differ": r.differ,
            "strengths": [{**_person(t.person), "text": t.text, "language": t.language} for t in r.strengths],
            "ideas": [{**_person(t.person), "text": t.text, "language": t.language} for t in r.ideas],
            "agreements": [_proposal(p, theme, reviews) for p in r.agreements],
            "to_discuss": [_proposal(p, theme) for p in r.still_open],
        })
    deck = get_deck(conversation.deck)
    data = {
        "schema": "praatplaat/afsprakenlijst/1",
        "round": conversation.round,
        "title": conversation.title, "deck": conversation.deck, "deck_title": deck.title if deck else "",
        "created_at": conversation.created_at.isoformat(timespec="seconds") + "Z",
        "lookback_on": conversation.lookback_on.isoformat() if conversation.lookback_on else None,
        "participants": [{"role": p.role, "nickname": p.nickname, "language": p.language,
                          "facilitator": p.is_facilitator} for p in conversation.participants],
        "themes": themes,
        "closing": [{"role": p.role, "experience": p.closing.experience, "covered": p.closing.covered,
                     "question": p.closing.question, "language": p.closing.language}
                    for p in conversation.participants if p.closing],
        "goals": [{**_person(t.person), "text": t.text, "language": t.language}
                  for t in results.goals(conversation)],
    }
    if deck and deck.sections:
        data["sections"] = [{"title": section.title, "themes": list(section.themes)} for section in deck.sections]
    if with_history:
        data["history"] = [{"round": h.number, "closed_on": h.closed_on.isoformat(), "list": json.loads(h.data)}
                           for h in conversation.history]
    return data


def _ics_text(value: str) -> str:
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r", "").replace("\n", "\\n"))


def _fold(line: str) -> str:
    """RFC 5545 3.1: lines of at most 75 octets, continued with CRLF and a space (never inside a character)."""
    parts, current = [], ""
    for char in line:
        limit = 75 if not parts else 74  # a continuation line starts with one space
        if len((current + char).encode()) > limit:
            parts.append(current)
            current = ""
        current += char
    parts.append(current)
    return "\r\n ".join(parts)


def _day_after(day: date) -> date:
    return day + timedelta(days=1) if day < date.max else day  # a stored year-9999 date must not overflow


def as_ics(conversation, now: datetime) -> str:
    """One all-day event on the look-back date (RFC 5545, CRLF line ends); `now` in UTC."""
    day = conversation.lookback_on
    from flask_babel import gettext as _

    summary = _("Samen terugkijken: %(title)s", title=conversation.title) if conversation.title else _(
        "Samen terugkijken op onze afspraken")
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Praatplaat//NL", "CALSCALE:GREGORIAN", "BEGIN:VEVENT",
        f"UID:praatplaat-{conversation.id}-{day.isoformat()}@praatplaat",
        f"DTSTAMP:{now:%Y%m%dT%H%M%SZ}",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}", f"DTEND;VALUE=DATE:{_day_after(day):%Y%m%d}",
        f"SUMMARY:{_ics_text(summary)}", "END:VEVENT", "END:VCALENDAR",
    ]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
