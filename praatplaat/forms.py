"""Form pieces shared by the blueprints: text cleaning, choice fields, the proposal fields."""

from __future__ import annotations

import re
import unicodedata

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectMultipleField, StringField, TextAreaField, widgets
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional, ValidationError

from . import i18n, labels
from .days import DayField
from .vocabulary import ROLES, When, Who, who_for

# Control characters and bidi overrides (which can make text look like something else); newlines and
# tabs stay, and so do emoji, every script, and the bidi marks that real right-to-left writing uses.
_UNWANTED = re.compile("[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]")


def clean_text(value: str | None) -> str:
    """Normalise to NFC, drop control characters, unify newlines, trim."""
    if not value:
        return ""
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    return _UNWANTED.sub("", value).strip()


class TextLimit:
    """Length limit read from the configuration (TEXT_MAX, NAME_MAX, TITLE_MAX), with a plain message."""

    def __init__(self, setting: str) -> None:
        self.setting = setting

    def __call__(self, form, field) -> None:
        limit = current_app.config[self.setting]
        if field.data and len(field.data) > limit:
            raise ValidationError(ngettext("Dit is te lang. Gebruik hoogstens %(num)s teken.",
                                           "Dit is te lang. Gebruik hoogstens %(num)s tekens.", limit))


CHOOSE = _l("Kies een van de mogelijkheden.")
MISSING = _l("Er ontbreekt iets. Probeer het nog eens.")


class ChoiceField(RadioField):
    """A radio group whose "not a choice" message is ours (plain, in every catalog), not WTForms'."""

    def __init__(self, label=None, validators=None, invalid=CHOOSE, **kwargs) -> None:
        super().__init__(label, validators, **kwargs)
        self.invalid = invalid

    def pre_validate(self, form) -> None:
        if self.data not in (None, "") and self.data not in {c.value for c in self.choices}:
            raise ValidationError(str(self.invalid))


class ChoicesField(SelectMultipleField):
    """Check boxes; a value that is not one of them is refused with our message (not WTForms')."""

    def __init__(self, label=None, validators=None, invalid=CHOOSE, **kwargs) -> None:
        super().__init__(label, validators, option_widget=widgets.CheckboxInput(),
                         widget=widgets.ListWidget(prefix_label=False), **kwargs)
        self.invalid = invalid

    def pre_validate(self, form) -> None:
        if any(value not in self.values() for value in self.data or []):
            raise ValidationError(str(self.invalid))

    def values(self) -> list[str]:
        return [c.value if isinstance(c, SelectChoice) else c[0] for c in self.choices or []]

    def chosen(self) -> list[str]:
        """The ticked values in the order they are offered (whatever order the form sent them in)."""
        ticked = set(self.data or ())
        return [value for value in self.values() if value in ticked]


def text_field(label, setting: str = "TEXT_MAX", area: bool = True):
    field = TextAreaField if area else StringField
    return field(label, filters=[clean_text], validators=[Optional(), TextLimit(setting)])


def options(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


def who_choices(people, me=None) -> list[SelectChoice]:
    """*Wie doet het?*: samen, ik (when `me` asks), each role at the table with the names given, iemand anders.

    `people` are the conversation's participants. A role only `me` has is left out: that is "ik". The tolk is
    never offered (not one of ROLES): a tolk translates at the table and takes on no tasks of the plan.
    """
    by_role: dict[str, list] = {}
    for person in people:
        if person.role in ROLES:
            by_role.setdefault(person.role, []).append(person)
    pairs = [(Who.TOGETHER, labels.WHO[Who.TOGETHER])] + ([(Who.ME, labels.WHO[Who.ME])] if me else [])
    for role, members in by_role.items():
        if me and all(m.id == me.id for m in members):
            continue
        names = list(dict.fromkeys(m.nickname for m in members if m.nickname))
        label = labels.ROLE[role]
        pairs.append((who_for(role), f"{label} ({i18n.format_list(names)})" if names else label))
    return options(pairs + [(Who.SOMEONE, labels.WHO[Who.SOMEONE])])


WHO_NOT_HERE = _l("Die persoon doet niet mee aan dit gesprek. Kies wie het doet.")


class ProposalFields(FlaskForm):
    """Wat / wie / wanneer, as in "Wat spreken we af?"."""

    text = text_field(_l("Of schrijf zelf een afspraak"))
    # Its choices depend on who is at the table: the view sets them (forms.who_choices) before validating.
    who = ChoiceField(_l("Wie doet het?"), choices=[], default=Who.TOGETHER, invalid=WHO_NOT_HERE,
                      validators=[InputRequired(CHOOSE)])
    when = ChoiceField(_l("Wanneer?"), choices=options(labels.WHEN.items()), default=When.NEXT,
                       validators=[InputRequired(CHOOSE)])
    when_date = DayField(_l("Datum"), validators=[Optional()])

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.when.data != When.DATE:  # the date lists count only with "Op een datum"
            self.when_date.errors, self.when_date.data = [], None
            return not self.errors
        # Checked here, not as an inline validator: Optional() on the date field stops those.
        if not self.when_date.data and not self.when_date.errors:
            self.when_date.errors = [str(_l("Kies een datum."))]
            return False
        return valid


class ScaleField(ChoiceField):
    def __init__(self, label, **kwargs) -> None:
        super().__init__(label, choices=options(labels.SCALE.items()), invalid=_l("Kies een plaatje."), **kwargs)

