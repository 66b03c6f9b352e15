"""How each language writes what is not a word of the catalog: lists, counts, dates, and text in the other
direction inside a plain-text file (issue 14, "translation slips")."""

from __future__ import annotations

from babel.dates import format_date
from babel.lists import format_list
from conftest import LOOKBACK_DAY, Phone, answer_theme, join, set_agenda, start, visible
from flask import render_template_string
from flask_babel import force_locale, gettext
from markupsafe import Markup

from praatplaat.i18n import FSI, PDI, isolate, one_full_stop

ARABIC_ANSWER = "نتحدث مع المدرسة كل أسبوع"
DUTCH_ANSWER = "Wij praten elke week."


def translated(app, code: str, text: str, **values) -> str:
    with app.test_request_context(), force_locale(code):
        return gettext(text, **values)


def in_language(app, code: str, source: str, **values) -> str:
    with app.test_request_context(), force_locale(code):
        return render_template_string(source, **values)


# --- Lists: the reader's own list rules, not a Latin comma --------------------------------------------------

def test_a_list_is_joined_by_the_readers_rules(sqlite_app):
    names = ["Sam", "Fatima", "Noor"]
    assert in_language(sqlite_app, "nl", "{{ names|as_list }}", names=names) == "Sam, Fatima en Noor"
    assert in_language(sqlite_app, "en", "{{ names|as_list }}", names=names) == "Sam, Fatima and Noor"
    arabic = in_language(sqlite_app, "ar", "{{ names|as_list }}", names=names)
    assert arabic == "Sam وFatima وNoor" and "," not in arabic
    assert in_language(sqlite_app, "tr", "{{ names[:2]|as_list }}", names=names) == "Sam ve Fatima"
    # In HTML a name is escaped; markup that is already safe (a person with <bdi>) stays markup.
    html = in_language(sqlite_app, "nl", "{{ items|as_list }}", items=["<b>", Markup("<bdi>Sam</bdi>")])
    assert html == "&lt;b&gt; en <bdi>Sam</bdi>"


def test_an_arabic_reader_sees_the_people_joined_with_wa(app):
    teacher, parent, youth = Phone(app, "teacher"), Phone(app, "parent"), Phone(app, "youth")
    code, _ = start(teacher)
    join(parent, code, role="parent", language="ar", nickname="Sara")
    join(youth, code, role="youth")
    roles = [translated(app, "ar", word) for word in ("Professional", "Ouder of verzorger", "Jeugdige")]
    label = translated(app, "ar", "Meegedaan:")

    page = visible(parent.get("/p/lijst").get_data(as_text=True))
    people = format_list([roles[0], f"{roles[1]} (Sara)", roles[2]], locale="ar")
    assert f"{label} {people}" in page and " و" in people and ", " not in people

    text = parent.get("/p/lijst.txt").get_data(as_text=True)
    people = format_list([roles[0], f"{roles[1]} ({FSI}Sara{PDI})", roles[2]], locale="ar")
    assert f"{label} {people}\n" in text


# --- Counts: every language's own plural forms ---------------------------------------------------------------

PICKED = '{{ ngettext("%(num)s mens koos dit", "%(num)s mensen kozen dit", n) }}'
NOT_YET = '{{ ngettext("%(num)s mens is het nog niet eens", "%(num)s mensen zijn het nog niet eens", n) }}'


def test_counts_take_the_plural_form_of_the_number(sqlite_app):
    expected = {
        ("nl", 1): "1 mens koos dit", ("nl", 5): "5 mensen kozen dit",
        ("pl", 1): "Wybrała 1 osoba", ("pl", 2): "Wybrały 2 osoby", ("pl", 5): "Wybrało 5 osób",
        ("uk", 1): "Вибрала 1 людина", ("uk", 22): "Вибрали 22 людини", ("uk", 5): "Вибрали 5 людей",
        ("uk", 11): "Вибрали 11 людей", ("uk", 21): "Вибрала 21 людина",
    }
    for (code, n), words in expected.items():
        assert in_language(sqlite_app, code, PICKED, n=n) == words, (code, n)
    assert in_language(sqlite_app, "nl", NOT_YET, n=1) == "1 mens is het nog niet eens"
    assert in_language(sqlite_app, "nl", NOT_YET, n=5) == "5 mensen zijn het nog niet eens"
    assert in_language(sqlite_app, "pl", NOT_YET, n=5) == "5 osób jeszcze się nie zgadza"
    assert in_language(sqlite_app, "uk", NOT_YET, n=1) == "1 людина ще не згодна"
    # Arabic: two is the dual, three to ten the plural, eleven to ninety-nine the singular accusative.
    arabic = {n: in_language(sqlite_app, "ar", PICKED, n=n) for n in (1, 2, 5, 11, 100)}
    assert arabic == {1: "اختاره 1 شخص", 2: "اختاره 2 شخصان", 5: "اختاره 5 أشخاص", 11: "اختاره 11 شخصًا",
                      100: "اختاره 100 شخص"}


def test_the_text_limit_counts_in_the_readers_language(app):
    app.config["NAME_MAX"] = 1
    join_code, _ = start(Phone(app))
    for language, words in (("nl", "Gebruik hoogstens 1 teken."), ("pl", "najwyżej 1 znak."),
                            ("uk", "щонайбільше 1 знак."), ("en", "no more than 1 character.")):
        phone = Phone(app)
        phone.post("/taal", {"lang": language, "next": "/"})
        phone.get(f"/j/{join_code}")
        refused = phone.post(f"/j/{join_code}", {"language": language, "role": "parent", "nickname": "Sam"})
        assert refused.status_code == 400 and words in refused.get_data(as_text=True), language


