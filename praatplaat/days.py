"""Dates as people enter them: a few quick choices ("over 6 weken") and day / month / year lists, in the
reader's language and in the order their language writes a date. Never the browser's date box, which shows
the American "mm/dd/yyyy" in every language.

`DayField` reads what was chosen (or a YYYY-MM-DD value, as a program or an older page sends it), says in
plain words what is wrong with it, and keeps what the person chose so the form shows it again.
`DayField.picker()` gives the template what it needs to draw the lists (`_macros.html`, `day_picker`).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from babel.dates import format_date, format_skeleton, get_date_format, get_month_names
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import Field
from wtforms.utils import unset_value
from wtforms.validators import ValidationError

from .i18n import format_locale, one_full_stop

PARTS = ("day", "month", "year")
OTHER = "date"  # the quick choice "Een andere datum": the day / month / year lists count


@dataclass(frozen=True)
class Quick:
    """A quick choice: a period from today."""

    code: str
    label: object  # a lazy string
    weeks: int = 0
    months: int = 0

    def day(self, today: date) -> date:
        return add_months(today, self.months) + timedelta(weeks=self.weeks)


QUICK = {q.code: q for q in (
    Quick("2w", _l("Over 2 weken"), weeks=2),
    Quick("6w", _l("Over 6 weken"), weeks=6),
    Quick("1m", _l("Over een maand"), months=1),
    Quick("3m", _l("Over 3 maanden"), months=3),
    Quick("6m", _l("Over een half jaar"), months=6),
)}


def add_months(day: date, months: int) -> date:
    """The same day some months later; the 31st becomes the last day of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def today() -> date:
    return datetime.now(UTC).date()


def date_window(now: date | None = None) -> tuple[date, date]:
    """The dates a form takes: from one year back to two years ahead (no year 9999, no year 1)."""
    now = now or today()
    return now - timedelta(days=366), now + timedelta(days=2 * 366)


def part_order(locale: str) -> tuple[str, ...]:
    """Day, month and year in the order the language writes a date (Babel's long format): nl "d MMMM y" gives
    day, month, year; en "MMMM d, y" gives month, day, year."""
    pattern = re.sub(r"'[^']*'", "", get_date_format("long", locale=locale).pattern)
    found = {part: pattern.find(letter) for part, letter in (("day", "d"), ("month", "M"), ("year", "y"))}
    if found["month"] < 0:
        found["month"] = pattern.find("L")
    if min(found.values()) < 0:
        return PARTS
    return tuple(sorted(PARTS, key=found.__getitem__))


def _number(raw: str, low: int, high: int) -> int:
    """A number from a list: ASCII digits only (strptime and int() would read ２ or ٢ as 2)."""
    raw = raw.strip()
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 4) or not low <= int(raw) <= high:
        raise ValueError(str(_l("Kies een datum.")))
    return int(raw)


def read_day(entered: dict[str, str], iso: str, now: date) -> date | None:
    """The date a person chose: a quick choice, else the three lists, else a YYYY-MM-DD value."""
    quick = entered.get("quick", "").strip()
    if quick and quick != OTHER:
        if quick not in QUICK:
            raise ValueError(str(_l("Kies een van de mogelijkheden.")))
        return QUICK[quick].day(now)
    if any(entered.get(part, "").strip() for part in PARTS):
        if not all(entered.get(part, "").strip() for part in PARTS):
            raise ValueError(str(_l("Kies een dag, een maand en een jaar.")))
        day, month, year = (_number(entered[part], 1, high) for part, high in zip(PARTS, (31, 12, 9999), strict=True))
        if day > calendar.monthrange(year, month)[1]:
            month_name = format_skeleton("yMMMM", date(year, month, 1), locale=format_locale())
            raise ValueError(_("Die dag bestaat niet in %(month)s. Kies een andere dag.", month=month_name))
        return date(year, month, day)
    if iso.strip():
        if not iso.isascii():
            raise ValueError(str(_l("Kies een datum.")))
        try:
            return datetime.strptime(iso.strip(), "%Y-%m-%d").date()
        except ValueError as error:
            raise ValueError(str(_l("Kies een datum."))) from error
    return None


