"""The gespreksleider's pages, reached only with the secret link /f/<token>."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, session, url_for
from flask_babel import get_locale

from .. import i18n, listview, operations, results, retention
from ..cookies import participant_in
from ..errors import render_error
from ..forms import options, who_choices
from ..polling import version_response
from ..qr import qr_svg
from ..retention import keep_until
from ..security import external_url
from ..untranslated import untranslated
from ..vocabulary import Mode, ScreenView, When
from ..vocabulary import screen_languages as screen_languages_of
from . import forms, people, screenfit

bp = Blueprint("facilitator", __name__, url_prefix="/f/<token>")
people.init(bp)


@bp.url_value_preprocessor
def find_conversation(_endpoint, values) -> None:
    token = values.pop("token")
    g.conversation = operations.conversation_for_facilitator(token)
    if g.conversation is None:
        abort(404)
    g.facilitator_token = token
    participant_in(g.conversation.id)  # "Mijn antwoorden" leads to this conversation on a laptop with several


@bp.url_defaults
def keep_token(_endpoint, values) -> None:
    if "token" not in values and g.get("facilitator_token"):
        values["token"] = g.facilitator_token


def _back(anchor: str = ""):
    return redirect(url_for("facilitator.dashboard") + anchor, code=303)


@bp.route("/")
def dashboard(delete_form: forms.DeleteForm | None = None, lookback_form: forms.LookbackForm | None = None):
    """Everything the facilitator needs: join code, who is here, the agenda, the themes, the list."""
    conversation = g.conversation
    join_url = external_url("participant.join", code=conversation.join_code)
    return render_template(
        "facilitator/dashboard.html", conversation=conversation, join_url=join_url,
        qr=qr_svg(join_url, join_url), new=request.args.get("new"),
        secret_url=external_url("facilitator.dashboard"),
        themes=results.themes_of(conversation), picks=results.picks_by_theme(conversation),
        agenda=results.agenda_themes(conversation), positions={i.theme_key: i.position for i in conversation.agenda},
        action=forms.ActionForm(), lookback_form=lookback_form or forms.LookbackForm(day=conversation.lookback_on),
        delete_form=delete_form or forms.DeleteForm(), delete_after=keep_until(conversation),
        goals=results.goals(conversation) if conversation.opening else [],
        expectations=results.expectations(conversation) if conversation.opening else [],
        screen_langs=screen_languages_of(conversation.screen_languages), untranslated=untranslated(conversation))


@bp.route("/agenda", methods=["POST"])
def agenda():
    """Set which themes are discussed and in what order (number fields; empty = not on the agenda)."""
    if not forms.ActionForm().validate_on_submit():
        abort(400)
    chosen = []
    for theme in results.themes_of(g.conversation):
        raw = request.form.get(f"pos-{theme.key}", "").strip()
        if raw:
            position = forms.agenda_number(raw)
            if position is None:
                return render_error(400, str(forms.AGENDA_NUMBER))
            chosen.append((position, theme.key))
        elif request.form.get(f"on-{theme.key}"):
            chosen.append((99, theme.key))
    operations.set_agenda(g.conversation, [key for _pos, key in sorted(chosen)])
    return _back("#agenda")


@bp.route("/t/<key>/sluiten", methods=["POST"])
def close_theme(key: str):
    """Close a theme (answers are then fixed) or open it again."""
    if not forms.ActionForm().validate_on_submit():
        abort(400)
    operations.close_theme(g.conversation, key, request.form.get("closed") == "1")
    return redirect(request.form.get("back") == "theme" and url_for("facilitator.theme", key=key)
                    or url_for("facilitator.dashboard") + "#themes", code=303)


@bp.route("/t/<key>", methods=["GET", "POST"])
def theme(key: str):
    """The merged view of one theme, with the power to confirm or change a proposal."""
    item = operations.agenda_item(g.conversation, key)
    the_theme = results.theme_of(g.conversation, key)
    if item is None or the_theme is None:
        abort(404)
    result = listview.theme_summary(g.conversation, the_theme, item.closed)
    form = forms.DecisionForm()
    offered = who_choices(g.conversation.participants)  # no "ik": the facilitator decides for the table
    chosen = next((p for p in result.proposals if p.key == form.proposal.data), None)
    keep = chosen and chosen.who not in {c.value for c in offered}  # what a proposal already says stays possible
    form.who.choices = offered + (options([(chosen.who, chosen.who_text)]) if keep else [])
    if form.validate_on_submit():
        if form.proposal.data not in {p.key for p in result.proposals}:
            raise operations.Refused("unknown_proposal", 409)
        operations.decide(g.conversation, key, form.proposal.data, confirmed=form.confirmed.data,
                          text=form.text.data or "", language=str(get_locale()), who=form.who.data,
                          when=form.when.data, when_date=form.when_date.data if form.when.data == When.DATE else None)
        return redirect(url_for("facilitator.theme", key=key) + f"#p-{form.proposal.data}", code=303)
    evening = g.conversation.mode == Mode.EVENING
    texts = results.free_texts(g.conversation, key) if evening else []
    return render_template("facilitator/theme.html", theme=the_theme, result=result, closed=item.closed,
                           evening=evening,
                           texts=texts, public_texts=[(a, p) for a, p in texts if a.approved],
                           notes=results.scale_notes(g.conversation, key), action=forms.ActionForm(),
                           form=form, who_offered=offered, me=people.me()), 400 if form.errors else 200


@bp.route("/deelname", methods=["POST"])
def joining():
    """Close joining, or open it again with a new code."""
    if not forms.ActionForm().validate_on_submit():
        abort(400)
    operations.set_joining(g.conversation, request.form.get("open") == "1", current_app.config["JOIN_HOURS"])
    return _back("#join")




@bp.route("/weg", methods=["POST"])
def delete():
    """Delete the whole conversation now."""
    form = forms.DeleteForm()
    if not form.validate_on_submit():
        return dashboard(form), 400
    conversation_id = str(g.conversation.id)
    retention.delete_conversation(g.conversation)
    session.get("facilitator", {}).pop(conversation_id, None)
    session.modified = True
    g.participant = None
    return render_template("facilitator/deleted.html")


@bp.route("/scherm")
def screen():
    """The shared screen for a projector: large type, counts never names, approved words only."""
    conversation = g.conversation
    join_url = external_url("participant.join", code=conversation.join_code)
    view = conversation.screen
    context = {"conversation": conversation, "view": view, "join_url": join_url,
               "joined": results.joined(conversation),
               "screen_langs": screen_languages_of(conversation.screen_languages)}
    if view == ScreenView.JOIN:
        context["qr"] = qr_svg(join_url, join_url)
    elif view == ScreenView.THEMES:
        counts = results.pick_counts(conversation)  # most picked first
        context.update(counts=counts[:screenfit.THEMES], more_themes=len(counts[screenfit.THEMES:]))
    elif view.startswith("theme:"):
        key = view.removeprefix("theme:")
        theme, item = results.theme_of(conversation, key), operations.agenda_item(conversation, key)
        if theme is not None:
            summary = listview.theme_summary(conversation, theme, bool(item and item.closed))
            newest = [answer for answer, _person in results.free_texts(conversation, key, approved_only=True)][::-1]
            proposals = sorted(summary.proposals, key=lambda p: -len(p.agree))  # stable: most eens first
            context.update(theme=theme, result=summary, shown=screenfit.fit_theme(
                theme.title, newest, proposals, len(context["screen_langs"]) > 1))
    return render_template("facilitator/screen.html", text_chars=screenfit.TEXT_CHARS, **context)


@bp.route("/scherm/stand")
def screen_state():
    """Polled by the shared screen: 304 while nothing it shows has changed."""
    return version_response(g.conversation.version)


@bp.route("/scherm/toon", methods=["POST"])
def screen_show():
    """Choose what the shared screen shows (or blank it)."""
    if not forms.ActionForm().validate_on_submit():
        abort(400)
    operations.set_screen(g.conversation, request.form.get("view", ""))
    return _back("#screen")


@bp.route("/scherm/talen", methods=["POST"])
def screen_languages():
    """One or two languages for the shared screen."""
    if not forms.ActionForm().validate_on_submit():
        abort(400)
    codes = [c for c in request.form.getlist("lang") if i18n.valid(c)]
    if not 1 <= len(codes) <= 2:
        abort(400)
    operations.set_screen_languages(g.conversation, codes)
    return _back("#screen")


@bp.route("/antwoord/<int:answer_id>/scherm", methods=["POST"])
def moderate(answer_id: int):
    """Approve a written answer for the shared screen, hide it again, or refuse it (show=nee)."""
    show = request.form.get("show", "")
    if not forms.ActionForm().validate_on_submit() or show not in ("1", "0", "nee"):
        abort(400)
    answer_key = request.form.get("theme", "")
    if show == "nee":
        operations.refuse(g.conversation, answer_id)
    else:
        operations.approve(g.conversation, answer_id, show == "1")
    return redirect(url_for("facilitator.theme", key=answer_key) + f"#a-{answer_id}"
                    if operations.agenda_item(g.conversation, answer_key) else url_for("facilitator.dashboard"),
                    code=303)


@bp.route("/afsluiting", methods=["GET", "POST"])
def closing():
    """What everyone said at the closing, and when and how the professional who leads can be reached."""
    conversation = g.conversation
    form = forms.ReachableForm(text=conversation.reachable)
    if form.validate_on_submit():
        operations.set_reachable(conversation, form.text.data or "", str(get_locale()))
        return redirect(url_for("facilitator.closing", saved=1), code=303)
    return render_template("facilitator/closing.html", conversation=conversation, form=form,
                           saved=request.args.get("saved")), 400 if form.errors else 200


from . import lists  # noqa: E402, F401  (the list's pages register on bp)
