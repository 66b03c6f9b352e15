"""The afsprakenlijst for other programs: JSON (schema in README) and a calendar file."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from werkzeug.exceptions import NotFound

from .i18n import isolate
from .merge import Person, TextItem
from .readmodel import ListView, ProposalView


def _person(p: Person) -> dict:
    return {"role": p.role, "nickname": p.nickname}


def _translations(items) -> list[dict]:
    return [{"language": x.language, "text": x.text, "role": x.role, "disputed": x.disputed} for x in items]


def _text(t: TextItem) -> dict:
    """A written answer: the tapped ready sentences (deck key and Dutch text), the own words as written, their
    language (`language_known`: false when too short to tell, so the writer's menu language) and the translations
    people made of them."""
    return {**_person(t.person), "text": t.text, "language": t.language, "language_known": t.known,
            "sentences": [{"key": s.key, "text": s.text} for s in t.sentences],
            "translations": _translations(t.translations)}


def _proposal(proposal: ProposalView, with_review: bool = True) -> dict:
    review = proposal.review if with_review else None
    return {
        "key": proposal.key,
        "review": {"status": review.status, "note": review.note, "language": review.language,
                   "reviewed_on": review.reviewed_on.isoformat()} if review else None,
        "what": proposal.what.source, "what_language": "nl" if proposal.template else proposal.what.language,
        "what_translations": _translations(proposal.what.translations),
        "template": proposal.template, "who": proposal.who, "when": proposal.when,
        "when_date": proposal.when_date.isoformat() if proposal.when_date else None,
        "status": proposal.status, "edited": proposal.edited,
        "proposed_by": [_person(p) for p in proposal.proposers],
        "agreed_by": [_person(p) for p in proposal.agree], "not_yet": [_person(p) for p in proposal.not_yet],
    }


def as_json(lijst: ListView, with_history: bool = True) -> dict:
    """Everything of the list that a file needs; texts of the deck in Dutch (the source)."""
    themes = [{
        "key": t.theme.key, "title": t.theme.title.source, "own": t.theme.own, "closed": t.closed,
        "scales": [{**_person(p), "scale": s} for p, s in t.scales], "views_differ": t.differ,
        "strengths": [_text(x) for x in t.strengths], "ideas": [_text(x) for x in t.ideas],
        "helps": [_text(x) for x in t.helps],
        "agreements": [_proposal(p) for p in t.agreements],
        "to_discuss": [_proposal(p, with_review=False) for p in t.still_open],
    } for t in lijst.themes]
    data = {
        "schema": "praatplaat/afsprakenlijst/1",
        "round": lijst.round,
        "title": lijst.title, "deck": lijst.deck, "deck_title": lijst.deck_title,
        "created_at": lijst.created_at.isoformat(timespec="seconds") + "Z",
        "lookback_on": lijst.lookback_on.isoformat() if lijst.lookback_on else None,
        "participants": [{"role": p.role, "nickname": p.nickname, "language": p.language,
                          "facilitator": p.facilitator} for p in lijst.participants],
        "themes": themes,
        "closing": [{"role": c.role, "experience": c.experience, "covered": c.covered,
                     "question": c.question, "tips": c.tips, "language": c.language} for c in lijst.closing],
        "goals": [_text(t) for t in lijst.goals],
        "expectations": [_text(t) for t in lijst.expectations],
        "reachable": {"text": lijst.reachable.source, "language": lijst.reachable.language}
        if lijst.reachable else None,
    }
    if lijst.sections:
        data["sections"] = [{"title": s.title.source, "themes": list(s.themes)} for s in lijst.sections]
    if with_history:
        data["history"] = [{"round": h.number, "closed_on": h.closed_on.isoformat(), "list": h.data}
                           for h in lijst.history]
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


def ics_response(conversation, now: datetime):
    """The calendar file as a download (404 while there is no look-back date)."""
    if not conversation.lookback_on:
        raise NotFound()
    return as_ics(conversation, now), 200, {"Content-Type": "text/calendar; charset=utf-8",
                                            "Content-Disposition": 'attachment; filename="terugblik.ics"'}


def as_ics(conversation, now: datetime) -> str:
    """One all-day event on the look-back date (RFC 5545, CRLF line ends); `now` in UTC."""
    day = conversation.lookback_on
    from flask_babel import gettext as _

    # The title as someone typed it, isolated when its direction differs from the reader's (see i18n.isolate).
    summary = _("Samen terugkijken: %(title)s", title=isolate(conversation.title)) if conversation.title else _(
        "Samen terugkijken op onze afspraken")
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Praatplaat//NL", "CALSCALE:GREGORIAN", "BEGIN:VEVENT",
        f"UID:praatplaat-{conversation.id}-{day.isoformat()}@praatplaat",
        f"DTSTAMP:{now:%Y%m%dT%H%M%SZ}",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}", f"DTEND;VALUE=DATE:{_day_after(day):%Y%m%d}",
        f"SUMMARY:{_ics_text(summary)}", "END:VEVENT", "END:VCALENDAR",
    ]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
