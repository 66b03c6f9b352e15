"""One list, every reader: a Turkish-reading parent and a Dutch-reading teacher, and language choice."""

from __future__ import annotations

import re

import pytest
from babel.dates import format_date
from conftest import PLANNED_DAY, Phone, answer_theme, join, set_agenda, start, visible
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


@pytest.mark.parametrize("code", ["en", "tr", "ar", "pl", "uk", "so", "ti", "fa"])
def test_join_page_and_errors_are_translated(app, code):
    phone = Phone(app)
    phone.post("/taal", {"lang": code, "next": "/"})
    page = phone.get("/j/ZZZZZZ").get_data(as_text=True)
    assert translated(app, code, "Niet gevonden") in page and "Niet gevonden" not in page
    assert "Deze pagina bestaat niet" not in page


NEW_LANGUAGES = {"so": ("Soomaali", "ltr"), "ti": ("ትግርኛ", "ltr"), "fa": ("فارسی", "rtl")}


def test_the_language_chooser_names_the_new_languages_in_their_own_script(app):
    phone = Phone(app)
    home = phone.get("/").get_data(as_text=True)
    code, _ = start(Phone(app))
    join_page = phone.get(f"/j/{code}").get_data(as_text=True)
    for lang, (name, _direction) in NEW_LANGUAGES.items():
        assert f'<button type="submit" name="lang" value="{lang}" lang="{lang}" dir="auto">{name}</button>' in home
        assert f'value="{lang}"' in join_page and f'<span lang="{lang}" dir="auto">{name}</span>' in join_page


@pytest.mark.parametrize("lang", sorted(NEW_LANGUAGES))
def test_a_parent_reads_the_agreement_and_its_date_in_a_new_language(app, lang):
    teacher, parent = Phone(app, "teacher"), Phone(app, "parent")
    code, f_url = start(teacher)
    join(parent, code, role="parent", language=lang)
    set_agenda(teacher, f_url, "resultaat")
    for phone in (teacher, parent):
        answer_theme(phone, "resultaat", choice="doel", who="together", when="date", when_date=PLANNED_DAY.isoformat())
    key = re.search(r'name="proposal" value="(\w+)"', parent.get("/p/t/resultaat/samen").get_data(as_text=True))[1]
    for phone in (teacher, parent):
        phone.post("/p/t/resultaat/samen", {"proposal": key, "agree": "yes"})
    page = parent.get("/p/lijst").get_data(as_text=True)
    assert f'<html lang="{lang}" dir="{NEW_LANGUAGES[lang][1]}">' in page
    assert format_date(PLANNED_DAY, "long", locale=lang) in visible(page)  # the month in the reader's own words
    for dutch in (SUGGESTION, "Afsprakenlijst", "Samen"):
        assert translated(app, lang, dutch) != dutch and translated(app, lang, dutch) in page
    assert SUGGESTION not in page


@pytest.mark.parametrize("lang", ["nl", "en", "so", "ti", "fa"])
def test_the_about_page_says_how_each_language_was_translated(app, lang):
    phone = Phone(app)
    phone.post("/taal", {"lang": lang, "next": "/"})
    page = visible(phone.get("/over").get_data(as_text=True))
    assert translated(app, lang, "Hoe zijn de vertalingen gemaakt?") in page
    not_checked = translated(app, lang, "Nog niemand met deze taal als moedertaal heeft het nagekeken.")
    assert page.count(not_checked) == 8  # en ar tr pl uk so ti fa: none has had a native speaker's check yet
    if lang == "nl":
        for name in ("Somalisch (Soomaali)", "Tigrinya (ትግርኛ)", "Perzisch (فارسی)", "Engels (English)"):
            assert name in page
