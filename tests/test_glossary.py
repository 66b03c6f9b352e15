"""A glossary that travels (issue 14): hard words are explained on every page where they appear, in every
language; the words and explanations are data (praatplaat/plainwords/glossary.toml)."""

from __future__ import annotations

import re

import pytest
from conftest import Phone, join, set_agenda, start, visible
from flask_babel import force_locale, gettext
from markupsafe import escape

from praatplaat.glossary import explain_words
from praatplaat.i18n import LANGUAGES
from praatplaat.plainlang import problems
from praatplaat.plainwords import GlossaryEntry, glossary

LINK = re.compile(r'<a class="gloss-word" href="#uitleg-(\d+)">([^<]*)</a>')
ASKED_FOR = {"jeugdbescherming", "gezinsvoogd", "netwerk", "professional", "afspraak", "agenda"}


def explanations(page: str) -> str:
    """The words the list at the bottom of the page explains, as a person reads them."""
    assert 'class="glossary"' in page, "no glossary on this page"
    return visible(page.split('class="glossary"', 1)[1].split("</section>", 1)[0])


def test_at_least_fifteen_words_each_with_a_plain_explanation():
    entries = glossary()
    assert len(entries) >= 15
    assert ASKED_FOR <= {e.forms[0] for e in entries}
    for entry in entries:
        assert problems(entry.explanation) == [], entry.explanation
        assert problems(entry.word) == [], entry.word


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_every_word_is_explained_in_every_language(app, code):
    with app.test_request_context("/"), force_locale(code):
        for entry in glossary():
            forms = GlossaryEntry.split(gettext(entry.word))
            assert forms, entry.word
            if code != "nl":
                assert gettext(entry.explanation) != entry.explanation, (code, entry.explanation)
            for form in forms:
                html = str(explain_words(f"<p>Over de {form} praten we.</p>"))
                assert LINK.search(html) and LINK.search(html).group(2) == form, (code, form)
                assert str(escape(gettext(entry.explanation))) in html, (code, form)


def test_first_occurrence_is_linked_the_rest_is_left_alone(app):
    with app.test_request_context("/"), force_locale("nl"):
        html = str(explain_words("<h1>De afspraken</h1><p>Een afspraak. Nog een afspraak.</p>"
                                 "<label>Netwerk</label><button>gezinsvoogd</button><p>Het netwerk helpt.</p>"
                                 '<p><bdi dir="auto">de agenda &lt;script&gt;</bdi></p>'))
    assert LINK.findall(html) == [("1", "afspraken"), ("2", "netwerk")]  # not in a label, a button or own words
    assert html.count("Een afspraak.") == 1 and "<label>Netwerk</label>" in html
    assert "<button>gezinsvoogd</button>" in html and "&lt;script&gt;" in html  # still escaped
    listed = explanations(html)
    for word in ("afspraak", "netwerk", "gezinsvoogd", "agenda"):
        assert word in listed
    assert listed.index("afspraak") < listed.index("netwerk") < listed.index("gezinsvoogd")


def test_a_page_without_hard_words_has_no_list(app):
    with app.test_request_context("/"), force_locale("nl"):
        assert str(explain_words("<p>We praten samen.</p>")) == "<p>We praten samen.</p>"


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_pages_explain_their_hard_words(app, language):
    facilitator, parent = Phone(app), Phone(app)
    code, facilitator_url = start(facilitator)
    join(parent, code, role="foster", language=language)
    with app.test_request_context("/"), force_locale(language):
        word = {e.forms[0]: GlossaryEntry.split(gettext(e.word))[0] for e in glossary()}
        explained = {e.forms[0]: gettext(e.explanation) for e in glossary()}
    expected = {"/p/themas": ("thema", "agenda"), "/p/lijst": ("afsprakenlijst",), "/over": ("thema",)}
    for url, words in expected.items():
        page = parent.get(url).get_data(as_text=True)
        assert parent.last.status_code == 200, url
        listed = explanations(page)
        for key in words:
            assert f"{word[key]} {explained[key]}" in listed, (url, key)  # the word, then what it means
        number, linked = LINK.findall(page)[0]
        assert f'<dt id="uitleg-{number}">' in page, url  # the link leads to its explanation
    front = Phone(app).get("/", headers={"Accept-Language": language}).get_data(as_text=True)
    for key in ("afspraak", "gespreksleider", "QR-code"):
        assert explained[key] in explanations(front), key
    facilitator_page = facilitator.get(facilitator_url).get_data(as_text=True)
    assert "De persoon die het gesprek begint en leidt." in explanations(facilitator_page)


def test_the_projector_screen_has_no_glossary(app):
    facilitator = Phone(app)
    _code, facilitator_url = start(facilitator, mode="evening")
    page = facilitator.get(facilitator_url + "scherm").get_data(as_text=True)
    assert facilitator.last.status_code == 200
    assert 'class="glossary"' not in page and "gloss-word" not in page


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_a_source_title_shows_its_plain_line_under_it(app, language):
    facilitator, parent = Phone(app), Phone(app)
    code, facilitator_url = start(facilitator)
    join(parent, code, language=language)
    set_agenda(facilitator, facilitator_url, "dichtbij")
    page = visible(parent.get("/p/themas").get_data(as_text=True))
    with app.test_request_context("/"), force_locale(language):
        title, line = gettext("Sta dichtbij"), gettext("Wees er als het gezin je nodig heeft")
    assert f"{title} {line}" in page
    question = visible(parent.get("/p/t/dichtbij/1").get_data(as_text=True))
    assert parent.last.status_code == 200 and f"{title} {line}" in question


def test_where_a_word_may_be_linked(app):
    """Only words in running text become links: not in an attribute, a comment, a button, a link or an SVG; a word
    is whole ("afspraken" is not "afspraak", "QR-code" is not "code"); upper case is the same word."""
    with app.test_request_context("/"), force_locale("nl"):
        html = str(explain_words('<p title="afspraak">x</p><!-- afspraak --><button type="submit">afspraak</button>'
                                 '<a href="/">afspraak</a><svg><title>afspraak</title></svg>'
                                 "<p>afspraakje, Afspraak.</p>"))
    assert LINK.findall(html) == [("1", "Afspraak")]
    assert '<p title="afspraak">' in html and "<!-- afspraak -->" in html and "afspraakje, " in html


def test_the_longest_form_wins(app):
    with app.test_request_context("/"), force_locale("nl"):
        html = str(explain_words("<p>De Afsprakenlijsten en de afsprakenlijst.</p>"))
    assert LINK.findall(html) == [("1", "Afsprakenlijsten")]  # not "afsprakenlijst" with "en" after it
    assert "afsprakenlijst" in explanations(html)
