"""The phones: join, pick themes, answer, see it together, agree, the list, closing."""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, abort, current_app, g, make_response, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from .. import exports, i18n, labels, listview, merge, operations, results
from ..cookies import REF_ARG, forget_participant, remember_participant
from ..forms import options, who_choices
from ..join_limit import conversation_for_code
from ..listing import render_bilingual, render_text
from ..operations import Refused
from ..polling import version_response
from ..proposal_keys import is_proposal
from ..tokens import token_ref
from ..vocabulary import Mode, Question, Role
from . import forms, merged
from .steps import next_step

bp = Blueprint("participant", __name__)


def participant_required(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        if g.participant is None:
            return render_template("participant/not_joined.html"), 403
        if request.method == "POST" and len(g.participant_tokens) > 1 and REF_ARG not in request.args:
            # A page from before this phone joined a second conversation: which one is meant is unclear,
            # so nothing is stored in the wrong one.
            return render_template("participant/which.html"), 409
        return view(*args, **kwargs)
    return wrapped


def _locale() -> str:
    return str(get_locale())


def _go_on():
    step = next_step(g.participant)
    return redirect(url_for(step.endpoint, **step.args), code=303)


def _theme_or_404(key: str):
    conversation = g.participant.conversation
    theme = results.theme_of(conversation, key)
    if theme is None or operations.agenda_item(conversation, key) is None:
        abort(404)
    return theme


@bp.route("/j/<code>", methods=["GET", "POST"])
def join(code: str):
    """Join a conversation with its code: language, role, optional name."""
    conversation = conversation_for_code(code)
    mine = operations.participants_for_tokens(g.participant_tokens)  # the conversations this phone is in
    here = next((t for t, p in mine.items() if p.conversation_id == conversation.id), None)
    if here is not None:
        return redirect(url_for("participant.home", **_ref(here, mine)), code=303)
    evening = conversation.mode == Mode.EVENING
    form = forms.JoinForm(language=_locale(), role=Role.UNKNOWN if evening else None)
    form.language.choices = options(i18n.available().items())
    # At a parent evening anonymous by default (no names, the role optional); at a table also the tolk.
    form.role.choices = options((r, labels.ROLE[r]) for r in operations.join_roles(conversation))
    if form.validate_on_submit():
        participant, token = operations.join(conversation, form.role.data, form.nickname.data,
                                             form.language.data, form.submission.data)
        keep = [t for t in mine if t != token]
        # The code leaves the address bar; a phone in several conversations names this one.
        response = redirect(url_for("participant.home", **_ref(token, keep)), code=303)
        remember_participant(response, token, keep)
        return response
    status = 400 if form.errors else 200
    return render_template("participant/join.html", form=form, conversation=conversation), status


def _ref(token: str, others) -> dict:
    """`?g=` for a phone page when this phone is in more than one conversation."""
    return {REF_ARG: token_ref(token)} if any(t != token for t in others) else {}


@bp.route("/p")
@participant_required
def home():
    """Back where you were: after a sleeping phone or a closed browser."""
    return _go_on()


@bp.route("/p/opening", methods=["GET", "POST"])
@participant_required
def opening():
    """Opening (from the waaier): welcome, and what is the aim of this conversation for each of us."""
    conversation = g.participant.conversation
    mine = {a.question: a.text for a in g.participant.answers if a.theme_key == operations.OPENING}
    form = forms.GoalForm(data={"text": mine.get("goal"), "expectations": mine.get("expectations")}
                          if request.method == "GET" else None)
    if form.validate_on_submit():
        operations.save_goal(g.participant, form.text.data or "", _locale(), form.expectations.data or "")
        return redirect(url_for("participant.opening"), code=303)
    return render_template("participant/opening.html", form=form, answered=bool(mine),
                           goals=results.goals(conversation), conversation=conversation,
                           expectations=results.expectations(conversation)), (
                               400 if form.errors else 200)


@bp.route("/p/themas", methods=["GET", "POST"])
@participant_required
def themes():
    """Pick the themes that matter to you; see what the others picked; wait for the agenda."""
    form = _picks_form()
    if form.validate_on_submit():
        operations.set_picks(g.participant, form.themes.data or [])
        return redirect(url_for("participant.themes", saved=1), code=303)
    if request.method == "GET":
        form.themes.data = sorted(results.own_picks(g.participant))
    return _themes_page(form, forms.OwnThemeForm(prefix="own"), 400 if form.errors else 200)


def _picks_form() -> forms.PicksForm:
    form = forms.PicksForm()
    form.themes.choices = options((t.key, t.title) for t in results.themes_of(g.participant.conversation))
    return form


def _themes_page(picks_form, own_form, status: int):
    conversation = g.participant.conversation
    return render_template("participant/themes.html", form=picks_form, own_form=own_form,
                           themes=results.themes_of(conversation), picks=results.picks_by_theme(conversation),
                           agenda=results.agenda_themes(conversation), saved=request.args.get("saved")), status


@bp.route("/p/themas/eigen", methods=["POST"])
@participant_required
def own_theme():
    """Add a theme of your own."""
    form = forms.OwnThemeForm(prefix="own")
    if form.validate_on_submit() and form.title.data:
        operations.add_own_theme(g.participant, form.title.data, _locale())
        return redirect(url_for("participant.themes"), code=303)
    picks = _picks_form()
    picks.themes.data = sorted(results.own_picks(g.participant))
    if not form.errors:
        form.title.errors = [_("Schrijf een titel voor je thema.")]
    return _themes_page(picks, form, 400)


@bp.route("/p/t/<key>/<int:step>", methods=["GET", "POST"])
@participant_required
def question(key: str, step: int):
    """One question per screen: stap x van y (one step per question of `merge.QUESTIONS`)."""
    theme = results.theme_of(g.participant.conversation, key)
    if theme is None or not 1 <= step <= len(merge.QUESTIONS):
        abort(404)
    name = merge.QUESTIONS[step - 1]
    saved = results.own_answers(g.participant, key).get(name) if request.method == "GET" else None
    form = forms.QUESTION_FORMS[name](obj=saved)
    if isinstance(form, forms.TextForm):
        form.offer(results.ready_sentences(g.participant.conversation, key, name), g.participant.role, saved)
    if name == Question.PROPOSAL:
        form.choice.choices = options([(s.key, s.text) for s in theme.suggestions] + [("own", "")])
        form.who.choices = who_choices(results.role_holders(g.participant.conversation), me=g.participant)
        if request.method == "GET" and saved:
            form.choice.data = saved.template or "own"
    if form.validate_on_submit():
        try:  # the write checks, under its lock, that the theme is on the agenda (else 404) and open
            operations.save_answer(g.participant, key, name, language=_locale(), **forms.answer_fields(name, form))
        except Refused as refused:
            if refused.reason == "not_on_agenda":
                abort(404)
            if refused.reason != "theme_closed":
                raise
        else:
            if step < len(merge.QUESTIONS):
                return redirect(url_for("participant.question", key=key, step=step + 1), code=303)
            return redirect(url_for("participant.together", key=key), code=303)
    _theme_or_404(key)  # a closed theme keeps what the person typed on screen (nothing is lost), with a message
    item = operations.agenda_item(g.participant.conversation, key)
    status = 400 if form.errors else (409 if item.closed and request.method == "POST" else 200)
    wording = results.question_text(g.participant.conversation, g.participant.role, name)
    own_words = isinstance(wording, str)  # the deck's own wording (a msgid) has no plain line under it
    return render_template("participant/question.html", theme=theme, step=step, steps=len(merge.QUESTIONS), name=name,
                           form=form, hint=None if own_words else labels.QUESTION_HINT.get(name),
                           translated=len(saved.translations) if saved else 0,  # changed words lose them
                           wording=_(wording) if own_words else str(wording),
                           closed=item.closed, refused=bool(saved and saved.refused),
                           position=merged.place(g.participant.conversation, key)[0]), status


@bp.route("/p/t/<key>/samen", methods=["GET", "POST"])
@participant_required
def together(key: str):
    """The merged view: how each of us sees it, and the proposals to agree on."""
    conversation = g.participant.conversation
    form = forms.VoteForm()
    if results.theme_of(conversation, key) is not None and form.validate_on_submit():
        if not is_proposal(conversation, key, form.proposal.data):  # not the whole merge (issue 11)
            _theme_or_404(key)
            raise Refused("unknown_proposal", 409)
        try:  # the vote checks, under its lock, that the theme is on the agenda (else 404) and open (409)
            voter = merge.Person(g.participant.id, g.participant.role)  # read now: the vote's commit expires it
            changed = operations.vote(g.participant, key, form.proposal.data, form.agree.data == "yes")
        except Refused as refused:
            if refused.reason == "not_on_agenda":
                abort(404)
            raise
        part = request.headers.get(merged.PART_HEADER) == merged.PROPOSAL_PART  # app.js: only this proposal
        return (part and merged.vote_part(conversation, key, form, changed, voter)) or redirect(
            url_for("participant.together", key=key) + f"#p-{form.proposal.data}", code=303)
    theme, closed = _theme_or_404(key), operations.agenda_item(conversation, key).closed
    evening = conversation.mode == Mode.EVENING
    position, following = merged.place(conversation, key)
    shared = merged.read(conversation, theme, key, closed, evening)  # at an evening: maybe a moment old
    my_votes = merged.my_votes()
    return render_template("participant/together.html", theme=theme, result=shared.summary, form=form,
                           evening=evening, public_texts=shared.public_texts, my_votes=my_votes,
                           group_counts=merged.own_counts(shared.summary, g.participant, my_votes) if evening else None,
                           refused=results.refused_texts(g.participant, key) if evening else [],
                           question_steps={q: n for n, q in enumerate(merge.QUESTIONS, 1)}, shown=shared.version,
                           notes=shared.notes, following=following, writer=g.participant.id,
                           closed=closed, position=position), 400 if form.errors else 200


@bp.route("/p/stand")
@participant_required
def state():
    """Polled by phones every few seconds: the conversation's version (304 when unchanged)."""
    return version_response(g.participant.conversation.version)


@bp.route("/p/lijst")
@participant_required
def agreement_list():
    """The afsprakenlijst, in this reader's language."""
    return render_template("participant/list.html", lijst=listview.afsprakenlijst(g.participant.conversation),
                           ics_url=url_for("participant.lookback_ics"))


@bp.route("/p/terugblik.ics")
@participant_required
def lookback_ics():
    """The look-back date as a calendar file, for everyone's own agenda."""
    return exports.ics_response(g.participant.conversation, operations.utcnow())


@bp.route("/p/lijst/tweetalig")
@participant_required
def bilingual_list():
    """The afsprakenlijst in the reader's language beside Dutch, to print for the file."""
    return render_bilingual(listview.afsprakenlijst(g.participant.conversation), [_locale(), "nl"])


@bp.route("/p/lijst.txt")
@participant_required
def agreement_text():
    """The afsprakenlijst as plain text, to paste into a file."""
    return render_text(listview.afsprakenlijst(g.participant.conversation))


@bp.route("/p/afsluiting", methods=["GET", "POST"])
@participant_required
def closing():
    """Afronding: how did it go, did we discuss everything, any question left."""
    saved = g.participant.closing
    form = forms.ClosingForm(obj=saved if request.method == "GET" else None)
    asks_tips = g.participant.role != Role.PROFESSIONAL  # "Heb je tips voor mij?" is the professional's question
    if form.validate_on_submit():
        operations.save_closing(g.participant, form.experience.data, form.covered.data, form.question.data or "",
                                _locale(), tips=(form.tips.data or "") if asks_tips else "")
        return redirect(url_for("participant.closing", saved=1), code=303)
    return render_template("participant/closing.html", form=form, saved=request.args.get("saved"), asks_tips=asks_tips,
                           conversation=g.participant.conversation), 400 if form.errors else 200


@bp.route("/p/stoppen", methods=["GET", "POST"])
@participant_required
def withdraw():
    """Take back all your answers and leave the conversation."""
    form = forms.FlaskForm()
    if form.validate_on_submit():
        operations.withdraw(g.participant)
        token, g.participant = g.participant_token, None
        response = make_response(render_template("participant/withdrawn.html"))
        forget_participant(response, token)  # only this conversation leaves the phone
        return response
    return render_template("participant/withdraw.html", form=form)


@bp.app_template_global()
def retention_days() -> int:
    return current_app.config["RETENTION_DAYS"]

