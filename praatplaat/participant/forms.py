"""Forms on the phones."""

from __future__ import annotations

import secrets
from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import InputRequired, Length, Optional, Regexp

from .. import labels
from ..decks import Sentence
from ..forms import MISSING, ChoiceField, ChoicesField, ProposalFields, ScaleField, options, text_field
from ..vocabulary import ROLES, Question, When


class JoinForm(FlaskForm):
    # One id per join form, so a double-tapped "Meedoen" adds one participant.
    submission = HiddenField(default=lambda: secrets.token_urlsafe(16),
                             validators=[Length(max=40), Regexp(r"^[A-Za-z0-9_-]*$", message=MISSING)])
    language = ChoiceField(_l("Taal"), validators=[InputRequired(_l("Kies een taal."))],
                           invalid=_l("Kies een taal."))
    role = ChoiceField(_l("Wie ben jij in dit gesprek?"), choices=options((r, labels.ROLE[r]) for r in ROLES),
                      validators=[InputRequired(_l("Kies een rol."))], invalid=_l("Kies een rol."))
    nickname = text_field(_l("Je voornaam of een bijnaam (mag leeg blijven)"), "NAME_MAX", area=False)


class PicksForm(FlaskForm):
    themes = ChoicesField(_l("Welke thema's vind jij belangrijk?"))


class OwnThemeForm(FlaskForm):
    title = text_field(_l("Eigen thema: waar wil jij over praten?"), "TITLE_MAX", area=False)


class ScaleForm(FlaskForm):
    scale = ScaleField(_l("Hoe zit dat bij ons?"), validators=[InputRequired(_l("Kies een plaatje."))])
    text = text_field(_l("Wil je iets uitleggen? (mag leeg blijven)"))

    def answer(self) -> dict:
        return {"scale": self.scale.data, "text": self.text.data or ""}


class TextForm(FlaskForm):
    """Wat gaat goed, wat kan beter, wat helpt: ready sentences to tap (when the deck has them), own words below."""

    sentences = ChoicesField(_l("Tik aan wat past. Je mag er meer kiezen."),
                             invalid=_l("Kies alleen zinnen uit de lijst."))
    text = text_field(_l("Jouw antwoord (mag leeg blijven)"))

    def offer(self, sentences: Sequence[Sentence], role: str, saved=None) -> None:
        """Check boxes for the deck's sentences, in the reader's words; `saved`: the answer, to show it again."""
        self.sentences.choices = options((s.key, s.wording(role)) for s in sentences)
        if saved is not None:
            self.sentences.data = saved.sentences.split()
        if sentences:
            self.text.label.text = _l("Of schrijf het zelf (mag leeg blijven)")

    def answer(self) -> dict:
        """What to store: the ticked sentences' keys in the order offered, and the own words."""
        return {"sentences": self.sentences.chosen(), "text": self.text.data or ""}


class ProposalForm(ProposalFields):
    choice = ChoiceField(_l("Kies een voorstel of schrijf zelf iets"), validators=[Optional()],
                         invalid=_l("Kies een voorstel, of schrijf zelf een afspraak."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.choice.data == "own" and not self.text.data and not self.text.errors:
            self.text.errors = [str(_l("Schrijf je eigen afspraak, of kies een voorstel."))]
            return False
        return valid


class VoteForm(FlaskForm):
    proposal = HiddenField(validators=[InputRequired(MISSING)])
    agree = ChoiceField(choices=options([("yes", _l("Eens")), ("no", _l("Nog niet"))]),
                        validators=[InputRequired(MISSING)])


class GoalForm(FlaskForm):
    text = text_field(_l("Wat is voor jou het doel van dit gesprek?"))
    expectations = text_field(_l("Wat verwachten we van elkaar? (mag leeg blijven)"))


class ClosingForm(FlaskForm):
    experience = ChoiceField(_l("Hoe heb je dit gesprek ervaren?"),
                            choices=options(labels.EXPERIENCE.items()), validators=[Optional()])
    covered = ChoiceField(_l("Hebben we alles kunnen bespreken?"),
                         choices=options(labels.COVERED.items()), validators=[Optional()])
    question = text_field(_l("Heb je nog een vraag? (mag leeg blijven)"))
    tips = text_field(_l("De professional vraagt: heb je tips voor mij? (mag leeg blijven)"))


class TranslateForm(FlaskForm):
    """Vertalen: someone's words in another language of the table (the languages are set per text)."""

    language = ChoiceField(_l("In welke taal?"), validators=[InputRequired(_l("Kies een taal."))],
                           invalid=_l("Kies een taal."))
    text = text_field(_l("De vertaling"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not self.text.data and not self.text.errors:
            self.text.errors = [str(_l("Schrijf eerst de vertaling."))]
            return False
        return valid


QUESTION_FORMS = {Question.SCALE: ScaleForm, Question.STRENGTHS: TextForm, Question.IDEAS: TextForm,
                  Question.HELPS: TextForm, Question.PROPOSAL: ProposalForm}


def answer_fields(name: str, form) -> dict:
    """What `operations.save_answer` stores from a question's form."""
    if name == Question.PROPOSAL:
        # Own words, when typed, are the proposal (without a script a chosen suggestion cannot be unticked).
        own = form.choice.data in ("own", None, "") or bool(form.text.data)
        return {"template": None if own else form.choice.data, "text": (form.text.data or "") if own else "",
                "who": form.who.data, "when": form.when.data,
                "when_date": form.when_date.data if form.when.data == When.DATE else None}
    return form.answer()  # the scale, or the ready sentences tapped and the own words
