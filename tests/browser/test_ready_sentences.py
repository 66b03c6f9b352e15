"""Tap instead of type in a real browser (issue 12, part 1): a Turkish parent taps two ready sentences and writes
one own sentence, with and without JavaScript, on a 390 px and a 320 px phone; the Dutch teacher reads the
sentences in Dutch. Screenshots: tests/browser/screenshots/ready-sentences-tr-<width>-<js>.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from praatplaat.decks import get_deck

from .flow import join, set_agenda, start_conversation, submit, visit
from .support import save_screenshot

OWN = "Her akşam birlikte kitap okuyoruz."


@pytest.mark.parametrize(("kind", "javascript"), [("phone", True), ("small_phone", False)],
                         ids=["390-js", "320-nojs"])
def test_a_parent_taps_two_sentences_and_writes_one(contexts, kind, javascript):
    first, second = get_deck("praatplaat").ready_sentences("resultaat", "strengths")[:2]
    desktop = contexts.new("desktop", javascript=javascript).new_page()
    code, dashboard = start_conversation(desktop)
    set_agenda(desktop, dashboard, "resultaat")
    phone = contexts.new(kind, javascript=javascript, lang="tr").new_page()
    visit(phone, f"/j/{code}")
    join(phone, language="tr")
    visit(phone, "/p/t/resultaat/1")
    phone.check("input[name='scale'][value='good']")
    submit(phone, "main form")
    assert phone.url.endswith("/p/t/resultaat/2"), phone.url

    boxes = phone.locator("input[name='sentences']")
    assert boxes.count() >= 4
    phone.locator(f"input[name='sentences'][value='{first.key}']").check()
    phone.locator(f"input[name='sentences'][value='{second.key}']").check()
    phone.fill("textarea[name='text']", OWN)
    width = phone.viewport_size["width"]
    # Nothing sticks out sideways on a small phone.
    assert phone.evaluate("document.documentElement.scrollWidth") <= width
    save_screenshot(phone, f"ready-sentences-tr-{width}-{'js' if javascript else 'nojs'}")
    submit(phone, "main form")
    assert phone.url.endswith("/p/t/resultaat/3"), phone.url

    visit(phone, "/p/t/resultaat/2")  # going back shows what was tapped and written
    expect(phone.locator(f"input[name='sentences'][value='{first.key}']")).to_be_checked()
    expect(phone.locator(f"input[name='sentences'][value='{second.key}']")).to_be_checked()
    expect(phone.locator("textarea[name='text']")).to_have_value(OWN)

    visit(desktop, dashboard + "t/resultaat")
    good = desktop.locator("section[aria-labelledby='good-h']")
    expect(good).to_contain_text(f"{first.text} {second.text} {OWN}")
    expect(good.locator("bdi[lang='tr']")).to_have_text(OWN)
