"""Forms for the gespreksleider."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField
from wtforms.validators import InputRequired, Optional

from .. import labels
from ..forms import MISSING, ChoiceField, DayField, ProposalFields, options, text_field

AGENDA_NUMBER = _l("Dit nummer kan niet. Typ een getal van 1 tot 99, of laat het vak leeg.")


def agenda_number(raw: str) -> int | None:
    """A place on the agenda, 1 to 99, typed in digits. Digits of any script count (an Arabic phone may
    send ٣ for 3); other number signs such as ² or ① do not (None)."""
    if len(raw) > 2 or not raw.isdecimal():  # isdecimal: real digits only, not ² ① ½
        return None
    number = int(raw)  # int() reads the digits of every script
    return number if 1 <= number <= 99 else None


class ActionForm(FlaskForm):
    """A button that only needs the CSRF token."""


class DecisionForm(ProposalFields):
    proposal = HiddenField(validators=[InputRequired(MISSING)])
    confirmed = BooleanField(_l("Dit is een afspraak (ook als nog niet iedereen eens is)"))


LOOKBACK_QUICK = ("6w", "3m", "6m")


class LookbackForm(FlaskForm):
    day = DayField(_l("Datum om samen terug te kijken"), validators=[Optional()], quick=LOOKBACK_QUICK)


class NewRoundForm(FlaskForm):
    """A new round asks when to look back next (may stay empty: then the list says a date will follow)."""

    day = DayField(_l("Wanneer kijken jullie weer samen terug?"), validators=[Optional()],
                   quick=LOOKBACK_QUICK)


class DeleteForm(FlaskForm):
    sure = BooleanField(_l("Ja, haal dit gesprek en alle antwoorden nu weg."),
                        validators=[InputRequired(_l("Zet eerst het vinkje."))])


class ReviewForm(FlaskForm):
    proposal = HiddenField(validators=[InputRequired(MISSING)])
    theme = HiddenField(validators=[InputRequired(MISSING)])
    status = ChoiceField(_l("Hoe ging het?"), choices=options(labels.REVIEW.items()),
                         validators=[InputRequired(_l("Kies hoe het ging."))], invalid=_l("Kies hoe het ging."))
    note = text_field(_l("Wat willen jullie erover zeggen? (mag leeg blijven)"))


class ReachableForm(FlaskForm):
    text = text_field(_l("Wanneer en hoe ben ik bereikbaar?"), "REACHABLE_MAX")
