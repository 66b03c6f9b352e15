"""The praatplaat's five questions and the waaier's closing in a real browser, on a 390×844 phone, in Dutch and
in Turkish: each question is its own screen with its own words, the closing asks for tips, the professional's
way to be reached is on the phone's closing and on the list. Screenshots: tests/browser/screenshots/sources-*."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from . import flow

THEME = "resultaat"
WORDS = {  # the words a reader must see, in their language
    "nl": {4: "met én voor het kind", 3: "Hoe zou dat beter kunnen?", "tips": "heb je tips voor mij?",
           "reach": "Zo is de professional bereikbaar", "expect": "Wat verwachten we van elkaar?"},
    "tr": {4: "Çocukla ve çocuk için", 3: "Bu nasıl daha iyi olabilir?", "tips": "Bana önerilerin var mı?",
           "reach": "Uzmana böyle ulaşabilirsin", "expect": "Birbirimizden ne bekliyoruz?"},
}


@pytest.mark.parametrize("lang", ["nl", "tr"])
def test_five_question_screens_and_the_closing_on_a_phone(contexts, screenshot, lang):
    words = WORDS[lang]
    desk = contexts.new("desktop").new_page()
    phone = contexts.new("phone", lang=lang).new_page()
    code, dashboard = flow.start_conversation(desk, "Gesprek over Sam", opening=True)
    flow.visit(desk, f"{dashboard}afsluiting")
    desk.fill("main form textarea[name='text']", "Maandag en woensdag van 9 tot 12 uur, 06-12345678.")
    flow.submit(desk, "main form")

    flow.visit(phone, f"/j/{code}")
    flow.join(phone, role="parent", language=lang, nickname="Ayşe")
    flow.visit(phone, "/p/opening")
    expect(phone.locator("main form")).to_contain_text(words["expect"])
    phone.fill("main form textarea[name='text']", "Rust voor Sam.")
    phone.fill("main form textarea[name='expectations']", "Dat we elkaar bellen als er iets is.")
    flow.submit(phone, "main form")
    screenshot(phone, f"sources-{lang}-opening")
    flow.set_agenda(desk, dashboard, THEME)
    flow.visit(phone, f"/p/t/{THEME}/1")
    flow.answer_theme(phone, THEME, scale="fair", strengths="Sam leest graag.", ideas="Vaker bellen.",
                      helps="Korte berichten, ook aan Sam.", choice="doel", shots=screenshot,
                      shot_prefix=f"sources-{lang}-")
    for step in (3, 4):
        flow.visit(phone, f"/p/t/{THEME}/{step}")
        expect(phone.locator("h1")).to_contain_text(words[step])
        expect(phone.locator(".step")).to_contain_text("5")
    flow.visit(phone, f"/p/t/{THEME}/samen")
    expect(phone.locator("#helps-h")).to_contain_text(words[4])
    expect(phone.locator("section[aria-labelledby='helps-h']")).to_contain_text("Korte berichten, ook aan Sam.")
    screenshot(phone, f"sources-{lang}-together")

    flow.visit(phone, "/p/afsluiting")
    expect(phone.locator("main")).to_contain_text(words["tips"])
    expect(phone.locator("main")).to_contain_text(words["reach"])
    expect(phone.locator("main")).to_contain_text("06-12345678")
    phone.check("main form input[name='experience'][value='good']")
    phone.fill("main form textarea[name='tips']", "Stuur vaker een kort bericht.")
    flow.submit(phone, "main form")
    screenshot(phone, f"sources-{lang}-closing")
    overflow = phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the closing scrolls {overflow}px sideways"

    flow.visit(phone, "/p/lijst")
    closing = phone.locator("section.list-closing")
    expect(closing).to_contain_text("06-12345678")
    expect(closing).to_contain_text("Stuur vaker een kort bericht.")
    screenshot(phone, f"sources-{lang}-list")
    flow.visit(desk, f"{dashboard}afsluiting")
    expect(desk.locator("main")).to_contain_text("Stuur vaker een kort bericht.")
    screenshot(desk, f"sources-{lang}-facilitator-closing")
