"""Parent evening in real browsers: one shared screen, five phones, moderation within three seconds."""

from __future__ import annotations

import time

from playwright.sync_api import expect

from .flow import start_conversation, submit


def join_anonymously(page, code: str) -> None:
    page.goto(f"/j/{code}")
    assert page.locator("input[name='nickname']").count() == 0  # no names at a parent evening
    submit(page, "main form")


def test_screen_shows_only_approved_words_and_goes_blank(contexts, desktop, screenshot):
    host = desktop.new_page()
    code, dashboard = start_conversation(host, "Ouderavond groep 6", mode="evening")
    phones = [contexts.new("phone").new_page() for _ in range(5)]
    for phone in phones:
        join_anonymously(phone, code)
    host.goto(dashboard)
    host.fill("input[name='pos-resultaat']", "1")
    submit(host, "form[action$='/agenda']")

    projector = contexts.new("desktop").new_page()
    projector.goto(dashboard + "scherm")
    expect(projector.locator(".big-number")).to_have_text("5")
    screenshot(projector, "screen-join-nl")

    words = ["Fijne juf", "Meer uitleg over huiswerk", "Graag vaker een bericht", "Goed contact", "Leuke klas"]
    for phone, text in zip(phones, words, strict=True):
        phone.goto("/p/t/resultaat/2")
        phone.fill("textarea[name='text']", text)
        submit(phone, "main form")

    host.goto(dashboard)
    submit(host, "form[action$='/scherm/toon']:has(input[value='theme:resultaat'])")
    expect(projector.locator("h1")).to_contain_text("Werk samen voor resultaat", timeout=3000)
    host.goto(dashboard + "t/resultaat")
    submit(host, "li:has-text('Fijne juf') form")
    started = time.monotonic()
    expect(projector.locator(".screen-texts")).to_contain_text("Fijne juf", timeout=3000)
    shown_after = time.monotonic() - started
    assert shown_after <= 3.0
    time.sleep(3)  # two more polls: what was not approved must still not be there
    body = projector.locator("main").inner_text()
    for text in words[1:]:
        assert text not in body
    assert "Ouder of verzorger" not in body and "Zeg ik liever niet" not in body  # no names, no roles
    screenshot(projector, "screen-theme-nl")

    host.goto(dashboard)
    submit(host, "form[action$='/scherm/toon']:has(input[value='blank'])")
    expect(projector.locator("main")).not_to_contain_text("Fijne juf", timeout=3000)
    expect(projector.locator("svg.qr")).to_have_count(0)
    # only a heading for screen readers remains; nothing is visible
    assert projector.locator("main").inner_text().strip() == projector.locator("main h1.visually-hidden").inner_text()
    box = projector.locator("main h1").bounding_box()
    assert box is None or (box["width"] <= 1 and box["height"] <= 1)
    screenshot(projector, "screen-blank")


def test_screen_refreshes_itself_without_javascript(contexts, desktop):
    host = desktop.new_page()
    code, dashboard = start_conversation(host, "Ouderavond", mode="evening")
    projector = contexts.new("desktop", javascript=False).new_page()
    projector.goto(dashboard + "scherm")
    expect(projector.locator(".big-number")).to_have_text("0")
    join_anonymously(contexts.new("phone", javascript=False).new_page(), code)
    expect(projector.locator(".big-number")).to_have_text("1", timeout=8000)  # <noscript> refresh every 5 s
