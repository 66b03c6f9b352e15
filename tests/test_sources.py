"""Faithful to the sources (issue 14): the praatplaat's five questions each on a screen of their own and on the
list; the waaier's closing (when and how the professional can be reached, "Heb je tips voor mij?"); the
literature's first step "Wat verwachten we van elkaar?" in the opening and the team scan; answers stored before
the split still shown after migration 0006. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
from importlib.resources import files

import pytest
import sqlalchemy as sa
from conftest import Phone, answer_theme, between, join, set_agenda, start, visible, vote
from jsonschema import Draft202012Validator

from praatplaat.cookies import PARTICIPANT_COOKIE
from praatplaat.db import db
from praatplaat.decks import get_deck
from praatplaat.models import Answer, ClosingAnswer, Conversation
from praatplaat.tokens import token_hash

HELPS = "Wat helpt ons om (beter) samen te werken, met én voor het kind?"
BETTER = "Hoe zou dat beter kunnen?"
SCHEMA = json.loads(files("praatplaat").joinpath("schemas/afsprakenlijst.schema.json").read_text())


def text_of(phone: Phone, url: str, status: int = 200) -> str:
    response = phone.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.get_data(as_text=True)


def start_with_opening(phone: Phone, deck: str = "praatplaat") -> tuple[str, str]:
    phone.get("/")
    response = phone.post("/start", {"start-deck": deck, "start-role": "professional", "start-mode": "table",
                                     "start-opening": "y"})
    assert response.status_code == 303
    f_url = response.location.split("?")[0]
    code = re.search(r'class="code" dir="ltr">(\w+)<', phone.get(f_url).get_data(as_text=True))[1]
    return code, f_url


def test_each_of_the_five_questions_is_answered_on_its_own_screen_and_shown_on_the_list(app):
    teacher, parent = Phone(app, "teacher"), Phone(app, "parent")
    code, f_url = start(teacher)
    join(parent, code, nickname="Ayse")
    set_agenda(teacher, f_url, "resultaat")
    headings = [re.search(r"<h1>(.*?)</h1>", text_of(parent, f"/p/t/resultaat/{step}"))[1] for step in range(1, 6)]
    assert headings == ["Hoe zit dat bij ons?", "Waar zijn we al goed in?", BETTER, HELPS, "Wat spreken we af?"]
    for phone in (teacher, parent):
        answer_theme(phone, "resultaat", scale="fair", strengths=f"Sterk {phone.name}", ideas=f"Beter {phone.name}",
                     helps=f"Helpt {phone.name}", choice="doel", who="together", when="week")
    for phone in (teacher, parent):
        vote(phone, "resultaat", next(iter(re.findall(r'name="proposal" value="(\w+)"', text_of(
            phone, "/p/t/resultaat/samen")))))
    with app.app_context():
        stored = {(a.question, a.text) for a in db.session.scalars(sa.select(Answer))}
    assert {("helps", "Helpt parent"), ("ideas", "Beter parent"), ("strengths", "Sterk parent")} <= stored
    merged = visible(text_of(parent, "/p/t/resultaat/samen"))
    assert "Ouder of verzorger (Ayse): Helpt parent" in between(merged, HELPS, "Wat spreken we af?")
    assert "Helpt parent" not in between(merged, BETTER, HELPS)
    listing = visible(text_of(parent, "/p/lijst"))
    for words in ("Sterk parent", "Idee: Beter parent", "Helpt parent", "Een doel voor het kind kiezen"):
        assert words in listing
    helps_part = between(listing, "Dit helpt ons om samen te werken, met én voor het kind", "Dit gaan we doen")
    assert "Helpt teacher" in helps_part and "Helpt parent" in helps_part
    plain = text_of(parent, "/p/lijst.txt")
    assert ("Dit helpt ons om samen te werken, met én voor het kind:\n- Helpt teacher (Professional)\n"
            "- Helpt parent (Ouder of verzorger)\n") in plain
    assert "Helpt parent" in visible(text_of(teacher, f_url + "lijst/tweetalig?taal=nl"))
    data = teacher.get(f_url + "export.json").get_json()
    (theme,) = data["themes"]
    assert [(t["role"], t["text"]) for t in theme["helps"]] == [("professional", "Helpt teacher"),
                                                               ("parent", "Helpt parent")]
    assert [t["text"] for t in theme["ideas"]] == ["Beter teacher", "Beter parent"]
    assert list(Draft202012Validator(SCHEMA).iter_errors(data)) == []


def test_the_young_person_and_the_team_have_their_own_words_for_what_helps(app):
    teacher, youth = Phone(app), Phone(app)
    code, f_url = start(teacher)
    join(youth, code, role="youth")
    set_agenda(teacher, f_url, "resultaat")
    assert "<h1>Wat helpt jou en ons om goed samen te werken?</h1>" in text_of(youth, "/p/t/resultaat/4")
    assert "<h1>Wat kan beter?</h1>" in text_of(youth, "/p/t/resultaat/3")
    assert "Met het kind: het kind denkt mee." not in text_of(youth, "/p/t/resultaat/4")  # its own words


def test_the_professional_says_how_to_be_reached_and_the_others_give_tips(app):
    teacher, parent, youth = Phone(app, "teacher"), Phone(app, "parent"), Phone(app, "youth")
    code, f_url = start(teacher)
    join(parent, code, nickname="Ayse")
    join(youth, code, role="youth")
    page = text_of(teacher, f_url + "afsluiting")
    assert "Wanneer en hoe ben ik bereikbaar?" in page
    assert "Zo is de professional bereikbaar" not in visible(text_of(parent, "/p/lijst"))  # not filled in yet
    saved = teacher.post(f_url + "afsluiting", {"text": "Maandag en woensdag van 9 tot 12 uur, 06-12345678"})
    assert saved.status_code == 303
    with app.app_context():
        conversation = db.session.scalar(sa.select(Conversation))
        assert (conversation.reachable, conversation.reachable_language) == (
            "Maandag en woensdag van 9 tot 12 uur, 06-12345678", "nl")
    assert "Maandag en woensdag van 9 tot 12 uur" in text_of(teacher, f_url + "afsluiting")  # kept in the field

    # the parent is asked for tips; the professional (at the table on its own phone) is not
    assert "De professional vraagt: heb je tips voor mij?" in text_of(parent, "/p/afsluiting")
    assert "heb je tips voor mij?" not in text_of(teacher, "/p/afsluiting")
    assert "Maandag en woensdag van 9 tot 12 uur" in visible(text_of(parent, "/p/afsluiting"))
    assert parent.post("/p/afsluiting", {"experience": "good", "covered": "yes",
                                         "tips": "Stuur vaker een kort bericht"}).status_code == 303
    assert youth.post("/p/afsluiting", {"experience": "fair", "tips": ""}).status_code == 303
    assert teacher.post("/p/afsluiting", {"experience": "good", "tips": "Sneaky"}).status_code == 303
    with app.app_context():
        tips = sorted(db.session.scalars(sa.select(ClosingAnswer.tips)))
    assert tips == ["", "", "Stuur vaker een kort bericht"]  # the professional's own phone asks no tips
    assert "Tips voor de professional: Stuur vaker een kort bericht" in visible(text_of(teacher, f_url + "afsluiting"))

    listing = visible(text_of(youth, "/p/lijst"))
    closing = between(listing, "Afronding", "Samen terugkijken")
    assert "Zo is de professional bereikbaar Maandag en woensdag van 9 tot 12 uur, 06-12345678" in closing
    assert "Tips voor de professional Stuur vaker een kort bericht (Ouder of verzorger)" in closing
    plain = text_of(parent, "/p/lijst.txt")
    assert "Zo is de professional bereikbaar: Maandag en woensdag van 9 tot 12 uur, 06-12345678" in plain
    assert "- Stuur vaker een kort bericht (Ouder of verzorger)" in plain
    assert "Stuur vaker een kort bericht" in visible(text_of(teacher, f_url + "lijst/tweetalig?taal=nl"))
    data = teacher.get(f_url + "export.json").get_json()
    assert data["reachable"] == {"text": "Maandag en woensdag van 9 tot 12 uur, 06-12345678", "language": "nl"}
    assert {c["role"]: c["tips"] for c in data["closing"]} == {
        "parent": "Stuur vaker een kort bericht", "youth": "", "professional": ""}
    assert list(Draft202012Validator(SCHEMA).iter_errors(data)) == []
    # emptied again: off the list, null in the export
    assert teacher.post(f_url + "afsluiting", {"text": ""}).status_code == 303
    assert "Zo is de professional bereikbaar" not in visible(text_of(parent, "/p/lijst"))
    assert teacher.get(f_url + "export.json").get_json()["reachable"] is None


def test_too_long_reachability_or_tips_are_refused_and_nothing_is_stored(app):
    teacher, parent = Phone(app), Phone(app)
    code, f_url = start(teacher)
    join(parent, code)
    teacher.get(f_url + "afsluiting")
    refused = teacher.post(f_url + "afsluiting", {"text": "r" * 301})
    assert refused.status_code == 400 and "Gebruik hoogstens 300 tekens." in refused.get_data(as_text=True)
    parent.get("/p/afsluiting")
    refused = parent.post("/p/afsluiting", {"tips": "t" * 1001})
    assert refused.status_code == 400 and "Gebruik hoogstens 1000 tekens." in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(Conversation.reachable)) == ""
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ClosingAnswer)) == 0


def test_what_we_expect_of_each_other_is_an_optional_opening_question(app):
    teacher, parent, foster = Phone(app, "teacher"), Phone(app, "parent"), Phone(app, "foster")
    code, f_url = start_with_opening(teacher)
    join(parent, code, nickname="Ayse")
    join(foster, code, role="foster")
    assert "Wat verwachten we van elkaar? (mag leeg blijven)" in text_of(parent, "/p/opening")
    # left empty: the opening is done all the same
    assert foster.post("/p/opening", {"text": "Weten hoe het gaat"}).status_code == 303
    assert foster.get("/p").location.endswith("/p/themas")
    assert parent.post("/p/opening", {"text": "Rust voor Sam", "expectations": "Dat we elkaar bellen als er iets is"
                                      }).status_code == 303
    with app.app_context():
        opening_rows = db.session.scalars(sa.select(Answer).where(Answer.theme_key == "_opening"))
        stored = {(a.question, a.text) for a in opening_rows}
    assert ("expectations", "Dat we elkaar bellen als er iets is") in stored and ("goal", "Rust voor Sam") in stored
    opening = visible(text_of(foster, "/p/opening"))
    assert "Dit verwachten we van elkaar Ouder of verzorger (Ayse): Dat we elkaar bellen als er iets is" in opening
    goals = between(opening, "Dit willen we samen bereiken", "Dit verwachten we van elkaar")
    assert "Dat we elkaar bellen" not in goals and "Rust voor Sam" in goals
    assert "Dat we elkaar bellen als er iets is" in visible(text_of(teacher, f_url))
    assert "Dat we elkaar bellen als er iets is" in between(visible(text_of(parent, "/p/lijst")),
                                                            "Dit verwachten we van elkaar")
    assert "Dit verwachten we van elkaar:\n- Dat we elkaar bellen als er iets is" in text_of(parent, "/p/lijst.txt")
    data = teacher.get(f_url + "export.json").get_json()
    assert [e["text"] for e in data["expectations"]] == ["Dat we elkaar bellen als er iets is"]
    assert [g["text"] for g in data["goals"]] == ["Rust voor Sam", "Weten hoe het gaat"]
    # the answer is kept in the field, and may be emptied again
    assert "Dat we elkaar bellen als er iets is</textarea>" in text_of(parent, "/p/opening")
    assert parent.post("/p/opening", {"text": "Rust voor Sam", "expectations": ""}).status_code == 303
    assert "Dit verwachten we van elkaar" not in visible(text_of(parent, "/p/lijst"))


def test_without_the_opening_the_list_shows_no_expectations(app):
    teacher, parent = Phone(app), Phone(app)
    code, _f_url = start(teacher)
    join(parent, code)
    assert parent.post("/p/opening", {"text": "", "expectations": "Iets"}).status_code == 303
    assert "Dit verwachten we van elkaar" not in visible(text_of(parent, "/p/lijst"))


def test_the_team_scan_has_the_theme_what_we_expect_of_each_other(app):
    deck = get_deck("teamscan")
    theme = deck.theme("verwachtingen")
    assert theme is not None and theme.title == "Wat verwachten we van elkaar?" and len(theme.suggestions) >= 3
    lead, colleague = Phone(app), Phone(app)
    code, f_url = start(lead, deck="teamscan")
    join(colleague, code, role="professional")
    assert "Wat verwachten we van elkaar?" in text_of(colleague, "/p/themas")
    set_agenda(lead, f_url, "verwachtingen")
    assert deck.question("professional", "helps") in text_of(colleague, "/p/t/verwachtingen/4")
    answer_theme(colleague, "verwachtingen", scale="fair", helps="Een vast eerste gesprek",
                 choice="eerste-gesprek")
    listing = visible(text_of(colleague, "/p/lijst"))
    assert "Wat verwachten we van elkaar?" in listing and "Een vast eerste gesprek" in listing


@pytest.mark.parametrize(("key", "words"), [
    ("mogelijkheden", "ook buiten de regels als het kind dat nodig heeft"),
    ("verbinding", "we geven advies zonder te dwingen"),
    ("steun", "iemand die niet bij ons werkt"),
])
def test_the_lost_nuances_are_back_in_the_deck(app, key, words):
    assert words in get_deck("praatplaat").theme(key).text
    suggestion = get_deck("praatplaat").theme("steun").suggestion("gratis-hulp")
    assert "gratis" in suggestion.text and "niet bij ons of de gemeente" in suggestion.text  # independent, free
    teacher, parent = Phone(app), Phone(app)
    code, f_url = start(teacher)
    join(parent, code)
    set_agenda(teacher, f_url, key)
    assert words in visible(text_of(parent, f"/p/t/{key}/1"))


def test_the_about_page_names_what_comes_from_which_source(app):
    about = visible(text_of(Phone(app), "/over"))
    praatplaat = between(about, "De praatplaat van het netwerk Met Andere Ogen (2022)", "De waaier Partnerschap")
    assert "De vijf vragen bij elk thema" in praatplaat and "met én voor het kind" in praatplaat
    waaier = between(about, "De waaier Partnerschap van Koraal", "Het overzicht van onderzoek")
    assert "heb je tips voor mij?" in waaier and "wanneer en hoe" in waaier
    literature = between(about, "Het overzicht van onderzoek: Wat werkt in partnerschap met ouders", "Andere teksten")
    assert "Wat verwachten we van elkaar?" in literature and "teamscan" in literature


def test_answers_from_before_the_split_still_show_after_migration_0006(database_url):
    """An answer to the old joined step ("ideas") stays under "Hoe zou dat beter kunnen?"; the person is not sent
    back to the new step; an earlier round's list gets the new export fields and still follows the schema."""
    from flask_migrate import upgrade

    from praatplaat import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "x", "TESTING": True,
                      "RATELIMIT_STORAGE_URI": "memory://"})
    directory = str(app.extensions["migrate"].directory)
    old_list = {"schema": "praatplaat/afsprakenlijst/1", "round": 1, "title": "", "deck": "praatplaat",
                "deck_title": "", "created_at": "2026-11-01T10:00:00Z", "lookback_on": None, "participants": [],
                "themes": [{"key": "resultaat", "title": "Werk samen voor resultaat", "own": False, "closed": False,
                            "scales": [], "views_differ": False, "strengths": [],
                            "ideas": [{"role": "parent", "nickname": "", "text": "Oud idee", "language": "nl"}],
                            "agreements": [], "to_discuss": []}],
                "closing": [{"role": "parent", "experience": "good", "covered": "yes", "question": "",
                             "language": "nl"}], "goals": []}
    with app.app_context():
        upgrade(directory=directory, revision="0005")
        with db.engine.begin() as c:
            c.execute(sa.text(
                "INSERT INTO conversation (id, join_code, facilitator_hash, title, deck, mode, language, joining_open,"
                " join_expires_at, agenda_set, created_at, last_activity_at, version, screen, screen_languages,"
                " opening, round) VALUES (1, 'ABCDEF', :f, 'Oud gesprek', 'praatplaat', 'table', 'nl', true,"
                " '2030-01-01', true, '2026-11-01', '2026-11-01', 1, 'join', 'nl', false, 2)"),
                {"f": token_hash("facilitator-secret")})
            c.execute(sa.text("INSERT INTO participant (id, conversation_id, token_hash, role, nickname, language,"
                              " is_facilitator, created_at) VALUES (1, 1, :t, 'parent', 'Ayse', 'nl', false,"
                              " '2026-11-01')"), {"t": token_hash("parent-secret-token-1")})
            c.execute(sa.text("INSERT INTO agenda_item (conversation_id, theme_key, position, closed)"
                              " VALUES (1, 'resultaat', 1, false)"))
            for question, scale, text, template, who, when in (
                    ("scale", "fair", "", None, None, None), ("strengths", None, "Goed contact", None, None, None),
                    ("ideas", None, "Vaker mailen en een vast moment", None, None, None),
                    ("proposal", None, "", "doel", "together", "week")):
                c.execute(sa.text(
                    "INSERT INTO answer (participant_id, theme_key, question, scale, text, language, template,"
                    " who, \"when\", updated_at, approved) VALUES (1, 'resultaat', :q, :s, :x, 'nl', :t, :w, :n,"
                    " '2026-11-01', false)"), {"q": question, "s": scale, "x": text, "t": template, "w": who,
                                               "n": when})
            c.execute(sa.text("INSERT INTO closing_answer (participant_id, experience, covered, question, language)"
                              " VALUES (1, 'good', 'yes', '', 'nl')"))
            c.execute(sa.text("INSERT INTO round_snapshot (conversation_id, number, closed_on, data)"
                              " VALUES (1, 1, '2026-11-15', :d)"), {"d": json.dumps(old_list)})
        upgrade(directory=directory)
        with db.engine.begin() as c:
            rows = c.execute(sa.text("SELECT question, text FROM answer ORDER BY id")).all()
            snapshot = json.loads(c.execute(sa.text("SELECT data FROM round_snapshot")).scalar())
        db.session.remove()
    assert ("ideas", "Vaker mailen en een vast moment") in rows and ("helps", "") in rows  # nothing moved or lost
    assert snapshot["themes"][0]["helps"] == [] and snapshot["closing"][0]["tips"] == ""
    assert snapshot["expectations"] == [] and snapshot["reachable"] is None

    parent = Phone(app, "parent")
    parent.client.set_cookie(PARTICIPANT_COOKIE, "parent-secret-token-1")
    assert parent.get("/p").location.endswith("/p/t/resultaat/samen")  # not sent back to the new step
    merged = visible(text_of(parent, "/p/t/resultaat/samen"))
    assert "Ouder of verzorger (Ayse): Vaker mailen en een vast moment" in between(merged, BETTER, HELPS)
    assert "Idee: Vaker mailen en een vast moment" in visible(text_of(parent, "/p/lijst"))
    assert "Vaker mailen en een vast moment" in text_of(parent, "/p/lijst.txt")
    data = Phone(app).get("/f/facilitator-secret/export.json").get_json()
    assert [t["text"] for t in data["themes"][0]["ideas"]] == ["Vaker mailen en een vast moment"]
    assert data["themes"][0]["helps"] == [] and data["history"][0]["list"]["themes"][0]["helps"] == []
    assert list(Draft202012Validator(SCHEMA).iter_errors(data)) == []
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
