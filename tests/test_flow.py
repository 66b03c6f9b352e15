"""Every step of the conversation through the test client, with a teacher, a parent and a young person."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from babel.dates import format_date
from conftest import (
    LOOKBACK_DAY,
    PLANNED_DAY,
    Phone,
    all_rows,
    answer_theme,
    between,
    cookie_of,
    dutch_date,
    join,
    proposal_cards,
    set_agenda,
    start,
    visible,
    vote,
)
from markupsafe import escape

from praatplaat.cookies import PARTICIPANT_COOKIE
from praatplaat.db import db
from praatplaat.decks import all_decks, get_deck
from praatplaat.models import Answer, ClosingAnswer, Conversation, Decision, OwnTheme, Participant, Pick, Vote
from praatplaat.tokens import CODE_ALPHABET, token_hash

DOEL = "Een doel voor het kind kiezen en opschrijven."
PARENT_LABEL = "Ouder of verzorger (Ayse)"
MARKER = "Jullie zien dit verschillend. Begin hier."


@pytest.fixture
def table(app):
    """A teacher who started, a parent (nickname Ayse) and a young person (no nickname) who joined."""
    teacher, parent, youth = Phone(app, "teacher"), Phone(app, "parent"), Phone(app, "youth")
    code, f_url = start(teacher, title="Gesprek over Sam")
    join(parent, code, role="parent", nickname="Ayse")
    join(youth, code, role="youth")
    return SimpleNamespace(app=app, teacher=teacher, parent=parent, youth=youth, code=code, f_url=f_url)


@pytest.fixture
def on_agenda(table):
    set_agenda(table.teacher, table.f_url, "resultaat")
    return table


@pytest.fixture
def proposed(on_agenda):
    """All three proposed the same suggestion (samen, deze week); its key is in .key."""
    for phone in (on_agenda.teacher, on_agenda.parent, on_agenda.youth):
        answer_theme(phone, "resultaat", choice="doel", who="together", when="week")
    on_agenda.key = the_proposal(on_agenda.parent)
    return on_agenda


# --- helpers --------------------------------------------------------------------------------------

def page(phone: Phone, url: str, status: int = 200) -> str:
    response = phone.get(url)
    assert response.status_code == status, (url, response.status_code, response.location)
    return response.get_data(as_text=True)


def where(phone: Phone) -> str:
    """Where /p sends this phone."""
    response = phone.get("/p")
    assert response.status_code == 303
    return response.location


def participant_id(app, phone: Phone) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(Participant.id).where(
            Participant.token_hash == token_hash(cookie_of(phone))))


def stored_text(app, participant: int, question: str, key: str = "resultaat") -> str | None:
    with app.app_context():
        return db.session.scalar(sa.select(Answer.text).where(
            Answer.participant_id == participant, Answer.question == question, Answer.theme_key == key))


def count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def the_proposal(phone: Phone, key: str = "resultaat") -> str:
    (proposal,) = proposal_cards(page(phone, f"/p/t/{key}/samen"))
    return proposal


def list_parts(phone: Phone) -> tuple[str, str]:
    """(dit gaan we doen, hier praten we nog over) of the one theme on the agenda, as read on /p/lijst."""
    text = visible(page(phone, "/p/lijst"))
    return (between(text, "Dit gaan we doen", "Hier praten we nog over"),
            between(text, "Hier praten we nog over", "Samen terugkijken"))


def text_parts(phone: Phone) -> tuple[str, str]:
    """The same two parts in /p/lijst.txt."""
    text = page(phone, "/p/lijst.txt")
    return (between(text, "Dit gaan we doen:", "Hier praten we nog over:"),
            between(text, "Hier praten we nog over:"))  # the last part of the text


def decide(t, **fields):
    response = t.teacher.post(t.f_url + "t/resultaat", {"proposal": t.key, **fields})
    assert response.status_code == 303, response.get_data(as_text=True)[-2000:]


# --- 1. Start -------------------------------------------------------------------------------------

def test_start_page_offers_every_deck_with_the_praatplaat_chosen(app):
    text = page(Phone(app), "/")
    assert "Nieuw gesprek" in text and "Meedoen met een gesprek" in text
    for key, deck in all_decks().items():
        assert f'name="start-deck" value="{key}"' in text
        assert str(escape(deck.title)) in text
    assert re.findall(r'name="start-deck" value="([^"]+)" checked', text) == ["praatplaat"]


def test_facilitator_page_shows_qr_code_join_code_and_secret_link(table):
    t = table
    text = page(t.teacher, t.f_url)
    assert '<svg class="qr"' in text
    assert f'aria-label="http://localhost/j/{t.code}"' in text  # the QR code is of the join address
    assert len(t.code) == 6 and set(t.code) <= set(CODE_ALPHABET)
    assert not set(t.code) & set("OIL")  # no look-alikes of 0 and 1
    assert f"Of open: http://localhost/j/{t.code}" in visible(text)
    assert f'<a href="http://localhost{t.f_url}">http://localhost{t.f_url}</a>' in text
    assert "Bewaar hem goed" in text
    with t.app.app_context():
        assert db.session.scalar(sa.select(Conversation.join_code)) == t.code
    # the facilitator takes part too, as a professional
    assert where(t.teacher) == "/p/themas"
    me = participant_id(t.app, t.teacher)
    with t.app.app_context():
        row = db.session.get(Participant, me)
        assert (row.role, row.is_facilitator) == ("professional", True)


def test_secret_link_works_anywhere_and_only_its_hash_is_stored(table):
    t = table
    secret = t.f_url.removeprefix("/f/").strip("/")
    assert len(secret) >= 22  # at least 128 random bits, URL-safe
    assert "Jij leidt dit gesprek" in page(Phone(t.app, "laptop"), t.f_url)
    cookies = [cookie_of(phone) for phone in (t.teacher, t.parent, t.youth)]
    stored = [str(value) for rows in all_rows(t.app).values() for row in rows for value in row]
    for token in [secret, *cookies]:
        assert not any(token in value for value in stored), "a secret is stored as it is"
    with t.app.app_context():
        assert db.session.scalar(sa.select(Conversation.facilitator_hash)) == token_hash(secret)
        hashes = sorted(db.session.scalars(sa.select(Participant.token_hash)))
    assert hashes == sorted(map(token_hash, cookies))


# --- 2. Join --------------------------------------------------------------------------------------

def test_join_by_link_sends_the_phone_to_p_without_the_code(app):
    code, _ = start(Phone(app))
    parent = Phone(app)
    text = page(parent, f"/j/{code}")
    assert "Meedoen met het gesprek" in text and "Gesprek over Sam" in text
    response = join(parent, code, nickname="Ayse")
    assert response.location == "/p"
    assert where(parent) == "/p/themas"
    with app.app_context():
        joined = db.session.scalar(sa.select(Participant).where(Participant.is_facilitator.is_(False)))
        assert (joined.role, joined.nickname, joined.language) == ("parent", "Ayse", "nl")


@pytest.mark.parametrize("typed", [
    lambda code: code,
    lambda code: code.lower(),
    lambda code: f"{code[:3]} {code[3:]}",
    lambda code: f" {code[:3].lower()}  {code[3:].lower()} ",
    lambda code: f"{code[:3]}-{code[3:]}",
    lambda code: code.replace("0", "o").replace("1", "l"),  # look-alikes are read as what was meant
], ids=["as-shown", "lower-case", "with-space", "lower-with-spaces", "with-dash", "look-alikes"])
def test_join_by_typing_the_code(app, typed):
    code, _ = start(Phone(app))
    parent = Phone(app)
    parent.get("/")
    response = parent.post("/code", {"join-code": typed(code)})
    assert response.status_code == 303
    assert response.location == f"/j/{code}"
    join(parent, code)
    assert where(parent) == "/p/themas"


def test_typing_an_unknown_code_says_so_on_the_start_page(app):
    start(Phone(app))
    parent = Phone(app)
    parent.get("/")
    response = parent.post("/code", {"join-code": "ZZZ ZZZ"})
    assert response.status_code == 404
    text = response.get_data(as_text=True)
    assert "We kennen deze code niet" in text and "Nieuw gesprek" in text


def test_a_returning_phone_lands_where_it_was(on_agenda):
    t = on_agenda
    t.parent.post("/p/t/resultaat/1", {"scale": "good"})
    t.parent.post("/p/t/resultaat/2", {"text": "We bellen vaak"})
    assert where(t.parent) == "/p/t/resultaat/3"
    # the browser was closed: a new client carrying the same cookie
    again = with_cookie(t.app, cookie_of(t.parent))
    assert where(again) == "/p/t/resultaat/3"
    assert "stap 3 van 5" in page(again, "/p/t/resultaat/3")
    answer_theme(again, "resultaat", choice="doel")
    assert where(t.parent) == "/p/t/resultaat/samen"  # a proposal still to vote on
    vote(again, "resultaat", the_proposal(again))
    assert where(t.parent) == "/p/lijst"


def with_cookie(app, value: str) -> Phone:
    phone = Phone(app, "same-cookie")
    phone.client.set_cookie(PARTICIPANT_COOKIE, value)
    return phone


# --- 3. Pick themes -------------------------------------------------------------------------------

def theme_card(text: str, title: str) -> str:
    (card,) = [visible(c) for c in text.split('<label class="theme-card">')[1:] if title in c]
    return card


def test_picks_and_own_theme_show_who_picked_what(table):
    t = table
    assert t.parent.post("/p/themas", {"themes": ["resultaat", "kind"]}).location == "/p/themas?saved=1"
    t.teacher.post("/p/themas", {"themes": ["resultaat"]})
    t.youth.post("/p/themas", {"themes": ["kind"]})
    assert t.parent.post("/p/themas/eigen", {"own-title": "Huiswerk"}).status_code == 303
    text = page(t.youth, "/p/themas")
    assert f"Wie koos dit: Professional en {PARENT_LABEL}" in theme_card(text, "Werk samen voor resultaat")
    assert f"Wie koos dit: {PARENT_LABEL} en Jeugdige" in theme_card(text, "Denk vanuit het kind")
    own = theme_card(text, "Huiswerk")
    assert "Eigen thema" in own and f"Wie koos dit: {PARENT_LABEL}" in own
    assert "Wie koos dit" not in theme_card(text, "Sta dichtbij")
    assert "Je keuze is bewaard." in page(t.parent, "/p/themas?saved=1")
    # the facilitator's overview: how many, and which roles (no names)
    rows = [visible(row.split("</tr>")[0]) for row in page(t.teacher, t.f_url).split("<tr>")[2:]]
    for title, number, roles in (("Werk samen voor resultaat", "2 mensen", "Professional en Ouder of verzorger"),
                                 ("Denk vanuit het kind", "2 mensen", "Ouder of verzorger en Jeugdige"),
                                 ("Huiswerk", "1 mens", "Ouder of verzorger"), ("Sta dichtbij", None, None)):
        (picked,) = [row.removeprefix(title) for row in rows if row.startswith(title)]
        if number:
            assert number in picked and roles in picked, title
        else:
            assert not any(role in picked for role in ("Professional", "Ouder", "Jeugdige")), title
        assert "Ayse" not in picked
    me = participant_id(t.app, t.parent)
    with t.app.app_context():
        own_key = db.session.scalar(sa.select(OwnTheme)).key
        picked = set(db.session.scalars(sa.select(Pick.theme_key).where(Pick.participant_id == me)))
    assert picked == {"resultaat", "kind", own_key}


def test_agenda_order_and_step_counter(table):
    t = table
    response = t.teacher.post(t.f_url + "agenda", {"pos-resultaat": "2", "pos-kind": "1", "pos-dichtbij": ""})
    assert response.status_code == 303
    agenda = between(visible(page(t.parent, "/p/themas")), "De agenda", "Beginnen met de vragen")
    assert agenda.index("Denk vanuit het kind") < agenda.index("Werk samen voor resultaat")
    assert "Sta dichtbij" not in agenda
    assert where(t.parent) == "/p/t/kind/1"
    assert "Thema 1 van 2 · stap 1 van 5" in visible(page(t.parent, "/p/t/kind/1"))
    assert "Thema 2 van 2 · stap 3 van 5" in visible(page(t.parent, "/p/t/resultaat/3"))
    page(t.parent, "/p/t/dichtbij/1", status=404)  # not on the agenda


# The praatplaat's five questions, one screen each ("met én voor het kind" in its own words).
@pytest.mark.parametrize(("step", "question"), [
    (1, "Hoe zit dat bij ons?"), (2, "Waar zijn we al goed in?"), (3, "Hoe zou dat beter kunnen?"),
    (4, "Wat helpt ons om (beter) samen te werken, met én voor het kind?"), (5, "Wat spreken we af?"),
])
def test_one_question_per_screen(on_agenda, step, question):
    text = page(on_agenda.parent, f"/p/t/resultaat/{step}")
    assert f"<h1>{question}</h1>" in text
    assert f"stap {step} van 5" in text
    if step == 1:
        for picture in ("Gaat goed", "Gaat redelijk", "Kan beter", "Weet ik niet"):
            assert picture in text
    if step == 4:
        assert "Met het kind: het kind denkt mee." in text
    if step == 5:
        suggestions = get_deck("praatplaat").theme("resultaat").suggestions
        assert len(suggestions) >= 3
        for suggestion in suggestions:
            assert f'value="{suggestion.key}"' in text and suggestion.text in text
        # Wie doet het?: samen, ik, the roles at the table (the parent's own role is "ik"), iemand anders
        # (a list to pick from, so the screen stays short on a small phone)
        who = re.findall(r'<option value="([^"]+)"[^>]*>([^<]*)</option>', between(text, 'name="who"', "</select>"))
        assert who == [("together", "Samen"), ("me", "Ik"), ("role:professional", "Professional"),
                       ("role:youth", "Jeugdige"), ("someone", "Iemand anders")]
        for choice in ("Vandaag", "Deze week", "Voor het volgende gesprek"):
            assert f"<span>{choice}</span>" in text


# --- 4. Answers, until the theme is closed --------------------------------------------------------

def test_answers_can_be_changed_until_the_theme_is_closed(on_agenda):
    t = on_agenda
    me = participant_id(t.app, t.parent)
    t.parent.post("/p/t/resultaat/2", {"text": "We bellen elke week"})
    assert t.parent.post("/p/t/resultaat/2", {"text": "We mailen elke week"}).status_code == 303
    assert stored_text(t.app, me, "strengths") == "We mailen elke week"
    assert count(t.app, Answer, Answer.participant_id == me) == 1  # changed in place
    assert "We mailen elke week</textarea>" in page(t.parent, "/p/t/resultaat/2")

    assert t.teacher.post(t.f_url + "t/resultaat/sluiten", {"closed": "1"}).status_code == 303
    response = t.parent.post("/p/t/resultaat/2", {"text": "Nog iets anders getypt"})
    assert response.status_code == 409
    text = response.get_data(as_text=True)
    assert "Nog iets anders getypt</textarea>" in text  # what was typed stays on the screen
    assert "Dit thema is gesloten. Je kunt je antwoord niet meer veranderen." in text
    assert stored_text(t.app, me, "strengths") == "We mailen elke week"

    assert t.teacher.post(t.f_url + "t/resultaat/sluiten", {"closed": "0"}).status_code == 303
    assert t.parent.post("/p/t/resultaat/2", {"text": "Nog iets anders getypt"}).status_code == 303
    assert stored_text(t.app, me, "strengths") == "Nog iets anders getypt"


def test_a_closed_theme_takes_no_votes(proposed):
    t = proposed
    t.teacher.post(t.f_url + "t/resultaat/sluiten", {"closed": "1"})
    text = page(t.parent, "/p/t/resultaat/samen")
    assert "Dit thema is gesloten." in text and 'name="agree"' not in text
    assert t.parent.post("/p/t/resultaat/samen", {"proposal": t.key, "agree": "yes"}).status_code == 409
    assert count(t.app, Vote) == 0


# --- 5. The merged view ---------------------------------------------------------------------------

@pytest.mark.parametrize(("scales", "differ"), [
    (("good", "better", None), True),
    (("good", "fair", "better"), True),
    (("good", "fair", None), False),
    (("fair", "better", None), False),
    (("good", "unknown", "better"), True),
    (("good", "unknown", None), False),
    (("good", "good", "good"), False),
])
def test_the_marker_shows_only_when_views_differ(on_agenda, scales, differ):
    t = on_agenda
    for phone, scale in zip((t.teacher, t.parent, t.youth), scales, strict=True):
        if scale:
            answer_theme(phone, "resultaat", scale=scale)
    assert (MARKER in page(t.parent, "/p/t/resultaat/samen")) is differ
    assert (MARKER in page(t.teacher, t.f_url + "t/resultaat")) is differ
    assert ("Jullie zien dit thema verschillend." in page(t.youth, "/p/lijst.txt")) is differ


def test_merged_view_shows_each_answer_by_role(on_agenda):
    t = on_agenda
    answer_theme(t.teacher, "resultaat", scale="good", strengths="We praten elke week", helps="Een vast moment")
    answer_theme(t.parent, "resultaat", scale="better", ideas="Vaker mailen")
    text = visible(page(t.youth, "/p/t/resultaat/samen"))
    how = between(text, "Hoe zit dat bij ons?", "Waar zijn we al goed in?")
    assert "Professional Gaat goed" in how and f"{PARENT_LABEL} Kan beter" in how and "Jeugdige" not in how
    good = between(text, "Waar zijn we al goed in?", "Hoe zou dat beter kunnen?")
    ideas = between(text, "Hoe zou dat beter kunnen?", "Wat helpt ons om (beter) samen te werken")
    helps = between(text, "Wat helpt ons om (beter) samen te werken, met én voor het kind?", "Wat spreken we af?")
    assert "Professional: We praten elke week" in good and f"{PARENT_LABEL}: Vaker mailen" in ideas
    assert "Professional: Een vast moment" in helps and "Vaker mailen" not in helps


def test_same_suggestion_with_same_who_and_when_is_one_proposal(on_agenda):
    t = on_agenda
    answer_theme(t.teacher, "resultaat", choice="doel", who="together", when="week")
    answer_theme(t.parent, "resultaat", choice="doel", who="together", when="week")
    answer_theme(t.youth, "resultaat", choice="doel", who="together", when="today")
    both, alone = proposal_cards(page(t.parent, "/p/t/resultaat/samen")).values()
    assert DOEL in both and "Wie Samen" in both and "Wanneer Deze week" in both
    assert f"Voorstel van: Professional en {PARENT_LABEL}" in both
    assert DOEL in alone and "Wanneer Vandaag" in alone and "Voorstel van: Jeugdige" in alone


def test_same_own_words_are_one_proposal(on_agenda):
    t = on_agenda
    answer_theme(t.parent, "resultaat", text="Elke week  even bellen.", who="together", when="week")
    answer_theme(t.teacher, "resultaat", text="elke week even bellen", who="together", when="week")
    (card,) = proposal_cards(page(t.parent, "/p/t/resultaat/samen")).values()
    assert "elke week even bellen" in card.lower()
    assert f"Voorstel van: Professional en {PARENT_LABEL}" in card


# --- 6. Agree -------------------------------------------------------------------------------------

def test_everyone_eens_makes_an_agreement(proposed):
    t = proposed
    for phone in (t.teacher, t.parent, t.youth):
        assert list_parts(t.parent)[0].strip() == "Nog geen afspraken."
        vote(phone, "resultaat", t.key)
    doing, still = list_parts(t.parent)
    assert DOEL in doing and "Iedereen is het eens" in doing
    assert f"Eens: Professional, {PARENT_LABEL} en Jeugdige." in doing
    assert DOEL not in still
    doing_txt, still_txt = text_parts(t.youth)
    assert f"- {DOEL} | Wie: Samen | Wanneer: Deze week" in doing_txt
    assert DOEL not in still_txt


def test_one_nog_niet_keeps_it_to_talk_about(proposed):
    t = proposed
    vote(t.teacher, "resultaat", t.key)
    vote(t.parent, "resultaat", t.key, agree=False)
    vote(t.youth, "resultaat", t.key)
    doing, still = list_parts(t.teacher)
    assert "Nog geen afspraken." in doing and DOEL not in doing
    assert DOEL in still and f"Nog niet: {PARENT_LABEL}." in still
    doing_txt, still_txt = text_parts(t.teacher)
    assert DOEL not in doing_txt and f"- {DOEL}" in still_txt
    vote(t.parent, "resultaat", t.key)  # the parent changes their mind
    assert DOEL in list_parts(t.teacher)[0]
    assert count(t.app, Vote) == 3  # changed in place


def test_facilitator_confirms_a_proposal(proposed):
    t = proposed
    vote(t.parent, "resultaat", t.key, agree=False)
    decide(t, confirmed="y", who="together", when="week")
    doing, still = list_parts(t.parent)
    assert DOEL in doing and "De gespreksleider heeft dit besloten" in doing and DOEL not in still
    assert f"- {DOEL} | Wie: Samen | Wanneer: Deze week" in text_parts(t.parent)[0]
    assert "De gespreksleider heeft dit besloten" in visible(page(t.teacher, t.f_url + "t/resultaat"))


def test_facilitator_changes_wording_who_and_when(proposed):
    t = proposed
    edit = {"text": "Elke maandag een mail sturen.", "who": "role:parent", "when": "date",
            "when_date": PLANNED_DAY.isoformat()}
    decide(t, **edit)
    doing, still = list_parts(t.parent)
    assert "Nog geen afspraken." in doing  # changed, not confirmed: still to talk about
    for words in ("Elke maandag een mail sturen.", "Wie Ouder of verzorger", f"Wanneer {dutch_date(PLANNED_DAY)}",
                  "De gespreksleider heeft dit veranderd."):
        assert words in still
    assert DOEL not in still
    decide(t, confirmed="y", **edit)
    doing_txt, _ = text_parts(t.youth)
    assert f"- Elke maandag een mail sturen. | Wie: Ouder of verzorger | Wanneer: {dutch_date(PLANNED_DAY)}" \
        in doing_txt
    with t.app.app_context():
        decision = db.session.scalars(sa.select(Decision)).one()
        stored = (decision.proposal_key, decision.confirmed, decision.text, decision.who, decision.when_date)
    assert stored == (t.key, True, "Elke maandag een mail sturen.", "role:parent", PLANNED_DAY)


# --- 7. The afsprakenlijst and its exports --------------------------------------------------------

def test_list_header_names_title_date_and_people_by_role(on_agenda):
    t = on_agenda
    with t.app.app_context():
        started = db.session.scalar(sa.select(Conversation.created_at)).date()
    day = format_date(started, "long", locale="nl")
    people = f"Meegedaan: Professional, {PARENT_LABEL} en Jeugdige"
    text = visible(page(t.youth, "/p/lijst"))
    assert "Gesprek over Sam" in text and f"Datum: {day}" in text and people in text
    assert "Jeugdige (" not in text and "Professional (" not in text  # no name unless one was given
    assert "We spreken nog een datum af om samen terug te kijken." in text
    plain = page(t.youth, "/p/lijst.txt")
    assert plain.startswith("Afsprakenlijst: Gesprek over Sam\n")
    assert f"Datum: {day}\n" in plain and f"{people}\n" in plain

    assert t.teacher.post(t.f_url + "terugblik", {"day": LOOKBACK_DAY.isoformat()}).status_code == 303
    assert f"We kijken samen terug op {dutch_date(LOOKBACK_DAY)}." in visible(page(t.youth, "/p/lijst"))
    assert f"Samen terugkijken: {dutch_date(LOOKBACK_DAY)}" in page(t.youth, "/p/lijst.txt")
    with t.app.app_context():
        assert db.session.scalar(sa.select(Conversation.lookback_on)) == LOOKBACK_DAY


def test_facilitator_reads_the_list_and_prints_it_beside_dutch(proposed):
    t = proposed
    join(Phone(t.app, "aunt"), t.code, role="network", language="tr")
    text = visible(page(t.teacher, t.f_url + "lijst"))
    assert "Gesprek over Sam" in text and DOEL in text and "Met Nederlands: Türkçe" in text
    bilingual = page(t.teacher, t.f_url + "lijst/tweetalig?taal=tr")
    assert 'lang="tr"' in bilingual and 'lang="nl"' in bilingual and DOEL in bilingual
    page(t.teacher, t.f_url + "lijst/tweetalig?taal=uk", status=404)  # nobody here reads Ukrainian


@pytest.fixture
def finished(proposed):
    """Agreed on the suggestion; the youth's own words still open; a look-back date; a closing answer."""
    t = proposed
    t.teacher.post("/p/t/resultaat/2", {"text": "We praten elke week."})
    t.parent.post("/p/t/resultaat/1", {"scale": "better", "text": ""})
    t.parent.post("/p/t/resultaat/3", {"text": "Vaker mailen."})
    for phone in (t.teacher, t.parent, t.youth):
        vote(phone, "resultaat", t.key)
    t.youth.post("/p/t/resultaat/5", {"choice": "own", "text": "Samen huiswerk maken", "who": "me",
                                      "when": "today"})
    t.teacher.post(t.f_url + "terugblik", {"day": LOOKBACK_DAY.isoformat()})
    t.parent.post("/p/afsluiting", {"experience": "good", "covered": "yes", "question": ""})
    return t


