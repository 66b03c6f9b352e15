"""A person translates (issue 12), in real browsers: a parent with a Turkish (or Arabic) menu writes in her language,
a Dutch teacher writes Dutch, a tolk joins and translates both ways. The teacher's merged view shows the Dutch
translation first, marked as the tolk's, and opens the original (a <details>: no script needed); the parent
reads the teacher's words in her language. Once without JavaScript. Screenshots at 390 px (the tolk's screen
once at 320 px) in nl, tr and ar: tests/browser/screenshots/tolk-*.png.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.support import Translations
from playwright.sync_api import expect

from praatplaat.decks import get_deck

from .flow import answer_theme, join, set_agenda, start_conversation, submit, visit

PARENT_WORDS = {"tr": "Okumayı çok seviyor", "ar": "يحب القراءة كثيرا"}
PARENT_IN_DUTCH = "Hij leest heel graag"
TEACHER_WORDS = "Hij helpt graag in de klas"
TEACHER_TRANSLATED = {"tr": "Sınıfta yardım etmeyi seviyor", "ar": "يحب المساعدة في الصف"}
MARKED = {"nl": "Vertaling van de tolk", "tr": "Tercüman çevirdi", "ar": "ترجمة المترجم"}
# Two ready sentences the parent taps (stored by key; each reader sees them in their own language).
TAPPED = get_deck("praatplaat").ready_sentences("resultaat", "strengths")[:2]
CATALOGS = Path(__file__).resolve().parents[2] / "translations"


def _in(language: str, dutch: str) -> str:
    """A deck sentence as the catalog of this language has it (the compiled one the app reads)."""
    return Translations.load(str(CATALOGS), [language]).gettext(dutch)


def _translate(tolk, words: str, language: str, translation: str) -> None:
    """On the translate screen: the card with these words, the language offered first, the translation, save."""
    card = tolk.locator("article.translate", has_text=words)
    expect(card.locator(f"input[name='language'][value='{language}']")).to_be_checked()
    card.locator("textarea[name='text']").fill(translation)
    with tolk.expect_navigation():
        card.locator("button[type=submit]").click()


@pytest.mark.parametrize(("language", "javascript"), [("tr", True), ("ar", True), ("ar", False)],
                         ids=["tr", "ar", "ar-nojs"])
def test_a_tolk_translates_both_ways(contexts, screenshot, language, javascript):
    name = f"tolk-{language}{'' if javascript else '-nojs'}"
    teacher = contexts.new("phone", javascript=javascript).new_page()
    code, dashboard = start_conversation(teacher, take_part="yes", nickname="Juf Anna")
    set_agenda(teacher, dashboard, "resultaat")

    parent = contexts.new("phone", javascript=javascript, lang=language).new_page()
    visit(parent, f"/j/{code}")
    join(parent, "parent", language, nickname="Ayşe")
    # She taps two ready sentences and writes one sentence of her own, in her language.
    answer_theme(parent, "resultaat", scale="fair", strengths=PARENT_WORDS[language], tap=tuple(s.key for s in TAPPED))
    answer_theme(teacher, "resultaat", scale="good", strengths=TEACHER_WORDS)

    # The tolk joins (Dutch menu; at 320 px once) and lands on the translate screen, not on the questions.
    tolk = contexts.new("small_phone" if language == "tr" else "phone", javascript=javascript).new_page()
    visit(tolk, f"/j/{code}")
    expect(tolk.locator("input[name='role'][value='interpreter']")).to_have_count(1)
    join(tolk, "interpreter", "nl", nickname="Mehmet")
    assert tolk.url.split("#")[0].endswith("/p/vertalen"), tolk.url
    expect(tolk.locator("article.translate", has_text=PARENT_WORDS[language]).locator(
        f"bdi[lang='{language}']")).to_have_text(PARENT_WORDS[language])
    screenshot(tolk, f"{name}-translate-{'320' if language == 'tr' else '390'}")
    _translate(tolk, PARENT_WORDS[language], "nl", PARENT_IN_DUTCH)
    _translate(tolk, TEACHER_WORDS, language, TEACHER_TRANSLATED[language])
    assert tolk.url.split("#")[0].endswith("/p/vertalen")
    expect(tolk.locator("article.translate", has_text=TEACHER_WORDS).locator(
        f"ul.done bdi[lang='{language}']")).to_have_text(TEACHER_TRANSLATED[language])

    # The Dutch teacher: the tapped sentences in Dutch, the translation first, marked as the tolk's; the original
    # one tap away.
    visit(teacher, "/p/t/resultaat/samen")
    item = teacher.locator("ul.texts li", has_text=PARENT_IN_DUTCH)
    for sentence in TAPPED:
        expect(item).to_contain_text(sentence.text)
    expect(item.locator(".translated-by")).to_have_text(f"({MARKED['nl']})")
    original = item.locator("details.original")
    expect(original.locator(f"bdi[lang='{language}']")).to_be_hidden()
    original.locator("summary").click()
    expect(original.locator(f"bdi[lang='{language}']")).to_be_visible()
    expect(original.locator(f"bdi[lang='{language}']")).to_have_text(PARENT_WORDS[language])
    # Her own words show that a translation exists.
    expect(teacher.locator("ul.my-translations", has_text=TEACHER_TRANSLATED[language])).to_have_count(1)
    screenshot(teacher, f"{name}-teacher-nl")
    visit(teacher, "/p/lijst")
    expect(teacher.locator("main")).to_contain_text(PARENT_IN_DUTCH)
    for sentence in TAPPED:
        expect(teacher.locator("main")).to_contain_text(sentence.text)

    # The parent reads the teacher's words in her language, marked in her language.
    visit(parent, "/p/t/resultaat/samen")
    item = parent.locator("ul.texts li", has_text=TEACHER_TRANSLATED[language])
    expect(item.locator(f"bdi[lang='{language}']").first).to_have_text(TEACHER_TRANSLATED[language])
    expect(item.locator(".translated-by")).to_have_text(f"({MARKED[language]})")
    screenshot(parent, f"{name}-parent-{language}")
    for sentence in TAPPED:
        expect(parent.locator("ul.texts li", has_text=PARENT_WORDS[language])).to_contain_text(
            _in(language, sentence.text))
    visit(parent, "/p/lijst")
    main = parent.locator("main")
    expect(main).to_contain_text(TEACHER_TRANSLATED[language])
    expect(main).to_contain_text(PARENT_WORDS[language])
    for sentence in TAPPED:
        expect(main).to_contain_text(_in(language, sentence.text))

    # The print in two languages: her column carries the tapped sentences in her language and the teacher's words
    # translated (the original printed under it); the Dutch column the Dutch sentences and the tolk's Dutch.
    visit(parent, "/p/lijst/tweetalig")
    printed = parent.locator("body")
    for expected in (TEACHER_TRANSLATED[language], TEACHER_WORDS, PARENT_WORDS[language], PARENT_IN_DUTCH,
                     *(s.text for s in TAPPED), *(_in(language, s.text) for s in TAPPED)):
        expect(printed).to_contain_text(expected)
    screenshot(parent, f"{name}-print-{language}-nl")

    # export.json: originals with their language, the tapped sentences by key, every translation.
    exported = teacher.context.request.get(dashboard.rstrip("/") + "/export.json").json()
    strengths = {item["text"]: item for item in exported["themes"][0]["strengths"]}
    assert strengths[PARENT_WORDS[language]]["language"] == language
    assert [s["key"] for s in strengths[PARENT_WORDS[language]]["sentences"]] == [s.key for s in TAPPED]
    assert [(t["language"], t["text"], t["role"]) for t in strengths[PARENT_WORDS[language]]["translations"]] == [
        ("nl", PARENT_IN_DUTCH, "interpreter")]
    assert strengths[TEACHER_WORDS]["language"] == "nl"
    assert [(t["language"], t["text"]) for t in strengths[TEACHER_WORDS]["translations"]] == [
        (language, TEACHER_TRANSLATED[language])]

    # The parent says "klopt niet": the teacher now sees her words first, with a note.
    visit(parent, "/p/t/resultaat/samen")
    mine = parent.locator("ul.my-translations li", has_text=PARENT_IN_DUTCH)
    with parent.expect_navigation():
        mine.locator("button[type=submit]").click()
    expect(parent.locator("ul.my-translations li", has_text=PARENT_IN_DUTCH).locator("button")).to_have_count(0)
    screenshot(parent, f"{name}-parent-said-klopt-niet")
    visit(teacher, "/p/t/resultaat/samen")
    item = teacher.locator("ul.texts li", has_text=PARENT_WORDS[language])
    expect(item.locator("details.disputed summary")).to_have_text("De schrijver zegt: de vertaling klopt niet.")
    screenshot(teacher, f"{name}-teacher-after-klopt-niet")


def test_the_tolk_screen_in_arabic_reads_right_to_left(contexts, screenshot):
    """A tolk whose menu is Arabic translates a Dutch teacher's words (the screen itself right to left)."""
    teacher = contexts.new("phone").new_page()
    code, dashboard = start_conversation(teacher, take_part="yes")
    set_agenda(teacher, dashboard, "resultaat")
    answer_theme(teacher, "resultaat", scale="good", strengths=TEACHER_WORDS)
    tolk = contexts.new("phone", lang="ar").new_page()
    visit(tolk, f"/j/{code}")
    join(tolk, "interpreter", "ar")
    card = tolk.locator("article.translate", has_text=TEACHER_WORDS)
    expect(card.locator("input[name='language'][value='ar']")).to_be_checked()
    expect(card.locator("bdi[lang='nl']")).to_have_text(TEACHER_WORDS)
    screenshot(tolk, "tolk-ar-translate-screen-ar")
    card.locator("textarea[name='text']").fill(TEACHER_TRANSLATED["ar"])
    submit(tolk, "article.translate form")
    visit(teacher, "/p/t/resultaat/samen")
    expect(teacher.locator("ul.my-translations")).to_contain_text(TEACHER_TRANSLATED["ar"])
