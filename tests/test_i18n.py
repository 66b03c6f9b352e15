"""One list, every reader: a Turkish-reading parent and a Dutch-reading teacher, and language choice."""

from __future__ import annotations

import re

import pytest
from conftest import Phone, answer_theme, join, set_agenda, start
from flask_babel import force_locale, gettext

SUGGESTION = "Een doel voor het kind kiezen en opschrijven."


def translated(app, code: str, text: str) -> str:
    with app.test_request_context(), force_locale(code):
        return gettext(text)


@pytest.fixture
def agreed(app):
    teacher, parent = Phone(app, "teacher"), Phone(app, "parent")
    code, f_url = start(teacher, title="Gesprek over Sam")
    join(parent, code, role="parent", language="tr")
    set_agenda(teacher, f_url, "resultaat")
    answer_theme(teacher, "resultaat", choice="doel", who="together", when="week", strengths="Wij praten elke week.")
    answer_theme(parent, "resultaat", choice="doel", who="together", when="week", strengths="Her gün konuşuyoruz.")
    key = re.search(r'name="proposal" value="(\w+)"', parent.get("/p/t/resultaat/samen").get_data(as_text=True))[1]
    for phone in (teacher, parent):
        phone.post("/p/t/resultaat/samen", {"proposal": key, "agree": "yes"})
    return teacher, parent, f_url


def test_each_reads_the_same_agreement_in_their_own_language(app, agreed):
    teacher, parent, _ = agreed
    dutch = teacher.get("/p/lijst").get_data(as_text=True)
    turkish = parent.get("/p/lijst").get_data(as_text=True)
    assert '<html lang="nl" dir="ltr">' in dutch and '<html lang="tr" dir="ltr">' in turkish
    tr_suggestion = translated(app, "tr", SUGGESTION)
    assert tr_suggestion != SUGGESTION
    assert SUGGESTION in dutch and tr_suggestion in turkish and SUGGESTION not in turkish
    for word in ("Samen", "Dit gaan we doen", "Afsprakenlijst"):
        assert translated(app, "tr", word) in turkish
    assert "november" in dutch.lower() or "december" in dutch.lower() or re.search(r"\d{4}", dutch)
    # Free text is shown as written, marked with its language in the reader's language.
    assert "Her gün konuşuyoruz." in dutch and "geschreven in het Turks" in dutch
    assert "Wij praten elke week." in turkish and "Felemenkçe" in turkish


def test_bilingual_print_carries_both_languages(app, agreed):
    teacher, parent, f_url = agreed
    page = parent.get("/p/lijst/tweetalig").get_data(as_text=True)
    assert '<div class="column" lang="tr" dir="ltr">' in page and '<div class="column" lang="nl" dir="ltr">' in page
    assert SUGGESTION in page and translated(app, "tr", SUGGESTION) in page
    facilitator = teacher.get(f_url + "lijst/tweetalig?taal=tr").get_data(as_text=True)
    assert SUGGESTION in facilitator and translated(app, "tr", SUGGESTION) in facilitator
    assert teacher.get(f_url + "lijst/tweetalig?taal=uk").status_code == 404  # not a language of this table


def test_language_choice_order(app):
    phone = Phone(app)
    assert 'lang="nl"' in phone.get("/").get_data(as_text=True)
    page = phone.get("/", headers={"Accept-Language": "ar,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
    phone.post("/taal", {"lang": "pl", "next": "/"})
    page = phone.get("/", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert '<html lang="pl" dir="ltr">' in page  # the explicit choice wins over the browser


def test_participant_language_follows_them_and_the_switcher_changes_it(app):
    teacher, parent = Phone(app), Phone(app)
    code, _ = start(teacher)
    join(parent, code, language="uk")
    assert 'lang="uk"' in parent.get("/p/themas").get_data(as_text=True)
    response = parent.post("/taal", {"lang": "ar", "next": "/p/themas"})
    assert response.status_code == 303 and response.location == "/p/themas"
    page = parent.get("/p/themas").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
    assert translated(app, "ar", "Werk samen voor resultaat") in page


@pytest.mark.parametrize("code", ["en", "tr", "ar", "pl", "uk"])
def test_join_page_and_errors_are_translated(app, code):
    phone = Phone(app)
    phone.post("/taal", {"lang": code, "next": "/"})
    page = phone.get("/j/ZZZZZZ").get_data(as_text=True)
    assert translated(app, code, "Niet gevonden") in page and "Niet gevonden" not in page
    assert "Deze pagina bestaat niet" not in page