def test_export_json_follows_the_readme_schema(finished):
    t = finished
    response = t.teacher.get(t.f_url + "export.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert {"schema", "title", "deck", "deck_title", "created_at", "lookback_on", "participants", "themes",
            "closing"} <= set(data)
    assert data["schema"] == "praatplaat/afsprakenlijst/1"
    assert (data["title"], data["deck"], data["deck_title"]) == (
        "Gesprek over Sam", "praatplaat", get_deck("praatplaat").title)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", data["created_at"])
    assert data["lookback_on"] == LOOKBACK_DAY.isoformat()
    assert data["participants"] == [
        {"role": "professional", "nickname": "", "language": "nl", "facilitator": True},
        {"role": "parent", "nickname": "Ayse", "language": "nl", "facilitator": False},
        {"role": "youth", "nickname": "", "language": "nl", "facilitator": False},
    ]
    teacher, parent, youth = ({"role": role, "nickname": name} for role, name in (
        ("professional", ""), ("parent", "Ayse"), ("youth", "")))
    (theme,) = data["themes"]
    assert {"key", "title", "own", "closed", "scales", "views_differ", "strengths", "ideas", "agreements",
            "to_discuss"} <= set(theme)
    assert (theme["key"], theme["title"], theme["own"], theme["closed"]) == (
        "resultaat", "Werk samen voor resultaat", False, False)
    assert theme["scales"] == [{**teacher, "scale": "good"}, {**parent, "scale": "better"},
                               {**youth, "scale": "good"}]
    assert theme["views_differ"] is True
    untranslated = {"language_known": True, "translations": [], "sentences": []}
    assert theme["strengths"] == [{**teacher, "text": "We praten elke week.", "language": "nl", **untranslated}]
    # Two words are too short to tell the language: the writer's menu language, without a label.
    assert theme["ideas"] == [{**parent, "text": "Vaker mailen.", "language": "nl", **untranslated,
                               "language_known": False}]
    (agreement,) = theme["agreements"]
    assert {key: value for key, value in agreement.items() if key != "review"} == {
        "key": t.key, "what": DOEL, "what_language": "nl", "what_translations": [], "template": "doel",
        "who": "together", "when": "week", "when_date": None, "status": "agreed", "edited": False,
        "proposed_by": [teacher, parent], "agreed_by": [teacher, parent, youth], "not_yet": []}
    (still_open,) = theme["to_discuss"]
    assert (still_open["what"], still_open["template"], still_open["who"], still_open["when"],
            still_open["status"], still_open["proposed_by"]) == (
        "Samen huiswerk maken", None, "role:youth", "today", "open", [youth])
    assert data["closing"] == [{"role": "parent", "experience": "good", "covered": "yes", "question": "",
                                "tips": "", "language": "nl"}]


