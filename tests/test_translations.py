"""A person translates (issue 12): the tolk joins, translates a Turkish parent's words into Dutch and a Dutch
teacher's words into Turkish; readers see the translation first, marked, with the original one tap away; the
writer can say "klopt niet"; changed words lose their translations; bad input stores nothing.

Run: `pytest tests/test_translations.py` (with PRAATPLAAT_TEST_POSTGRES_URL set for PostgreSQL too).
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import Phone, all_rows, answer_id, answer_theme, between, join, set_agenda, start, visible
from sqlalchemy import select

from praatplaat.db import db
from praatplaat.models import Translation

PARENT_WORDS = "Okumayı çok seviyor"
PARENT_IN_DUTCH = "Hij leest heel graag"
TEACHER_WORDS = "Hij helpt graag in de klas"
TEACHER_IN_TURKISH = "Sınıfta yardım etmeyi seviyor"


def _translations(app) -> list[tuple]:
    with app.app_context():
        return [tuple(r) for r in db.session.execute(select(
            Translation.answer_id, Translation.language, Translation.text, Translation.role, Translation.disputed)
            .order_by(Translation.id))]


@pytest.fixture
def table(app):
    """A Dutch teacher, a parent with a Turkish menu, and a tolk (Dutch menu); each wrote in their own language."""
    teacher, parent, tolk = Phone(app, "teacher"), Phone(app, "parent"), Phone(app, "tolk")
    code, f_url = start(teacher, nickname="Juf Anna")
    join(parent, code, role="parent", language="tr", nickname="Ayşe")
    page = tolk.get(f"/j/{code}").get_data(as_text=True)
    assert 'value="interpreter"' in page and "Tolk" in visible(page)
    response = join(tolk, code, role="interpreter", language="nl", nickname="Mehmet")
    set_agenda(teacher, f_url, "resultaat")
    answer_theme(parent, "resultaat", strengths=PARENT_WORDS, choice="doel")
    answer_theme(teacher, "resultaat", strengths=TEACHER_WORDS, choice="doel")
    teacher.get("/p/t/resultaat/samen")  # read (and kept) before anything is translated
    return {"app": app, "teacher": teacher, "parent": parent, "tolk": tolk, "f_url": f_url, "code": code,
            "joined": response, "parent_answer": answer_id(app, PARENT_WORDS),
            "teacher_answer": answer_id(app, TEACHER_WORDS)}


def _translate(phone: Phone, answer_id: int, language: str, text: str):
    return phone.post(f"/p/vertalen/{answer_id}", {"language": language, "text": text})


def test_the_tolk_translates_both_ways_and_each_reader_sees_their_language_first(table):
    app, teacher, parent, tolk = table["app"], table["teacher"], table["parent"], table["tolk"]
    # The tolk's phone goes to the translate screen, not to the questions.
    assert tolk.get("/p").location.endswith("/p/vertalen")
    page = visible(tolk.get("/p/vertalen").get_data(as_text=True))
    assert PARENT_WORDS in page and TEACHER_WORDS in page
    screen = tolk.text()
    parent_form = between(screen, f'id="t-{table["parent_answer"]}"', "</article>")
    assert 'value="nl" checked' in parent_form and 'value="tr"' not in parent_form  # not into its own language
    teacher_form = between(screen, f'id="t-{table["teacher_answer"]}"', "</article>")
    assert 'value="tr" checked' in teacher_form and 'value="nl"' not in teacher_form
    assert _translate(tolk, table["parent_answer"], "nl", PARENT_IN_DUTCH).status_code == 303
    assert _translate(tolk, table["teacher_answer"], "tr", TEACHER_IN_TURKISH).status_code == 303
    assert _translations(app) == [(table["parent_answer"], "nl", PARENT_IN_DUTCH, "interpreter", False),
                                  (table["teacher_answer"], "tr", TEACHER_IN_TURKISH, "interpreter", False)]

    # The Dutch teacher: the translation first, marked as the tolk's; the Turkish words one tap away.
    merged = teacher.get("/p/t/resultaat/samen").get_data(as_text=True)
    item = between(merged, PARENT_IN_DUTCH, "</li>")
    assert visible(item).startswith("(Vertaling van de tolk) Bekijk de tekst in het Turks")
    assert re.search(r'<details class="original"><summary>[^<]*</summary><bdi dir="auto" data-read-aloud lang="tr">'
                     + PARENT_WORDS, item)
    assert f'lang="nl">{PARENT_IN_DUTCH}' in merged
    assert PARENT_IN_DUTCH in visible(teacher.get("/p/lijst").get_data(as_text=True))
    # The teacher's own words stay as written, and show that a Turkish translation exists.
    mine = between(merged, TEACHER_WORDS, "</li>")
    assert "Vertaling in het Turks:" in visible(mine) and TEACHER_IN_TURKISH in mine and "Klopt niet" in mine

    # The Turkish parent reads the teacher's words in Turkish.
    merged_tr = parent.get("/p/t/resultaat/samen").get_data(as_text=True)
    assert f'lang="tr">{TEACHER_IN_TURKISH}' in merged_tr
    assert merged_tr.index(TEACHER_IN_TURKISH) < merged_tr.index(TEACHER_WORDS)
    assert TEACHER_IN_TURKISH in visible(parent.get("/p/lijst").get_data(as_text=True))


def test_the_writer_says_klopt_niet_and_readers_see_the_original_first(table):
    app, teacher, parent, tolk = table["app"], table["teacher"], table["parent"], table["tolk"]
    _translate(tolk, table["parent_answer"], "nl", PARENT_IN_DUTCH)
    before = all_rows(app)
    # Only the writer may say it: the teacher cannot, nor the tolk.
    for phone in (teacher, tolk):
        phone.get("/p/lijst")
        assert phone.post(f"/p/vertaling/{table['parent_answer']}/nl/klopt-niet").status_code == 404
    assert all_rows(app) == before
    page = parent.get("/p/t/resultaat/samen").get_data(as_text=True)
    assert f"/p/vertaling/{table['parent_answer']}/nl/klopt-niet" in page
    response = parent.post(f"/p/vertaling/{table['parent_answer']}/nl/klopt-niet")
    assert response.status_code == 303 and response.location.endswith("/p/t/resultaat/samen")
    assert _translations(app)[0][-1] is True
    merged = teacher.get("/p/t/resultaat/samen").get_data(as_text=True)
    item = between(merged, 'lang="tr">' + PARENT_WORDS, "</li>")
    assert "De schrijver zegt: de vertaling klopt niet." in visible(item) and PARENT_IN_DUTCH in item
    assert merged.index(PARENT_WORDS) < merged.index(PARENT_IN_DUTCH)
    assert "Je zei: klopt niet." not in visible(merged)
    # A new translation replaces the old one and is shown first again.
    assert _translate(tolk, table["parent_answer"], "nl", "Hij leest heel graag boeken").status_code == 303
    assert _translations(app) == [(table["parent_answer"], "nl", "Hij leest heel graag boeken", "interpreter",
                                   False)]
    merged = teacher.get("/p/t/resultaat/samen").get_data(as_text=True)
    assert merged.index("Hij leest heel graag boeken") < merged.index(PARENT_WORDS)


def test_anyone_at_the_table_may_translate_marked_by_their_role(table):
    app, teacher = table["app"], table["teacher"]
    teacher.get("/p/vertalen")
    assert _translate(teacher, table["parent_answer"], "nl", PARENT_IN_DUTCH).status_code == 303
    assert _translations(app)[0][3] == "professional"
    merged = table["tolk"].get("/p/t/resultaat/samen").get_data(as_text=True)
    assert "(Vertaling van de professional)" in visible(merged)


def test_changed_words_lose_their_translations(table):
    app, parent, tolk = table["app"], table["parent"], table["tolk"]
    _translate(tolk, table["parent_answer"], "nl", PARENT_IN_DUTCH)
    # Her question page says so before she changes anything (in her language).
    assert "Biri bunu 1 dile çevirdi." in visible(parent.get("/p/t/resultaat/2").get_data(as_text=True))
    assert parent.post("/p/t/resultaat/2", {"text": PARENT_WORDS}).status_code == 303  # the same words: kept
    assert len(_translations(app)) == 1
    assert parent.post("/p/t/resultaat/2", {"text": "Kitap okumayı çok seviyor"}).status_code == 303
    assert _translations(app) == []
    assert PARENT_IN_DUTCH not in table["teacher"].get("/p/t/resultaat/samen").get_data(as_text=True)


def test_opening_words_are_translated_too(app):
    teacher, parent, tolk = Phone(app, "teacher"), Phone(app, "parent"), Phone(app, "tolk")
    teacher.get("/")
    response = teacher.post("/start", {"start-deck": "praatplaat", "start-title": "Gesprek", "start-role":
                                       "professional", "start-mode": "table", "start-opening": "y"})
    assert response.status_code == 303
    code = re.search(r'class="code" dir="ltr">([0-9A-Z]{6})<',
                     teacher.get(response.location.split("?")[0]).get_data(as_text=True)).group(1)
    join(parent, code, role="parent", language="tr")
    join(tolk, code, role="interpreter")
    parent.get("/p/opening")
    assert parent.post("/p/opening", {"text": "Okulda mutlu olsun", "expectations": ""}).status_code == 303
    goal = answer_id(app, "Okulda mutlu olsun")
    assert "Okulda mutlu olsun" in visible(tolk.get("/p/vertalen").get_data(as_text=True))
    assert _translate(tolk, goal, "nl", "Dat hij blij is op school").status_code == 303
    teacher.get("/p/opening")
    assert teacher.post("/p/opening", {"text": "Dat we samenwerken", "expectations": ""}).status_code == 303
    page = teacher.get("/p/opening").get_data(as_text=True)
    assert page.index("Dat hij blij is op school") < page.index("Okulda mutlu olsun")
    assert "(Vertaling van de tolk)" in visible(page)


@pytest.mark.parametrize("case", ["own language", "not at the table", "no language", "empty", "too long",
                                  "far too long", "json", "own words", "other conversation", "huge id"])
def test_bad_translations_store_nothing(table, case):
    app, tolk, parent = table["app"], table["tolk"], table["parent"]
    other, stranger = Phone(app, "other"), Phone(app, "stranger")
    code, _f_url = start(other, title="Een ander gesprek")
    join(stranger, code, role="parent")
    tolk.get("/p/vertalen")
    before = all_rows(app)
    answer = table["parent_answer"]
    if case == "own language":
        response, status, shows = _translate(tolk, answer, "tr", "x"), 400, "Kies een taal."
    elif case == "not at the table":
        response, status, shows = _translate(tolk, answer, "en", "x"), 400, "Kies een taal."
    elif case == "no language":
        response, status, shows = tolk.post(f"/p/vertalen/{answer}", {"text": "x"}), 400, "Kies een taal."
    elif case == "empty":
        response, status, shows = _translate(tolk, answer, "nl", " \n "), 400, "Schrijf eerst de vertaling."
    elif case == "too long":
        response, status, shows = _translate(tolk, answer, "nl", "a" * 1001), 400, "te lang"
    elif case == "far too long":
        response, status, shows = _translate(tolk, answer, "nl", "a" * 70_000), 413, None
    elif case == "json":
        response = tolk.client.post(f"/p/vertalen/{answer}", data=json.dumps({"language": "nl", "text": "x"}),
                                    content_type="application/json", headers={"X-CSRFToken": tolk.token})
        status, shows = 415, None
    elif case == "own words":  # the parent does not translate herself
        parent.get("/p/vertalen")
        response, status, shows = _translate(parent, answer, "nl", "x"), 404, None
    elif case == "other conversation":
        foreign = stranger.post("/p/opening", {"text": "Ons doel"})
        assert foreign.status_code in (303, 404)
        other_answer = answer_id(app, "Ons doel") or 2147483647
        before = all_rows(app)
        response, status, shows = _translate(tolk, other_answer, "nl", "x"), 404, None
    else:
        response, status, shows = _translate(tolk, 2147483647, "nl", "x"), 404, None
    assert response.status_code == status, response.get_data(as_text=True)[-1500:]
    if shows:
        assert shows in visible(response.get_data(as_text=True))
    assert all_rows(app) == before


def test_the_tolk_is_offered_at_a_table_only(app):
    teacher, tolk = Phone(app, "teacher"), Phone(app, "tolk")
    code, _f_url = start(teacher, mode="evening")
    assert 'value="interpreter"' not in tolk.get(f"/j/{code}").get_data(as_text=True)
    assert tolk.post(f"/j/{code}", {"language": "nl", "role": "interpreter"}).status_code == 400
    code, _f_url = start(Phone(app, "lead"), deck="teamscan")
    assert 'value="interpreter"' not in tolk.get(f"/j/{code}").get_data(as_text=True)
    # The one who starts leads the conversation; they are not the tolk.
    assert 'value="interpreter"' not in teacher.get("/start").get_data(as_text=True)


def test_the_tolk_is_not_someone_who_does_an_agreement(table):
    page = table["parent"].get("/p/t/resultaat/5").get_data(as_text=True)
    assert 'value="role:professional"' in page and 'value="role:interpreter"' not in page


def test_a_proposal_in_own_words_is_translated_too(table):
    app, parent, teacher, tolk = table["app"], table["parent"], table["teacher"], table["tolk"]
    assert parent.post("/p/t/resultaat/5", {"choice": "own", "text": "Her hafta telefonda konuşalım",
                                            "who": "together", "when": "week"}).status_code == 303
    proposal = answer_id(app, "Her hafta telefonda konuşalım")
    assert "Her hafta telefonda konuşalım" in visible(tolk.get("/p/vertalen").get_data(as_text=True))
    assert _translate(tolk, proposal, "nl", "Elke week bellen we").status_code == 303
    page = teacher.get("/p/t/resultaat/samen").get_data(as_text=True)
    card = between(page, '<article class="proposal', "</article>")
    while "Elke week bellen we" not in card:  # the teacher's own proposal ("doel") comes first
        page = page.split(card, 1)[1]
        card = between(page, '<article class="proposal', "</article>")
    assert visible(card).split(" Wie ")[0].endswith(
        "Elke week bellen we (Vertaling van de tolk) Bekijk de tekst in het Turks Her hafta telefonda konuşalım")
    # A chosen suggestion (the teacher's) has no own words: nothing to translate there. Three texts in all.
    assert tolk.get("/p/vertalen").get_data(as_text=True).count('<article class="card translate"') == 3


def test_leaving_the_conversation(table):
    """The tolk leaves: the translations stay (marked by role). The writer leaves: their words and the
    translations of them go."""
    app, parent, tolk = table["app"], table["parent"], table["tolk"]
    _translate(tolk, table["parent_answer"], "nl", PARENT_IN_DUTCH)
    _translate(tolk, table["teacher_answer"], "tr", TEACHER_IN_TURKISH)
    tolk.get("/p/stoppen")
    assert tolk.post("/p/stoppen").status_code == 200
    assert [row[1:4] for row in _translations(app)] == [("nl", PARENT_IN_DUTCH, "interpreter"),
                                                        ("tr", TEACHER_IN_TURKISH, "interpreter")]
    assert "(Vertaling van de tolk)" in visible(table["teacher"].get("/p/t/resultaat/samen").get_data(as_text=True))
    parent.get("/p/stoppen")
    assert parent.post("/p/stoppen").status_code == 200
    assert [row[1] for row in _translations(app)] == ["tr"]
