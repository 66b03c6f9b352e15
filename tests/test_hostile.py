"""A hostile-input table: every form and route gets wrong types, huge values, Unicode digits, huge ids, JSON
and files where a form is expected, broken UTF-8, impossible dates, empty and over-long texts, unknown choices
and missing CSRF tokens. Each case must give a readable 4xx page (never a 5xx) and store nothing.

One app per database (module scope); every case compares a snapshot of every table before and after.
Run: `pytest tests/test_hostile.py` (with PRAATPLAAT_TEST_POSTGRES_URL set for PostgreSQL too).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from conftest import (
    POSTGRES_URL,
    Phone,
    _reset_postgres,
    all_rows,
    answer_theme,
    join,
    make_app,
    proposal_cards,
    require,
    set_agenda,
    start,
)
from sqlalchemy import select

from praatplaat.cookies import FACILITATOR_COOKIE
from praatplaat.db import db
from praatplaat.models import Answer, OwnTheme
from praatplaat.tokens import token_ref

TODAY = date.today()
FAR = (TODAY + timedelta(days=3 * 365)).isoformat()
LONG_AGO = (TODAY - timedelta(days=2 * 365)).isoformat()
SOON = (TODAY + timedelta(days=30)).isoformat()
BOUNDARY = "hostile-boundary-7f3a"


@dataclass
class Case:
    name: str
    who: str  # which phone: teacher (the facilitator), parent, parent_en, stranger
    method: str
    url: str  # a template: {f_url}, {code}, {own}, {parent_id}, {answer_id}
    body: object = None  # dict (a form, CSRF added), or ("raw"|"json"|"multipart", ...)
    status: int | tuple[int, ...] = 400
    shows: str | None = None  # words the page must show


def multipart(fields: dict[str, str | bytes], files: dict[str, tuple[str, bytes]] | None = None) -> tuple:
    """A multipart/form-data body built by hand, so any byte can be sent."""
    parts = []
    for name, value in fields.items():
        value = value.encode() if isinstance(value, str) else value
        parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode() + value)
    for name, (filename, content) in (files or {}).items():
        parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     f"Content-Type: application/octet-stream\r\n\r\n".encode() + content)
    body = b"\r\n".join(parts) + f"\r\n--{BOUNDARY}--\r\n".encode()
    return ("raw", body, f"multipart/form-data; boundary={BOUNDARY}")


# Every form: (who, address, a body that would be stored if nothing were wrong with it).
FORMS = [
    ("stranger", "/start", {"start-deck": "praatplaat", "start-mode": "table", "start-title": "Nieuw",
                            "start-role": "professional", "start-take_part": "yes", "start-nickname": "Juf"}),
    ("stranger", "/code", {"join-code": "{code}"}),
    ("stranger", "/j/{code}", {"language": "nl", "role": "parent", "nickname": "Nieuw"}),
    ("parent", "/taal", {"lang": "en", "next": "/p"}),
    ("parent", "/p/opening", {"text": "Ons doel", "expectations": "Dat we elkaar bellen"}),
    ("parent", "/p/themas", {"themes": "kind"}),
    ("parent", "/p/themas/eigen", {"own-title": "Nog een thema"}),
    ("parent", "/p/t/resultaat/1", {"scale": "fair", "text": "Nieuw"}),
    ("parent_en", "/p/t/resultaat/2", {"text": "New words"}),
    ("parent", "/p/t/resultaat/4", {"text": "Wat ons helpt"}),
    ("parent", "/p/t/resultaat/5", {"choice": "own", "text": "Nieuw voorstel", "who": "me", "when": "week"}),
    ("parent_en", "/p/t/resultaat/samen", {"proposal": "{proposal}", "agree": "no"}),
    ("parent", "/p/afsluiting", {"experience": "good", "covered": "yes", "question": "Nieuw", "tips": "Tip"}),
    ("parent", "/p/stoppen", {}),
    ("teacher", "{f_url}agenda", {"pos-kind": "1"}),
    ("teacher", "{f_url}t/resultaat/sluiten", {"closed": "1"}),
    ("teacher", "{f_url}t/resultaat", {"proposal": "{proposal}", "text": "Nieuw", "who": "together", "when": "week"}),
    ("teacher", "{f_url}t/resultaat/deelnemer/{parent_id}", {"absent": "1"}),
    ("teacher", "{f_url}deelname", {"open": "0"}),
    ("teacher", "{f_url}terugblik", {"day": SOON}),
    ("teacher", "{f_url}deelnemer/{parent_id}/weg", {}),
    ("teacher", "{f_url}weg", {"sure": "y"}),
    ("teacher", "{f_url}terugkijken", {"proposal": "{proposal}", "theme": "resultaat", "status": "done"}),
    ("teacher", "{f_url}nieuwe-ronde", {}),
    ("teacher", "{f_url}afsluiting", {"text": "Maandag van 9 tot 12 uur"}),
    ("teacher", "{f_url}scherm/toon", {"view": "blank"}),
    ("teacher", "{f_url}scherm/talen", {"lang": "en"}),
    ("teacher", "{f_url}antwoord/{answer_id}/scherm", {"theme": "resultaat", "show": "1"}),
    ("teacher", "/gesprekken/vergeten", {"ref": "{lead_ref}"}),
    ("parent_en", "/p/vertalen/{answer_id}", {"language": "en", "text": "Also strong, really"}),
    ("parent", "/p/vertaling/{answer_id}/en/klopt-niet", {}),
]


def _urlencode_bad_utf8(fields: dict) -> bytes:
    first = next(iter(fields), "x")
    return f"csrf_token={{csrf}}&{first}=%FF%FE%C3".encode()


def generic_cases() -> list[Case]:
    """The same eight attacks on every form."""
    cases = []
    for who, url, fields in FORMS:
        first = next(iter(fields), "x")
        cases += [
            Case(f"{url} no CSRF token", who, "post", url, {**fields, "csrf_token": ""}, 400,
                 "Reload the page" if who == "parent_en" else "te lang open"),
            Case(f"{url} wrong CSRF token", who, "post", url, {**fields, "csrf_token": "x" * 90}, 400),
            Case(f"{url} JSON body", who, "post", url, ("json", {**fields, "csrf_token": "{csrf}"}), 415),
            Case(f"{url} JSON with wrong types", who, "post", url,
                 ("json", {first: [1, {"a": None}], "csrf_token": "{csrf}"}), 415),
            Case(f"{url} multipart with a file part", who, "post", url,
                 multipart({**fields, "csrf_token": "{csrf}"}, {first or "file": ("a.txt", b"hallo")}), 400),
            Case(f"{url} multipart with broken UTF-8", who, "post", url,
                 multipart({**fields, "csrf_token": "{csrf}", first: b"ab\xff\xfe"}), 400),
            Case(f"{url} urlencoded with broken UTF-8", who, "post", url,
                 ("raw", _urlencode_bad_utf8(fields), "application/x-www-form-urlencoded"), 400),
            Case(f"{url} text/plain body", who, "post", url,
                 ("raw", b"csrf_token={csrf}&a=b", "text/plain"), 415),
        ]
    return cases


NEXT_YEAR = str(TODAY.year + 1)


def date_cases() -> list[Case]:
    """Every date field: impossible, ancient and far-future dates, as a YYYY-MM-DD value and as the day / month /
    year lists and quick choices that the pages draw (Unicode digits, huge numbers, wrong words)."""
    cases = []
    fields = [
        ("look-back date", "teacher", "{f_url}terugblik", {}, "day"),
        ("new round date", "teacher", "{f_url}nieuwe-ronde", {}, "day"),
        ("proposal date", "parent", "/p/t/resultaat/5", {"choice": "doel", "who": "me", "when": "date"},
         "when_date"),
        ("decision date", "teacher", "{f_url}t/resultaat", {"proposal": "{proposal}", "who": "together",
                                                              "when": "date"},
         "when_date"),
    ]
    impossible = "Die dag bestaat niet in februari " + NEXT_YEAR
    lists = (
        (("31", "2", NEXT_YEAR), impossible), (("30", "2", NEXT_YEAR), impossible),
        (("1", "1", "9999"), "Deze datum kan niet"), (("1", "1", "1"), "Deze datum kan niet"),
        (("1", "1", str(TODAY.year - 3)), "Deze datum kan niet"),
        (("３１", "1", NEXT_YEAR), "Kies een datum"), (("٣", "1", NEXT_YEAR), "Kies een datum"),
        (("1", "١٢", NEXT_YEAR), "Kies een datum"), (("1", "1", "٢٠٢٧"), "Kies een datum"),
        (("²", "1", NEXT_YEAR), "Kies een datum"), (("9" * 5000, "1", NEXT_YEAR), "Kies een datum"),
        (("1", "1", str(2**64)), "Kies een datum"), (("1", "13", NEXT_YEAR), "Kies een datum"),
        (("0", "1", NEXT_YEAR), "Kies een datum"), (("-1", "1", NEXT_YEAR), "Kies een datum"),
        (("1.5", "1", NEXT_YEAR), "Kies een datum"), (("1e3", "1", NEXT_YEAR), "Kies een datum"),
        (("februari", "1", NEXT_YEAR), "Kies een datum"), (("1", "februari", NEXT_YEAR), "Kies een datum"),
        (("12", "", ""), "Kies een dag, een maand en een jaar"), (("", "3", NEXT_YEAR), "Kies een dag, een maand"),
    )
    for label, who, url, base, name in fields:
        for value, shows in (("9999-12-31", "Deze datum kan niet"), ("9999-12-18", "Deze datum kan niet"),
                             ("0001-01-01", "Deze datum kan niet"), (FAR, "Deze datum kan niet"),
                             (LONG_AGO, "Deze datum kan niet"), ("2026-02-30", "Kies een datum"),
                             ("10000-01-01", "Kies een datum"), ("-0001-01-01", "Kies een datum"),
                             ("２０２６-１２-３１", "Kies een datum"),
                             ("2026-12-01T00:00", "Kies een datum")):
            cases.append(Case(f"{label} {value}", who, "post", url, {**base, name: value}, 400, shows))
        for (day, month, year), shows in lists:
            parts = {f"{name}-day": day, f"{name}-month": month, f"{name}-year": year, f"{name}-quick": "date"}
            cases.append(Case(f"{label} lists {day[:8]}/{month}/{year[:8]} ({len(day)})", who, "post", url,
                              {**base, **parts}, 400, shows))
        if name == "day":  # the look-back dates have quick choices
            for quick in ("1000y", "６w", "2w;DROP", "", "date "):
                body = {**base, f"{name}-quick": quick or " ", f"{name}-day": "31", f"{name}-month": "2",
                        f"{name}-year": NEXT_YEAR}
                cases.append(Case(f"{label} quick {quick!r}", who, "post", url, body, 400,
                                  "Kies een van de mogelijkheden" if quick.strip() not in ("", "date") else impossible))
    cases.append(Case("proposal date missing", "parent", "post", "/p/t/resultaat/5",
                      {"choice": "doel", "who": "me", "when": "date", "when_date": "  "}, 400, "Kies een datum"))
    cases.append(Case("proposal date lists empty", "parent", "post", "/p/t/resultaat/5",
                      {"choice": "doel", "who": "me", "when": "date", "when_date-day": "", "when_date-month": "",
                       "when_date-year": ""}, 400, "Kies een datum"))
    return cases


BIG = [str(2**31), str(2**63), str(2**64), "9" * 40, "9" * 5000]

SPECIFIC = [
    # Agenda numbers: digits 1 to 99 only.
    *(Case(f"agenda number {raw!r}", "teacher", "post", "{f_url}agenda", {"pos-resultaat": raw}, 400,
           "Dit nummer kan niet")
      for raw in ("²", "①", "½", "Ⅷ", "0", "100", "-1", "1e99", "1.5", "9" * 5000, "1²", "x")),
    # Ids beyond any database integer, or not ASCII digits: not found.
    *(Case(f"remove participant id {n[:12]} ({len(n)} digits)", "teacher", "post",
           "{f_url}deelnemer/" + n + "/weg", {}, 404) for n in BIG),
    *(Case(f"moderate answer id {n[:12]} ({len(n)} digits)", "teacher", "post", "{f_url}antwoord/" + n + "/scherm",
           {"theme": "resultaat", "show": "1"}, 404) for n in BIG),
    Case("remove participant id ٣", "teacher", "post", "{f_url}deelnemer/%D9%A3/weg", {}, 404),
    Case("remove participant id ²", "teacher", "post", "{f_url}deelnemer/%C2%B2/weg", {}, 404),
    Case("remove participant id -1", "teacher", "post", "{f_url}deelnemer/-1/weg", {}, 404),
    Case("remove participant id max int4", "teacher", "post", "{f_url}deelnemer/2147483647/weg", {}, 404),
    Case("moderate answer id max int4", "teacher", "post", "{f_url}antwoord/2147483647/scherm",
         {"theme": "resultaat", "show": "1"}, 404),
    *(Case(f"question step {n[:12]} ({len(n)} digits)", "parent", "get", "/p/t/resultaat/" + n, None, 404)
      for n in BIG),
    Case("question step ²", "parent", "get", "/p/t/resultaat/%C2%B2", None, 404),
    Case("question step ٣", "parent", "get", "/p/t/resultaat/%D9%A3", None, 404),
    Case("question step in English", "parent_en", "get", "/p/t/resultaat/" + str(2**63), None, 404, "Not found"),
    # NUL and control characters where the database compares or stores them.
    Case("join submission with NUL", "stranger", "post", "/j/{code}",
         {"language": "nl", "role": "parent", "submission": "a\x00b"}, 400),
    Case("join submission too long", "stranger", "post", "/j/{code}",
         {"language": "nl", "role": "parent", "submission": "a" * 41}, 400),
    Case("typed code with NUL", "stranger", "post", "/code", {"join-code": "\x00"}, (400, 404)),
    Case("join code with NUL in the address", "stranger", "get", "/j/%00", None, 404),
    Case("theme with NUL in the address", "parent", "get", "/p/t/%00/1", None, 404),
    Case("facilitator token with NUL", "stranger", "get", "/f/%00/", None, 404),
    Case("vote on a NUL proposal", "parent", "post", "/p/t/resultaat/samen", {"proposal": "\x00", "agree": "yes"},
         409),
    Case("review of a NUL theme", "teacher", "post", "{f_url}terugkijken",
         {"proposal": "{proposal}", "theme": "\x00", "status": "done"}, 409),
    Case("language NUL", "parent", "post", "/taal", {"lang": "\x00"}, 400),
    Case("screen languages NUL", "teacher", "post", "{f_url}scherm/talen", {"lang": "\x00"}, 400),
    Case("screen view NUL", "teacher", "post", "{f_url}scherm/toon", {"view": "theme:\x00"}, 400),
    Case("bilingual list language NUL", "teacher", "get", "{f_url}lijst/tweetalig?taal=%00", None, 404),
    Case("bilingual list language broken UTF-8", "teacher", "get", "{f_url}lijst/tweetalig?taal=%FF", None, 404),
    # Unknown choices.
    Case("scale unknown", "parent", "post", "/p/t/resultaat/1", {"scale": "best"}, 400, "Kies een plaatje"),
    Case("scale twice, garbage first", "parent", "post", "/p/t/resultaat/1", {"scale": ["best", "good"]}, 400),
    Case("who unknown", "parent", "post", "/p/t/resultaat/5", {"choice": "doel", "who": "role:king",
                                                                "when": "week"}, 400),
    # Wie doet het?: only the people at the table (issue 13): a role nobody has, or "de ander", is refused.
    Case("who not at the table", "parent", "post", "/p/t/resultaat/5", {"choice": "doel", "who": "role:youth",
                                                                         "when": "week"}, 400,
         "Die persoon doet niet mee aan dit gesprek"),
    Case("who de ander", "parent", "post", "/p/t/resultaat/5", {"choice": "doel", "who": "other", "when": "week"},
         400, "Die persoon doet niet mee aan dit gesprek"),
    Case("decision who ik", "teacher", "post", "{f_url}t/resultaat", {"proposal": "{proposal}", "who": "me",
                                                                      "when": "week"}, 400),
    Case("start take part unknown", "stranger", "post", "/start", {"start-deck": "praatplaat", "start-mode": "table",
                                                                    "start-role": "professional",
                                                                    "start-take_part": "maybe"}, 400),
    Case("start nickname too long", "stranger", "post", "/start", {"start-deck": "praatplaat", "start-mode": "table",
                                                                    "start-role": "professional",
                                                                    "start-nickname": "n" * 41}, 400, "te lang"),
    Case("absence of someone unknown", "teacher", "post", "{f_url}t/resultaat/deelnemer/2147483647", {"absent": "1"},
         404),
    Case("absence in a theme not on the agenda", "teacher", "post", "{f_url}t/kind/deelnemer/{parent_id}",
         {"absent": "1"}, 404),
    *(Case(f"absence participant id {n[:12]} ({len(n)} digits)", "teacher", "post",
           "{f_url}t/resultaat/deelnemer/" + n, {"absent": "1"}, 404) for n in BIG),
    Case("when unknown", "parent", "post", "/p/t/resultaat/5", {"choice": "doel", "who": "me", "when": "nooit"},
         400),
    Case("suggestion unknown", "parent", "post", "/p/t/resultaat/5", {"choice": "../x", "who": "me",
                                                                       "when": "week"}, 400),
    Case("vote agree unknown", "parent", "post", "/p/t/resultaat/samen", {"proposal": "{proposal}",
                                                                           "agree": "ja!"}, 400),
    Case("vote proposal unknown", "parent", "post", "/p/t/resultaat/samen", {"proposal": "0" * 64,
                                                                              "agree": "yes"}, 409),
    Case("vote proposal empty", "parent", "post", "/p/t/resultaat/samen", {"proposal": "", "agree": "yes"}, 400),
    Case("picked theme unknown", "parent", "post", "/p/themas", {"themes": ["kind", "../etc"]}, 400,
         "Kies een van de mogelijkheden"),
    Case("picked theme unknown in English", "parent_en", "post", "/p/themas", {"themes": "bestaat-niet"}, 400,
         "Choose one of the options"),
    Case("experience unknown", "parent", "post", "/p/afsluiting", {"experience": "super"}, 400),
    Case("covered unknown", "parent", "post", "/p/afsluiting", {"covered": "2"}, 400),
    Case("role unknown", "stranger", "post", "/j/{code}", {"language": "nl", "role": "facilitator"}, 400),
    Case("language unknown", "stranger", "post", "/j/{code}", {"language": "xx", "role": "parent"}, 400),
    Case("deck unknown", "stranger", "post", "/start", {"start-deck": "nope", "start-mode": "table",
                                                         "start-role": "professional"}, 400),
    Case("mode unknown", "stranger", "post", "/start", {"start-deck": "praatplaat", "start-mode": "party",
                                                         "start-role": "professional"}, 400),
    Case("start role unknown", "stranger", "post", "/start", {"start-deck": "praatplaat", "start-mode": "table",
                                                               "start-role": "king"}, 400),
    Case("review status unknown", "teacher", "post", "{f_url}terugkijken",
         {"proposal": "{proposal}", "theme": "resultaat", "status": "half"}, 400),
    Case("review proposal unknown", "teacher", "post", "{f_url}terugkijken",
         {"proposal": "x", "theme": "resultaat", "status": "done"}, 409),
    Case("decision proposal unknown", "teacher", "post", "{f_url}t/resultaat",
         {"proposal": "x", "who": "together", "when": "week"}, 409),
    Case("decision who unknown", "teacher", "post", "{f_url}t/resultaat",
         {"proposal": "{proposal}", "who": "boss", "when": "week"}, 400),
    Case("screen view unknown", "teacher", "post", "{f_url}scherm/toon", {"view": "theme:kind"}, 400),
    Case("screen languages three", "teacher", "post", "{f_url}scherm/talen", {"lang": ["nl", "en", "ar"]}, 400),
    Case("screen languages none", "teacher", "post", "{f_url}scherm/talen", {}, 400),
    Case("close a theme not on the agenda", "teacher", "post", "{f_url}t/kind/sluiten", {"closed": "1"}, 404),
    # Empty, whitespace, over-long.
    Case("own theme whitespace", "parent", "post", "/p/themas/eigen", {"own-title": " \t\n "}, 400),
    Case("own theme too long", "parent", "post", "/p/themas/eigen", {"own-title": "t" * 81}, 400, "te lang"),
    Case("typed code whitespace", "stranger", "post", "/code", {"join-code": "   "}, (400, 404)),
    Case("typed code too long", "stranger", "post", "/code", {"join-code": "A" * 21}, 400),
    Case("answer too long", "parent", "post", "/p/t/resultaat/2", {"text": "a" * 1001}, 400, "te lang"),
    Case("answer far too long", "parent", "post", "/p/t/resultaat/2", {"text": "a" * 70_000}, 413),
    Case("goal too long", "parent", "post", "/p/opening", {"text": "ü" * 1001}, 400),
    Case("closing question too long", "parent", "post", "/p/afsluiting", {"question": "q" * 1001}, 400),
    Case("closing tips too long", "parent", "post", "/p/afsluiting", {"tips": "t" * 1001}, 400, "te lang"),
    Case("expectations too long", "parent", "post", "/p/opening", {"expectations": "v" * 1001}, 400, "te lang"),
    Case("what helps too long", "parent", "post", "/p/t/resultaat/4", {"text": "h" * 1001}, 400, "te lang"),
    Case("reachable too long", "teacher", "post", "{f_url}afsluiting", {"text": "r" * 301}, 400,
         "Gebruik hoogstens 300 tekens"),
    Case("reachable far too long", "teacher", "post", "{f_url}afsluiting", {"text": "r" * 70_000}, 413),
    Case("own proposal empty", "parent", "post", "/p/t/resultaat/5", {"choice": "own", "text": "  ", "who": "me",
                                                                      "when": "week"}, 400),
    Case("decision text too long", "teacher", "post", "{f_url}t/resultaat",
         {"proposal": "{proposal}", "text": "d" * 1001, "who": "together", "when": "week"}, 400),
    Case("review note too long", "teacher", "post", "{f_url}terugkijken",
         {"proposal": "{proposal}", "theme": "resultaat", "status": "done", "note": "n" * 1001}, 400),
    Case("nickname too long", "stranger", "post", "/j/{code}", {"language": "nl", "role": "parent",
                                                                 "nickname": "n" * 41}, 400),
    Case("title too long", "stranger", "post", "/start", {"start-deck": "praatplaat", "start-mode": "table",
                                                           "start-title": "t" * 81, "start-role": "professional"},
         400),
    Case("delete without the tick", "teacher", "post", "{f_url}weg", {"sure": ""}, 400),
    # Moderation: approve, hide or refuse, nothing else; Mijn gesprekken: a ref is ten hex digits.
    Case("moderate with an unknown choice", "teacher", "post", "{f_url}antwoord/{answer_id}/scherm",
         {"theme": "resultaat", "show": "ja"}, 400),
    Case("moderate without a choice", "teacher", "post", "{f_url}antwoord/{answer_id}/scherm", {"theme": "resultaat"},
         400),
    Case("moderate with a NUL choice", "teacher", "post", "{f_url}antwoord/{answer_id}/scherm",
         {"theme": "resultaat", "show": "nee\x00"}, 400),
    *(Case(f"refuse answer id {n[:12]} ({len(n)} digits)", "teacher", "post", "{f_url}antwoord/" + n + "/scherm",
           {"theme": "resultaat", "show": "nee"}, 404) for n in BIG[:2]),
    Case("refuse answer id max int4", "teacher", "post", "{f_url}antwoord/2147483647/scherm",
         {"theme": "resultaat", "show": "nee"}, 404),
    *(Case(f"forget ref {label}", "teacher", "post", "/gesprekken/vergeten", {"ref": ref}, 400)
      for label, ref in (("empty", ""), ("too long", "a" * 11), ("too long by far", "a" * 5000), ("NUL", "\x00"),
                         ("upper case", "ABCDEF0123"), ("not hex", "zzzzzzzzzz"), ("Arabic digits", "٠١٢٣٤٥٦٧٨٩"),
                         ("with a newline", "abcdef0123\n"))),
    Case("forget without a ref", "teacher", "post", "/gesprekken/vergeten", {}, 400),
    # Vertalen (issue 12): someone else's words, into another language of the table, not too long.
    Case("translate into the words' own language", "parent_en", "post", "/p/vertalen/{answer_id}",
         {"language": "nl", "text": "Ook sterk"}, 400, "Choose a language."),
    Case("translate into a language nobody reads", "parent_en", "post", "/p/vertalen/{answer_id}",
         {"language": "ar", "text": "x"}, 400),
    Case("translate with a NUL language", "parent_en", "post", "/p/vertalen/{answer_id}",
         {"language": "\x00", "text": "x"}, 400),
    Case("translate empty", "parent_en", "post", "/p/vertalen/{answer_id}", {"language": "en", "text": " "}, 400,
         "Write the translation first."),
    Case("translate too long", "parent_en", "post", "/p/vertalen/{answer_id}", {"language": "en", "text": "t" * 1001},
         400, "Use no more than 1000"),
    Case("translate far too long", "parent_en", "post", "/p/vertalen/{answer_id}",
         {"language": "en", "text": "t" * 70_000}, 413),
    Case("translate one's own words", "parent", "post", "/p/vertalen/{answer_id}", {"language": "en", "text": "x"},
         404),
    *(Case(f"translate answer id {n[:12]} ({len(n)} digits)", "parent_en", "post", "/p/vertalen/" + n,
           {"language": "en", "text": "x"}, 404) for n in BIG),
    Case("translate answer id max int4", "parent_en", "post", "/p/vertalen/2147483647", {"language": "en",
                                                                                       "text": "x"}, 404),
    Case("klopt niet about someone else's words", "parent_en", "post", "/p/vertaling/{answer_id}/en/klopt-niet", {},
         404),
    Case("klopt niet in a language without a translation", "parent", "post",
         "/p/vertaling/{answer_id}/ar/klopt-niet", {}, 404),
    Case("klopt niet with a NUL language", "parent", "post", "/p/vertaling/{answer_id}/%00/klopt-niet", {}, 404),
    *(Case(f"klopt niet answer id {n[:12]} ({len(n)} digits)", "parent", "post", "/p/vertaling/" + n + "/en/klopt-niet",
           {}, 404) for n in BIG[:2]),
    # Broken bodies and headers.
    Case("multipart without boundary", "parent", "post", "/p/t/resultaat/2",
         ("raw", b"csrf_token={csrf}", "multipart/form-data"), 400),
    Case("multipart cut off", "parent", "post", "/p/t/resultaat/2",
         ("raw", f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="text"\r\n\r\nab'.encode(),
          f"multipart/form-data; boundary={BOUNDARY}"), 400),
    Case("latin-1 form", "parent", "post", "/p/t/resultaat/2",
         ("raw", b"csrf_token={csrf}&text=caf%E9", "application/x-www-form-urlencoded; charset=latin-1"),
         400),
    Case("form with no content type", "parent", "post", "/p/t/resultaat/2", ("raw", b"csrf_token={csrf}&text=x",
                                                                             ""), 415),
    Case("XML body", "parent", "post", "/p/t/resultaat/2", ("raw", b"<text>x</text>", "application/xml"), 415),
    Case("JSON in English", "parent_en", "post", "/p/t/resultaat/2", ("json", {"text": "x"}), 415),
    Case("foreign Origin", "parent", "post", "/p/t/resultaat/2", {"text": "x"}, 403),
    Case("PUT a form", "parent", "put", "/p/t/resultaat/2", {"text": "x"}, 405),
    Case("PATCH JSON", "teacher", "patch", "{f_url}agenda", ("json", {"pos-kind": 1}), 415),
]

CASES = generic_cases() + date_cases() + SPECIFIC


def test_the_table_is_big_enough():
    print(f"{len(CASES)} hostile cases per database")
    assert len(CASES) >= 150
    assert len({c.name for c in CASES}) == len(CASES), "case names must be unique"


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def world(request, tmp_path_factory):
    """One conversation with answers, an own theme, a proposal and an agreement, on one database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'praatplaat.sqlite'}"
    else:
        require(bool(POSTGRES_URL), "PostgreSQL (PRAATPLAAT_TEST_POSTGRES_URL)")
        _reset_postgres(POSTGRES_URL)
        url = POSTGRES_URL
    app = make_app(url, JOIN_FAILURES_LIMIT="10000 per minute")
    teacher, parent, parent_en = Phone(app, "teacher"), Phone(app, "parent"), Phone(app, "parent_en")
    stranger = Phone(app, "stranger")
    code, f_url = start(teacher)
    join(parent, code, role="parent", nickname="Ayse")
    join(parent_en, code, role="parent", language="en")
    assert parent.post("/p/themas/eigen", {"own-title": "Huiswerk"}).status_code == 303
    with app.app_context():
        own = db.session.scalar(select(OwnTheme)).key
    set_agenda(teacher, f_url, "resultaat", own)
    answer_theme(teacher, "resultaat", choice="doel", strengths="Sterk")
    answer_theme(parent, "resultaat", choice="doel", strengths="Ook sterk")
    (proposal,) = proposal_cards(parent.get("/p/t/resultaat/samen").get_data(as_text=True))
    assert teacher.post(f_url + "t/resultaat", {"proposal": proposal, "confirmed": "y", "who": "together",
                                                "when": "week"}).status_code == 303
    with app.app_context():
        answer = db.session.scalar(select(Answer).where(Answer.text == "Ook sterk"))
        answer_id, parent_id = answer.id, answer.participant_id
    lead_ref = token_ref(f_url.rstrip("/").rsplit("/", 1)[1])
    stranger.get("/")
    parent_en.get("/p/vertalen")
    assert parent_en.post(f"/p/vertalen/{answer_id}", {"language": "en", "text": "Also strong"}).status_code == 303
    for phone in (teacher, parent, parent_en):
        phone.get("/p/lijst")  # a fresh CSRF token in each
    yield {"app": app, "teacher": teacher, "parent": parent, "parent_en": parent_en, "stranger": stranger,
           "code": code, "f_url": f_url, "own": own, "proposal": proposal, "answer_id": answer_id,
           "parent_id": parent_id, "lead_ref": lead_ref}
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _fill(value, world, token):
    if isinstance(value, str):
        return value.replace("{csrf}", token).format(**world) if "{" in value and "\x00" not in value else value
    if isinstance(value, bytes):
        for key, known in {**world, "csrf": token}.items():
            value = value.replace(b"{%s}" % key.encode(), str(known).encode())
        return value
    if isinstance(value, list):
        return [_fill(v, world, token) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, world, token) for k, v in value.items()}
    return value


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input(world, case):
    app, phone = world["app"], world[case.who]
    token = phone.token or ""
    url = case.url.format(**world)
    kwargs = {}
    if case.name == "foreign Origin":
        kwargs["headers"] = {"Origin": "https://evil.example"}
    before, lead_list = all_rows(app), phone.client.get_cookie(FACILITATOR_COOKIE)
    send = getattr(phone.client, case.method)
    if case.body is None:
        response = send(url)
    elif isinstance(case.body, dict):
        data = _fill(case.body, world, token)
        data.setdefault("csrf_token", token)
        response = send(url, data=data, **kwargs)
    elif case.body[0] == "json":
        response = send(url, data=json.dumps(_fill(case.body[1], world, token)), content_type="application/json",
                        headers={"X-CSRFToken": token})
    else:
        _raw, body, content_type = case.body
        body = _fill(body, world, token)
        response = send(url, data=body, content_type=content_type or None)
    page = response.get_data(as_text=True)
    assert 400 <= response.status_code < 500, (case.name, response.status_code, page[-1500:])
    wanted = case.status if isinstance(case.status, tuple) else (case.status,)
    assert response.status_code in wanted, (case.name, response.status_code, re.sub(r"\s+", " ", page)[-1500:])
    if response.mimetype == "text/html":
        language = "en" if case.who == "parent_en" else "nl"
        assert "<h1" in page and f'lang="{language}"' in page, (case.name, page[:300])
    if case.shows:
        assert case.shows in page, (case.name, re.sub(r"\s+", " ", page)[-1500:])
    assert all_rows(app) == before, case.name  # nothing was stored
    assert phone.client.get_cookie(FACILITATOR_COOKIE) == lead_list, case.name  # Mijn gesprekken as it was