def test_calendar_file_for_the_look_back_date(on_agenda):
    t = on_agenda
    assert t.teacher.get(t.f_url + "terugblik.ics").status_code == 404  # no date yet
    t.teacher.post(t.f_url + "terugblik", {"day": LOOKBACK_DAY.isoformat()})
    response = t.teacher.get(t.f_url + "terugblik.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    body = response.get_data(as_text=True)
    assert body.endswith("\r\n") and "\n" not in body.replace("\r\n", "")  # CRLF line ends only
    lines = body.split("\r\n")[:-1]
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    inside = lines[lines.index("BEGIN:VEVENT") + 1:lines.index("END:VEVENT")]
    event = dict(line.split(":", 1) for line in inside)
    assert event["DTSTART;VALUE=DATE"] == f"{LOOKBACK_DAY:%Y%m%d}"
    assert event["DTEND;VALUE=DATE"] == f"{LOOKBACK_DAY + timedelta(days=1):%Y%m%d}"
    assert event["UID"] and re.fullmatch(r"\d{8}T\d{6}Z", event["DTSTAMP"])
    assert "Gesprek over Sam" in event["SUMMARY"]


def test_calendar_lines_are_folded_for_a_long_title(app):
    teacher = Phone(app)
    title = "Gesprek over Sam en zijn zus Fatima, groep 6 en groep 8, met de intern begeleider"[:80]
    _, f_url = start(teacher, title=title)
    teacher.post(f_url + "terugblik", {"day": LOOKBACK_DAY.isoformat()})
    body = teacher.get(f_url + "terugblik.ics").get_data(as_text=True)
    assert title.replace(",", "\\,") in body.replace("\r\n ", "")  # unfolded, the whole title is there
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


# --- 8. Closing, leaving, removing ----------------------------------------------------------------

def test_closing_answers_reach_the_facilitator(on_agenda):
    t = on_agenda
    assert "Je mag hier later altijd op terugkomen." in page(t.parent, "/p/afsluiting")
    response = t.parent.post("/p/afsluiting", {"experience": "fair", "covered": "partly",
                                               "question": "Mag ik de lijst mailen?"})
    assert response.location == "/p/afsluiting?saved=1"
    assert "Dank je wel. Je antwoord is bewaard." in page(t.parent, response.location)
    text = visible(page(t.teacher, t.f_url + "afsluiting"))
    mine = between(text, PARENT_LABEL, "Jeugdige")
    assert "Hoe heb je dit gesprek ervaren? Redelijk" in mine
    assert "Hebben we alles kunnen bespreken? Voor een deel" in mine
    assert "Vraag: Mag ik de lijst mailen?" in mine
    assert "Nog niet ingevuld." in between(text, "Jeugdige")
    with t.app.app_context():
        row = db.session.scalars(sa.select(ClosingAnswer)).one()
        assert (row.experience, row.covered, row.question) == ("fair", "partly", "Mag ik de lijst mailen?")


def test_a_participant_can_withdraw(on_agenda):
    t = on_agenda
    me = participant_id(t.app, t.parent)
    t.parent.post("/p/themas", {"themes": ["resultaat"]})
    t.parent.post("/p/themas/eigen", {"own-title": "Huiswerk"})
    answer_theme(t.parent, "resultaat", choice="doel", strengths="Geheim van Ayse")
    answer_theme(t.teacher, "resultaat", choice="doel")
    vote(t.parent, "resultaat", the_proposal(t.parent))
    cookie = cookie_of(t.parent)
    assert "Wil je stoppen?" in page(t.parent, "/p/stoppen")
    response = t.parent.post("/p/stoppen")
    assert response.status_code == 200 and "Je antwoorden zijn weggehaald." in response.get_data(as_text=True)
    assert t.parent.client.get_cookie(PARTICIPANT_COOKIE) is None
    for model in (Answer, Vote, Pick):
        assert count(t.app, model, model.participant_id == me) == 0
    assert count(t.app, Participant, Participant.id == me) == 0
    assert count(t.app, OwnTheme) == 0
    assert count(t.app, Answer) == 5  # the teacher's answers stay (five questions)
    assert "Geheim van Ayse" not in page(t.teacher, "/p/lijst")
    assert "Ayse" not in page(t.teacher, "/p/lijst.txt")
    for phone in (t.parent, with_cookie(t.app, cookie)):
        response = phone.get("/p")
        assert response.status_code == 403 and "Je doet nog niet mee" in response.get_data(as_text=True)


def test_withdrawing_leaves_no_dead_links_in_the_step_bar(table):
    t = table
    t.parent.post("/p/themas/eigen", {"own-title": "Huiswerk"})
    with t.app.app_context():
        own = db.session.scalar(sa.select(OwnTheme)).key
    set_agenda(t.teacher, t.f_url, "resultaat", own)
    t.parent.get("/p/stoppen")
    assert t.parent.post("/p/stoppen").status_code == 200
    for phone, url in ((t.youth, "/p/themas"), (t.teacher, t.f_url)):
        bar = between(page(phone, url), '<nav class="steps"', "</nav>")
        links = re.findall(r'href="([^"]+)"', bar)
        assert links
        for link in links:
            assert phone.get(link).status_code in (200, 303), link


def test_facilitator_removes_a_participant(on_agenda):
    t = on_agenda
    me = participant_id(t.app, t.parent)
    answer_theme(t.parent, "resultaat", strengths="Van Ayse")
    people = page(t.teacher, t.f_url)
    assert f'action="{t.f_url}deelnemer/{me}/weg"' in people and PARENT_LABEL in visible(people)
    assert t.teacher.post(f"{t.f_url}deelnemer/{me}/weg").status_code == 303
    response = t.parent.get("/p/t/resultaat/1")
    assert response.status_code == 403 and "Je doet nog niet mee" in response.get_data(as_text=True)
    assert count(t.app, Participant, Participant.id == me) == 0
    assert count(t.app, Answer, Answer.participant_id == me) == 0
    assert PARENT_LABEL not in visible(page(t.teacher, t.f_url))
    # the facilitator's own phone cannot be removed
    teacher_id = participant_id(t.app, t.teacher)
    assert t.teacher.post(f"{t.f_url}deelnemer/{teacher_id}/weg").status_code == 404
    assert count(t.app, Participant, Participant.id == teacher_id) == 1