@dataclass(frozen=True)
class Picker:
    """What the template draws: quick choices (with their dates), then the lists in the reader's order."""

    name: str
    quick: tuple[tuple[str, str, str, str], ...]  # (code, label, the date in words, YYYY-MM-DD)
    chosen_quick: str
    order: tuple[str, ...]
    options: dict[str, list[tuple[str, str]]]
    chosen: dict[str, str]


class DayField(Field):
    """A date from quick choices and day / month / year lists (names `<name>-quick`, `<name>-day`,
    `<name>-month`, `<name>-year`), or a YYYY-MM-DD value under its own name; inside `date_window`."""

    def __init__(self, label=None, validators=None, quick: tuple[str, ...] = (), **kwargs) -> None:
        super().__init__(label, validators, **kwargs)
        self.quick = quick
        self.entered: dict[str, str] = {}
        self.iso = ""

    def process(self, formdata, data=unset_value, extra_filters=None) -> None:
        self._formdata = formdata
        super().process(formdata, data, extra_filters)

    def process_formdata(self, valuelist) -> None:
        form = self._formdata
        self.entered = {part: form.get(f"{self.name}-{part}", "") for part in (*PARTS, "quick")}
        iso = self.iso = valuelist[0] if valuelist else ""
        # What counts as "something was entered" for Optional(): "Een andere datum" with empty lists is nothing.
        self.raw_data = [v for k, v in self.entered.items() if v.strip() and (k, v) != ("quick", OTHER)]
        self.raw_data += [iso] if iso.strip() else []
        self.data = None
        self.data = read_day(self.entered, iso, today())

    def pre_validate(self, form) -> None:
        first, last = date_window()
        if self.data is not None and not first <= self.data <= last:
            raise ValidationError(one_full_stop(_("Deze datum kan niet. Kies een datum tussen %(first)s en %(last)s.",
                                                  first=format_date(first, "long", locale=format_locale()),
                                                  last=format_date(last, "long", locale=format_locale()))))

    def _value(self) -> str:
        return self.data.isoformat() if isinstance(self.data, date) else ""

    def picker(self, value: date | None = None, keep: bool = True) -> Picker:
        """The lists, with what the person chose (when `keep` and the form was sent) or else `value` (default:
        the field's date) selected."""
        locale, now = format_locale(), today()
        value = value if value is not None else (self.data if isinstance(self.data, date) else None)
        if keep and any(v.strip() for v in self.entered.values()):
            chosen, chosen_quick = dict(self.entered), self.entered.get("quick", "")
        elif keep and self.iso.strip():  # a YYYY-MM-DD value: shown in the lists
            parts = self.iso.strip().split("-")
            chosen = dict(zip(("year", "month", "day"), (p.lstrip("0") for p in parts), strict=False))
            chosen_quick = OTHER
        elif value is not None:
            chosen = {"day": str(value.day), "month": str(value.month), "year": str(value.year)}
            chosen_quick = OTHER
        else:
            chosen, chosen_quick = {}, ""
        first, last = date_window(now)
        years = list(range(first.year, last.year + 1))
        # A year outside the window stays visible (chosen, with the message that says why it cannot be).
        shown = chosen.get("year", "")
        if shown.isascii() and shown.isdigit() and len(shown) <= 4 and int(shown) > 0:
            years = sorted({*years, int(shown)})
        months = get_month_names("wide", context="stand-alone", locale=locale)
        options = {"day": [(str(n), str(n)) for n in range(1, 32)],
                   "month": [(str(n), months[n]) for n in range(1, 13)],
                   "year": [(str(y), str(y)) for y in years]}
        quick = tuple((code, str(QUICK[code].label), format_date(QUICK[code].day(now), "long", locale=locale),
                       QUICK[code].day(now).isoformat()) for code in self.quick)
        return Picker(self.name, quick, chosen_quick, part_order(locale), options, chosen)
