"""Forms on the start page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, StringField
from wtforms.validators import InputRequired, Length, Optional, Regexp

from .. import labels
from ..forms import CHOOSE, ChoiceField, clean_text, options, text_field
from ..vocabulary import ROLES, Mode, Role


class StartForm(FlaskForm):
    deck = ChoiceField(_l("Kaartset"), validators=[InputRequired(_l("Kies een kaartset."))],
                       invalid=_l("Kies een kaartset."))
    mode = ChoiceField(_l("Soort gesprek"), choices=options(labels.MODE.items()), default=Mode.TABLE,
                       validators=[InputRequired(CHOOSE)])
    opening = BooleanField(_l("Begin met een opening: welkom, en wat is het doel van het gesprek?"))
    title = text_field(_l("Titel van het gesprek (mag leeg blijven)"), "TITLE_MAX", area=False)
    # Left empty: at the table the facilitator takes part, at a parent evening they only lead.
    take_part = ChoiceField(_l("Doe jij zelf mee?"), validators=[Optional()], choices=options([
        ("yes", _l("Ja, ik doe mee op dit apparaat. Ik geef ook antwoorden en kies mee.")),
        ("no", _l("Nee, ik leid alleen het gesprek. Doe ik toch mee? Dan op mijn eigen telefoon."))]))
    role = ChoiceField(_l("Jouw rol"), choices=options((r, labels.ROLE[r]) for r in ROLES), default=Role.PROFESSIONAL,
                       validators=[InputRequired(CHOOSE)])
    nickname = text_field(_l("Jouw naam voor de anderen (mag leeg blijven)"), "NAME_MAX", area=False)

    def takes_part(self) -> bool:
        """Whether the person starting takes part on this device (empty: yes at the table, no at an evening)."""
        if self.take_part.data in ("yes", "no"):
            return self.take_part.data == "yes"
        return self.mode.data != Mode.EVENING


class CodeForm(FlaskForm):
    code = StringField(_l("Code"), filters=[clean_text], validators=[
        InputRequired(_l("Typ de code.")), Length(max=20, message=_l("Deze code is te lang."))])


class ForgetForm(FlaskForm):
    """Take a conversation off this browser's list (the conversation itself stays)."""

    ref = HiddenField(validators=[InputRequired(), Regexp(r"[0-9a-f]{10}\Z")])