# --- Dates: British English, and one full stop after a date that ends with one -------------------------------

def test_english_dates_are_british_and_ukrainian_sentences_end_with_one_stop(app):
    teacher, english, ukrainian = Phone(app, "teacher"), Phone(app, "en"), Phone(app, "uk")
    code, f_url = start(teacher)
    join(english, code, language="en")
    join(ukrainian, code, language="uk")
    assert teacher.post(f_url + "terugblik", {"day": LOOKBACK_DAY.isoformat()}).status_code == 303

    page = visible(english.get("/p/lijst").get_data(as_text=True))
    british, american = (format_date(LOOKBACK_DAY, "long", locale=loc) for loc in ("en_GB", "en_US"))
    assert f"We will look back together on {british}." in page  # "15 June 2027"
    assert american not in page

    uk_date = format_date(LOOKBACK_DAY, "long", locale="uk")
    assert uk_date.endswith("р.")
    page = visible(ukrainian.get("/p/lijst").get_data(as_text=True))
    shown = " ".join(uk_date.split())  # visible() collapses the narrow no-break space before "р."
    assert f"Ми разом переглянемо домовленості {shown} " in page and "р.." not in page
    assert "р.." not in ukrainian.get("/p/lijst.txt").get_data(as_text=True)


def test_a_refused_date_reads_with_one_stop_in_ukrainian(app):
    teacher, ukrainian = Phone(app, "teacher"), Phone(app, "uk")
    code, f_url = start(teacher)
    join(ukrainian, code, language="uk")
    set_agenda(teacher, f_url, "resultaat")
    for step, data in enumerate(({"scale": "good", "text": ""}, {"text": ""}, {"text": ""}, {"text": ""}), 1):
        ukrainian.post(f"/p/t/resultaat/{step}", data)
    refused = ukrainian.post("/p/t/resultaat/5", {"choice": "doel", "who": "me", "when": "date",
                                                  "when_date": "2099-01-01"})
    assert refused.status_code == 400
    text = visible(refused.get_data(as_text=True))
    assert "Ця дата неможлива." in text and "р. і " in text and "р.." not in text


def test_one_full_stop_keeps_an_ellipsis():
    assert one_full_stop("до 15 червня 2027 р..") == "до 15 червня 2027 р."
    assert one_full_stop("Even wachten...") == "Even wachten..."
    assert one_full_stop("Klaar.") == "Klaar."


# --- Text in the other direction: isolated in the .txt list and the .ics file --------------------------------

def test_isolation_only_where_the_direction_differs():
    assert isolate(DUTCH_ANSWER, "nl") == DUTCH_ANSWER
    assert isolate(ARABIC_ANSWER, "nl") == f"{FSI}{ARABIC_ANSWER}{PDI}"
    assert isolate(DUTCH_ANSWER, "ar") == f"{FSI}{DUTCH_ANSWER}{PDI}"
    assert isolate(ARABIC_ANSWER, "ar") == ARABIC_ANSWER
    assert isolate("15:30, 2027", "ar") == "15:30, 2027"  # digits and punctuation alone have no direction


def test_an_arabic_answer_in_a_dutch_text_list_is_isolated(app):
    teacher, parent = Phone(app, "teacher"), Phone(app, "parent")
    code, f_url = start(teacher)
    join(parent, code, role="parent", language="ar", nickname="سارة")
    set_agenda(teacher, f_url, "resultaat")
    answer_theme(teacher, "resultaat", strengths=DUTCH_ANSWER)
    answer_theme(parent, "resultaat", strengths=ARABIC_ANSWER)

    dutch = teacher.get(f_url + "lijst.txt").get_data(as_text=True)
    assert f"- {FSI}{ARABIC_ANSWER}{PDI} (Ouder of verzorger)\n" in dutch
    assert f"- {DUTCH_ANSWER} (Professional)\n" in dutch  # same direction as the reader: as written
    assert f"Ouder of verzorger ({FSI}سارة{PDI})" in dutch

    arabic = parent.get("/p/lijst.txt").get_data(as_text=True)
    professional = translated(app, "ar", "Professional")
    assert f"- {FSI}{DUTCH_ANSWER}{PDI} ({professional})\n" in arabic
    assert f"- {ARABIC_ANSWER} (" in arabic


def test_an_arabic_title_in_a_dutch_calendar_file_is_isolated_and_folded_by_octets(app):
    teacher = Phone(app)
    title = ("لقاء عن سارة وأخيها، المجموعة السادسة والثامنة، مع المعلمة ومع الأهل " * 2)[:80].strip()
    _, f_url = start(teacher, title=title)
    teacher.post(f_url + "terugblik", {"day": LOOKBACK_DAY.isoformat()})
    body = teacher.get(f_url + "terugblik.ics").get_data()
    lines = body.split(b"\r\n")
    assert lines[-1] == b"" and all(len(line) <= 75 for line in lines)
    for line in lines:
        line.decode("utf-8")  # no line ends inside a character
    unfolded = body.decode("utf-8").replace("\r\n ", "")
    summary = next(line for line in unfolded.split("\r\n") if line.startswith("SUMMARY:"))
    assert summary == f"SUMMARY:Samen terugkijken: {FSI}{title}{PDI}"
    assert sum(line.startswith(b" ") for line in lines) >= 2  # the title really was folded, twice

    dutch = Phone(app)
    _, f_url = start(dutch, title="Gesprek over Sam")
    dutch.post(f_url + "terugblik", {"day": LOOKBACK_DAY.isoformat()})
    assert "SUMMARY:Samen terugkijken: Gesprek over Sam\r\n" in dutch.get(f_url + "terugblik.ics").get_data(
        as_text=True)
