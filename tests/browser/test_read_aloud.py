"""Read aloud in the right voice (issue 12, part 4): each person's own words get a small "Lees voor" button,
made by app.js only where the phone has a voice for the words' language, and spoken with that voice, not the
page's. No button without JavaScript or without such a voice.

The phone's voices are the browser's speechSynthesis: a fake one (added before any page script runs) offers
only the voices we give it and writes down what it was asked to say."""

from __future__ import annotations

import pytest
from conftest import PARTICIPANT_COOKIE, Phone, answer_theme, cookie_of, join, set_agenda, start
from playwright.sync_api import expect

from .flow import visit
from .support import save_screenshot

DUTCH = "Sam leest elke avond een boek."
TURKISH = "Sam her akşam kitap okuyor."
ARABIC = "يحب سام القراءة كثيرا في المساء."

FAKE_VOICES = """
(() => {
  const voices = %s;
  window.spoken = [];
  class Utterance { constructor(text) { this.text = text; this.lang = ""; this.voice = null; } }
  const synth = {
    getVoices: () => voices, speak: (u) => window.spoken.push(
      {text: u.text, lang: u.lang, voice: u.voice && u.voice.lang, name: u.voice && u.voice.name}),
    cancel: () => {}, pause: () => {}, resume: () => {}, addEventListener: () => {}, onvoiceschanged: null,
  };
  Object.defineProperty(window, "speechSynthesis", {value: synth, configurable: true});
  window.SpeechSynthesisUtterance = Utterance;
})();
"""
TURKISH_VOICE = '[{name: "Yelda", lang: "tr-TR", voiceURI: "Yelda", localService: true, default: true}]'
TURKISH_AND_ARABIC = ('[{name: "Yelda", lang: "tr-TR", voiceURI: "Yelda", localService: true, default: true},'
                      ' {name: "Maged", lang: "ar_SA", voiceURI: "Maged", localService: true, default: false}]')


@pytest.fixture
def table(live_server):
    """A Dutch teacher (leads and takes part), a Turkish parent and an Arabic parent, each writing their own words."""
    app = live_server.app
    teacher, turkish, arabic = Phone(app, "teacher"), Phone(app, "turkish"), Phone(app, "arabic")
    code, f_url = start(teacher)
    join(turkish, code, role="parent", language="tr")
    join(arabic, code, role="network", language="ar")
    set_agenda(teacher, f_url, "resultaat")
    answer_theme(teacher, "resultaat", strengths=DUTCH)
    answer_theme(turkish, "resultaat", strengths=TURKISH)
    answer_theme(arabic, "resultaat", strengths=ARABIC)
    return f_url, arabic


def _words(page, text: str):
    return page.locator("[data-read-aloud]", has_text=text).first


def _button_after(page, text: str):
    """The "Lees voor" button that belongs to these words (right after them, or after their label)."""
    return page.locator(f"li:has([data-read-aloud]:text-is('{text}')) .read-aloud")


def test_a_button_only_for_words_the_phone_has_a_voice_for(contexts, table):
    f_url, _ = table
    context = contexts.new("phone")
    context.add_init_script(FAKE_VOICES % TURKISH_VOICE)
    page = context.new_page()
    visit(page, f_url + "lijst")  # the teacher's list, in Dutch
    expect(_words(page, TURKISH)).to_have_attribute("lang", "tr")
    expect(_button_after(page, TURKISH)).to_have_count(1)
    expect(_button_after(page, TURKISH)).to_be_visible()
    expect(_button_after(page, TURKISH)).to_have_text("Lees voor")
    expect(_button_after(page, DUTCH)).to_have_count(0)  # a Dutch page, but no Dutch voice on this phone
    expect(_button_after(page, ARABIC)).to_have_count(0)
    _button_after(page, TURKISH).click()
    spoken = page.evaluate("window.spoken")
    assert spoken == [{"text": TURKISH, "lang": "tr", "voice": "tr-TR", "name": "Yelda"}]
    # Print: the buttons are not on the paper.
    page.emulate_media(media="print")
    expect(_button_after(page, TURKISH)).to_be_hidden()


def test_no_button_without_javascript(contexts, table):
    f_url, _ = table
    context = contexts.new("phone", javascript=False)
    context.add_init_script(FAKE_VOICES % TURKISH_VOICE)  # not run: no JavaScript at all
    page = context.new_page()
    visit(page, f_url + "lijst")
    expect(_words(page, TURKISH)).to_be_visible()
    expect(page.locator(".read-aloud")).to_have_count(0)
    expect(page.locator(".read-aloud:visible")).to_have_count(0)


def test_arabic_reader_on_a_small_phone(contexts, live_server, table):
    """320 px, Arabic menu: the buttons sit with their words, right to left, and the page does not scroll sideways."""
    _, arabic = table
    context = contexts.new("small_phone", lang="ar")
    context.add_cookies([{"name": PARTICIPANT_COOKIE, "value": cookie_of(arabic), "url": live_server.url}])
    context.add_init_script(FAKE_VOICES % TURKISH_AND_ARABIC)
    page = context.new_page()
    visit(page, "/p/lijst")
    assert page.locator("html").get_attribute("dir") == "rtl"
    expect(_button_after(page, ARABIC)).to_have_count(1)
    expect(_button_after(page, TURKISH)).to_have_count(1)
    expect(_button_after(page, DUTCH)).to_have_count(0)
    label = _button_after(page, ARABIC).inner_text().strip()
    assert label and label != "Lees voor"  # in the reader's language
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    save_screenshot(page, "read-aloud-ar-320")
    _words(page, TURKISH).evaluate("e => e.scrollIntoView({block: \"center\"})")
    save_screenshot(page, "read-aloud-ar-320-words", full_page=False)
    _button_after(page, ARABIC).click()
    assert page.evaluate("window.spoken") == [{"text": ARABIC, "lang": "ar", "voice": "ar_SA", "name": "Maged"}]
