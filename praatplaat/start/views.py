"""Start page: a new conversation, or join one by typing its code."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, g, make_response, redirect, render_template, session, url_for
from flask_babel import get_locale

from .. import mine, operations
from ..cookies import (
    facilitator_tokens,
    remember_facilitator,
    remember_participant,
    write_facilitator_tokens,
    write_participant_tokens,
)
from ..decks import all_decks
from ..forms import options
from ..join_limit import conversation_for_code, remember_code
from ..labels import REFUSAL
from ..operations import Refused
from .forms import CodeForm, ForgetForm, StartForm

bp = Blueprint("start", __name__)


def _start_form() -> StartForm:
    form = StartForm(prefix="start", deck="praatplaat")
    form.deck.choices = options((d.key, d.title) for d in all_decks().values())
    return form


@bp.route("/")
def index():
    """Nieuw gesprek, or type a code."""
    return render_template("start/index.html", form=_start_form(), code_form=CodeForm(prefix="join"),
                           decks=all_decks())


@bp.route("/start", methods=["POST"])
def start():
    """Start a conversation; the facilitator takes part on this device, or only leads."""
    form = _start_form()
    if not form.validate_on_submit():
        return render_template("start/index.html", form=form, code_form=CodeForm(prefix="join"),
                               decks=all_decks()), 400
    conversation, facilitator_token, participant_token = operations.start_conversation(
        form.deck.data, form.title.data or "", str(get_locale()), current_app.config["JOIN_HOURS"],
        role=form.role.data, mode=form.mode.data, opening=form.opening.data, take_part=form.takes_part(),
        nickname=form.nickname.data or "")
    # This browser may find its way back to the facilitator pages (signed, HttpOnly session cookie).
    session["facilitator"] = {**session.get("facilitator", {}), str(conversation.id): facilitator_token}
    remember_code(conversation.join_code)  # the hall where it starts may join past a guesser's limit
    response = redirect(url_for("facilitator.dashboard", token=facilitator_token, new=1), code=303)
    if participant_token:  # leading only: this browser is no participant (and keeps any it was)
        remember_participant(response, participant_token)
    remember_facilitator(response, facilitator_token)  # for Mijn gesprekken on this laptop
    return response


@bp.route("/code", methods=["POST"])
def code():
    """Join by typing the code; a wrong or closed code is told plainly on the same page."""
    form = CodeForm(prefix="join")
    status = 400
    if form.validate_on_submit():
        try:
            conversation = conversation_for_code(form.code.data)
        except Refused as refused:
            form.code.errors.append(str(REFUSAL[refused.reason]))
            status = refused.status
        else:
            return redirect(url_for("participant.join", code=conversation.join_code), code=303)
    return render_template("start/index.html", form=_start_form(), code_form=form, decks=all_decks()), status


@bp.route("/gesprekken")
def mine_page():
    """Mijn gesprekken: the conversations this phone is in, and the ones started in this browser."""
    lead, lead_keep = mine.as_lead(facilitator_tokens())
    phone, phone_keep = mine.as_phone(g.participant_tokens)
    leading = {item.conversation_id for item in lead}
    response = make_response(render_template(
        "start/mine.html", lead=lead, phone=[item for item in phone if item.conversation_id not in leading],
        form=ForgetForm()))
    # What has ended (deleted, purged, left) drops off the cookies too.
    if lead_keep != facilitator_tokens():
        write_facilitator_tokens(response, lead_keep)
    if phone_keep != g.participant_tokens:
        write_participant_tokens(response, phone_keep)
    return response


@bp.route("/gesprekken/vergeten", methods=["POST"])
def forget():
    """Take one conversation off the list of this browser; the conversation itself is not deleted."""
    form = ForgetForm()
    if not form.validate_on_submit():
        abort(400)
    response = redirect(url_for("start.mine_page"), code=303)
    tokens = facilitator_tokens()
    gone = next((t for t in tokens if mine.token_ref(t) == form.ref.data), None)
    if gone is None:  # not (or no longer) on the list: nothing to do
        return response
    write_facilitator_tokens(response, [t for t in tokens if t != gone])
    # This browser's own answers in it leave the list too (it is not listed again under "Hier doe je mee").
    conversation = operations.conversation_for_facilitator(gone)
    if conversation is not None:
        found = operations.participants_for_tokens(g.participant_tokens)
        write_participant_tokens(response, [t for t in g.participant_tokens
                                            if t not in found or found[t].conversation_id != conversation.id])
    return response
