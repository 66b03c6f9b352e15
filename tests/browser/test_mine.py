"""Mijn gesprekken in real browsers: one phone in two conversations, one laptop with three (issue 13, points 9
and 10), and a refused answer at a parent evening (point 5). Screenshots in Dutch and Arabic, 390 and 320 wide."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .flow import join, set_agenda, start_conversation, submit, visit

SMALL = {"width": 320, "height": 640}
PHONE = {"width": 390, "height": 844}


def shots(page, screenshot, name: str) -> None:
    """The page as it is, 390×844 and 320×640."""
    page.set_viewport_size(PHONE)
    screenshot(page, f"{name}-390")
    page.set_viewport_size(SMALL)
    screenshot(page, f"{name}-320")
    page.set_viewport_size(PHONE)
    # Nothing sticks out sideways on the small screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def answer_two_steps(page, words: str) -> None:
    """The first two questions of the theme the page is on: a picture, then words."""
    assert re.search(r"/p/t/resultaat/1\?g=[0-9a-f]{10}$", page.url), page.url
    page.check("main form input[name='scale'][value='good']")
    submit(page, "main form")
    assert re.search(r"/p/t/resultaat/2\?g=[0-9a-f]{10}$", page.url), page.url
    page.fill("main form textarea[name='text']", words)
    submit(page, "main form")


def test_one_phone_in_two_conversations(contexts, screenshot):
    talks = {}
    for title in ("Gesprek over Sam", "Gesprek over Noor"):
        host = contexts.new("desktop").new_page()
        code, dashboard = start_conversation(host, title)
        set_agenda(host, dashboard, "resultaat")
        talks[title] = (host, code, dashboard)
    for lang, words in (("nl", {"Gesprek over Sam": "Sam leest graag", "Gesprek over Noor": "Noor rekent goed"}),
                        ("ar", {"Gesprek over Sam": "سام يحب القراءة", "Gesprek over Noor": "نور جيدة في الحساب"})):
        phone = contexts.new("phone", lang=lang).new_page()
        for title in talks:
            visit(phone, f"/j/{talks[title][1]}")
            join(phone, language=lang)
        assert "?g=" in phone.url
        visit(phone, "/gesprekken")
        cards = phone.locator("section[aria-labelledby='phone-h'] li")
        expect(cards).to_have_count(2)
        shots(phone, screenshot, f"mine-phone-{lang}")
        for title in talks:
            visit(phone, "/gesprekken")
            with phone.expect_navigation():
                phone.locator(f"section[aria-labelledby='phone-h'] li:has-text('{title}') a").click()
            answer_two_steps(phone, words[title])
            expect(phone.locator("nav.steps .conv-title")).to_have_text(title)
            # The steps lead to Mijn gesprekken, and every link keeps to this conversation.
            expect(phone.locator("nav.steps a[href='/gesprekken']")).to_have_count(1)
            ref = phone.url.split("?g=")[1].split("#")[0]
            for href in phone.locator("nav.steps a[href^='/p']").evaluate_all("els => els.map(e => e.href)"):
                assert href.endswith(f"?g={ref}"), href
        if lang == "nl":
            shots(phone, screenshot, "mine-phone-answered-nl")
    for title, (host, _code, dashboard) in talks.items():
        visit(host, dashboard + "t/resultaat")
        body = host.locator("main").inner_text()
        mine = [w for w in ("Sam leest graag", "سام يحب القراءة") if title.endswith("Sam")] or [
            "Noor rekent goed", "نور جيدة في الحساب"]
        others = {"Sam leest graag", "سام يحب القراءة", "Noor rekent goed", "نور جيدة في الحساب"} - set(mine)
        for words in mine:
            assert words in body, (title, words)
        for words in others:
            assert words not in body, (title, words)
    contexts.assert_clean()


def test_one_laptop_with_three_conversations(contexts, screenshot):
    titles = ["Gesprek over Sam", "Gesprek over Noor", "Gesprek over Jip"]
    for lang in ("nl", "ar"):
        laptop = contexts.new("phone", lang=lang).new_page()  # a teacher's phone-sized window, to see it small
        dashboards = {}
        for title in titles:
            _code, dashboards[title] = start_conversation(laptop, title)
        visit(laptop, "/")
        with laptop.expect_navigation():
            laptop.locator("main a[href='/gesprekken']").click()
        lead = laptop.locator("section[aria-labelledby='lead-h'] li")
        expect(lead).to_have_count(3)
        assert [lead.nth(n).locator("strong").inner_text() for n in range(3)] == titles[::-1]
        shots(laptop, screenshot, f"mine-laptop-{lang}")
        # Each one leads to its own facilitator page.
        with laptop.expect_navigation():
            lead.nth(2).locator("a").click()
        assert laptop.url == dashboards["Gesprek over Sam"], laptop.url
        # Taking one off the list does not delete it.
        visit(laptop, "/gesprekken")
        submit(laptop, "section[aria-labelledby='lead-h'] li:has-text('Gesprek over Noor') form")
        expect(lead).to_have_count(2)
        expect(laptop.locator("main")).not_to_contain_text("Gesprek over Noor")
        visit(laptop, dashboards["Gesprek over Noor"])
        expect(laptop.locator(".join-code .code")).to_be_visible()
    contexts.assert_clean()


def test_a_refused_answer_at_a_parent_evening(contexts, desktop, screenshot):
    host = desktop.new_page()
    code, dashboard = start_conversation(host, "Ouderavond groep 6", mode="evening")
    set_agenda(host, dashboard, "resultaat")
    writers = {}
    for lang, words in (("nl", "Die juf is dom"), ("ar", "المعلمة غبية"), ("tr", "Öğretmen çok iyi")):
        phone = contexts.new("phone", lang=lang).new_page()
        visit(phone, f"/j/{code}")
        submit(phone, "main form")
        visit(phone, "/p/t/resultaat/2")
        phone.fill("textarea[name='text']", words)
        submit(phone, "main form")
        writers[lang] = (phone, words)
    visit(host, dashboard + "t/resultaat")
    host.set_viewport_size(PHONE)
    shots(host, screenshot, "moderation-queue-nl")
    kept = writers.pop("tr")[1]  # this one stays in the queue
    for lang, (phone, words) in writers.items():
        submit(host, f"ul.moderation li:has-text('{words}') form:has(input[name='show'][value='nee'])")
        expect(host.locator("main")).not_to_contain_text(words)
        visit(phone, "/p/t/resultaat/samen")
        refused = phone.locator("section[aria-labelledby='refused-h']")
        expect(refused).to_contain_text(words)
        shots(phone, screenshot, f"moderation-refused-phone-{lang}")
    # The facilitator's page in Arabic too.
    host.locator("details.langs summary").click()
    with host.expect_navigation():
        host.locator("details.langs button[value='ar']").click()
    expect(host.locator("html")).to_have_attribute("dir", "rtl")
    expect(host.locator("ul.moderation")).to_contain_text(kept)
    shots(host, screenshot, "moderation-queue-ar")
    visit(host, dashboard + "scherm")
    for _phone, words in writers.values():
        expect(host.locator("main")).not_to_contain_text(words)
    contexts.assert_clean()
