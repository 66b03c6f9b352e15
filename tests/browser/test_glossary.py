"""A hard word on a small phone (320×640), without JavaScript: tap it and its explanation is there, in Dutch
and in Arabic (right to left). Screenshots: tests/browser/screenshots/glossary-<lang>-*.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .flow import join, start_conversation, visit
from .support import save_screenshot

EXPLANATION = {"nl": "Een onderwerp om over te praten. Elk thema heeft een eigen kaart.",
               "ar": "موضوع للحديث عنه. لكل موضوع بطاقة خاصة به."}


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_tap_a_hard_word_to_read_what_it_means(contexts, language):
    desktop = contexts.new("desktop").new_page()
    code, _dashboard = start_conversation(desktop)
    phone = contexts.new("small_phone", javascript=False, lang=language).new_page()
    visit(phone, f"/j/{code}")
    join(phone, role="parent", language=language)
    visit(phone, "/p/themas")
    word = phone.locator("main a.gloss-word").first
    expect(word).to_be_visible()
    save_screenshot(phone, f"glossary-{language}-page", full_page=False)
    target = word.get_attribute("href")
    word.click()
    explained = phone.locator(f"dt{target}")
    expect(explained).to_be_in_viewport()
    expect(phone.locator(f"dt{target} + dd")).to_have_text(EXPLANATION[language])
    assert phone.url.endswith(target)
    overflow = phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"
    save_screenshot(phone, f"glossary-{language}-explained", full_page=False)
