"""The gespreksleider's list pages: the afsprakenlijst and its files, the look-back date, looking back, a new round.

They register on the facilitator blueprint (`views.bp`), behind the same secret link.
"""

from __future__ import annotations

import json

from flask import abort, g, redirect, render_template, request, url_for
from flask_babel import get_locale

from .. import exports, listview, operations, results
from ..listing import render_bilingual, render_text
from . import forms
from .views import _back, bp, dashboard


@bp.route("/terugblik", methods=["POST"])
def lookback():
    """Plan the date to look back together."""
    form = forms.LookbackForm()
    if not form.validate_on_submit():
        if not form.day.errors:
            abort(400)  # no CSRF token: the error page says so
        return dashboard(lookback_form=form), 400
    operations.set_lookback(g.conversation, form.day.data)
    return _back("#list")


@bp.route("/lijst")
def agreement_list():
    """The afsprakenlijst for the facilitator (and to print)."""
    return render_template("facilitator/list.html", lijst=listview.afsprakenlijst(g.conversation),
                           ics_url=url_for("facilitator.lookback_ics"))


@bp.route("/lijst/tweetalig")
def bilingual_list():
    """Any language of this conversation beside Dutch, for the file or to hand to a parent."""
    code = request.args.get("taal", "")
    if code not in {p.language for p in g.conversation.participants}:
        abort(404)
    return render_bilingual(listview.afsprakenlijst(g.conversation), [code, "nl"])


@bp.route("/lijst.txt")
def agreement_text():
    """The afsprakenlijst as plain text."""
    return render_text(listview.afsprakenlijst(g.conversation))


@bp.route("/export.json")
def export_json():
    """The whole conversation as JSON (schema in README)."""
    data = exports.as_json(listview.afsprakenlijst(g.conversation))
    return json.dumps(data, ensure_ascii=False, indent=2), 200, {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": 'attachment; filename="afsprakenlijst.json"'}


@bp.route("/terugblik.ics")
def lookback_ics():
    """A calendar file for the look-back date."""
    return exports.ics_response(g.conversation, operations.utcnow())


@bp.route("/terugkijken", methods=["GET", "POST"])
def look_back(round_form: forms.NewRoundForm | None = None):
    """Terugblik: at a later meeting, say per agreement how it went; then start a new round."""
    form = forms.ReviewForm()
    if round_form is None and form.validate_on_submit():
        valid = {p.key: key for key, r in results.all_results(g.conversation).items() for p in r.agreements}
        if valid.get(form.proposal.data) != form.theme.data:
            raise operations.Refused("unknown_proposal", 409)
        operations.review(g.conversation, form.theme.data, form.proposal.data, form.status.data,
                          form.note.data or "", str(get_locale()))
        return redirect(url_for("facilitator.look_back") + f"#p-{form.proposal.data}", code=303)
    refused = bool(round_form.errors) if round_form is not None else bool(form.errors)
    return render_template("facilitator/look_back.html", form=form, action=forms.ActionForm(),
                           round_form=round_form or forms.NewRoundForm(),
                           lijst=listview.afsprakenlijst(g.conversation)), 400 if refused else 200


@bp.route("/nieuwe-ronde", methods=["POST"])
def new_round():
    """Keep this round as history (with its look-back date) and start a new round with the same people,
    with the next look-back date if one was chosen."""
    form = forms.NewRoundForm()
    if not form.validate_on_submit():
        if not form.day.errors:
            abort(400)
        return look_back(round_form=form)
    lijst = listview.afsprakenlijst(g.conversation)
    operations.new_round(g.conversation, json.dumps(exports.as_json(lijst, with_history=False), ensure_ascii=False),
                         form.day.data)
    return _back("#agenda")
