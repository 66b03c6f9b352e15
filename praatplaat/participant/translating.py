"""Vertalen (issue 12): the tolk's main screen, and anyone's at a table who reads two languages: someone's written
words with the languages of the table they are not in yet, a form to translate each; the writer's "klopt niet"."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, g, redirect, render_template, url_for

from .. import operations, results, translatable
from ..forms import options
from ..operations import Refused
from ..templating import language_in_reader_language
from ..vocabulary import OPENING, Mode
from . import forms
from .views import bp, participant_required


@dataclass
class Row:
    """One text on the screen with its form: the language chosen and the words in the box."""

    item: translatable.ToTranslate
    language: str
    text: str
    form: forms.TranslateForm | None = None  # a form sent back with errors


def _texts() -> tuple[list, list[translatable.ToTranslate]]:
    conversation = g.participant.conversation
    if conversation.mode == Mode.EVENING:  # anonymous words, read by the facilitator first: no translating here
        abort(404)
    themes = [theme for theme, _closed in results.agenda_themes(conversation)]
    return themes, translatable.texts(conversation, [t.key for t in themes], but_not=g.participant.id)


def _row(item: translatable.ToTranslate, form: forms.TranslateForm | None = None) -> Row:
    if form is not None:
        return Row(item, form.language.data or "", form.text.data or "", form)
    language = (item.missing or item.targets or ("",))[0]  # the first language still missing
    done = item.translation(language)
    return Row(item, language, done.text if done else "")


def _page(themes, items, failed: tuple[int, forms.TranslateForm] | None = None, status: int = 200):
    rows = [_row(i, failed[1] if failed and failed[0] == i.answer_id else None) for i in items]
    groups = [(None, [r for r in rows if r.item.theme_key == OPENING])]
    groups += [(theme, [r for r in rows if r.item.theme_key == theme.key]) for theme in themes]
    return render_template("participant/translate.html", groups=[(t, rs) for t, rs in groups if rs],
                           count=len(rows), form=forms.TranslateForm(), missing=sum(bool(r.item.missing) for r in rows),
                           ), status


@bp.route("/p/vertalen")
@participant_required
def translate():
    """Everything written at this table that someone can translate, theme by theme."""
    return _page(*_texts())


@bp.route("/p/vertalen/<int:answer_id>", methods=["POST"])
@participant_required
def save_translation(answer_id: int):
    """Save one translation (again: it replaces the one in that language)."""
    themes, items = _texts()
    item = next((i for i in items if i.answer_id == answer_id), None)
    if item is None:
        raise Refused("unknown_answer", 404)
    form = forms.TranslateForm()
    form.language.choices = options((code, language_in_reader_language(code)) for code in item.targets)
    if form.validate_on_submit():
        operations.translate(g.participant, answer_id, form.language.data, form.text.data)
        return redirect(url_for("participant.translate") + f"#t-{answer_id}", code=303)
    return _page(themes, items, (answer_id, form), 400)


@bp.route("/p/vertaling/<int:answer_id>/<language>/klopt-niet", methods=["POST"])
@participant_required
def dispute(answer_id: int, language: str):
    """The writer says the translation of their words into `language` is not right."""
    form = forms.FlaskForm()
    if not form.validate_on_submit():
        abort(400)
    key = operations.dispute_translation(g.participant, answer_id, language)
    if key == OPENING:
        return redirect(url_for("participant.opening"), code=303)
    return redirect(url_for("participant.together", key=key), code=303)
