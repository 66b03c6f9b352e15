"""The main scenario in a real browser: a facilitator at a laptop, two phones, from QR code to a printed
afsprakenlijst. In Dutch; once with the second phone in Arabic (right to left); once without JavaScript."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from . import flow
from .support import SCREENSHOTS

AGENDA = ("resultaat", "kind")
AGREED = "doel"  # the suggested agreement all three pick for the first theme

CASES = [
    pytest.param("nl", True, id="nl"),
    pytest.param("ar", True, id="phone2-ar"),
    pytest.param("nl", False, id="nl-no-js"),
    pytest.param("ar", False, id="phone2-ar-no-js"),
]


@pytest.mark.parametrize(("phone2_language", "javascript"), CASES)
def test_two_phones_from_qr_code_to_printed_list(contexts, live_server, screenshot, zbarimg, tmp_path,
                                                 phone2_language, javascript):
    name = f"scenario-{phone2_language}{'' if javascript else '-nojs'}"
    desk = contexts.new("desktop", javascript=javascript).new_page()
    one = contexts.new("phone", javascript=javascript).new_page()
    two = contexts.new("phone", javascript=javascript).new_page()
    people = (desk, one, two)

    # The facilitator starts the conversation on a laptop.
    code, dashboard = flow.start_conversation(desk, "Gesprek over Sam")
    expect(desk.locator(".qr-box svg.qr")).to_be_visible()
    screenshot(desk, f"{name}-dashboard")

    # Phone 1 scans the QR code: we read the code from the picture on the screen and open what it says.
    join_url = flow.decode_qr(desk, tmp_path / "qr.png")
    assert join_url == f"{live_server.url}/j/{code}"
    flow.visit(one, join_url)
    flow.join(one, role="parent", language="nl", nickname="Ayse")

    # Phone 2 types the code that was read aloud, and picks its own language.
    flow.type_code(two, code)
    flow.join(two, role="foster", language=phone2_language, nickname="Noor")
    lang, direction = flow.html_attrs(two)
    assert (lang, direction) == (phone2_language, "rtl" if phone2_language == "ar" else "ltr")
    if phone2_language == "ar":
        expect(two.locator("html[dir=rtl][lang=ar]")).to_have_count(1)
    screenshot(two, f"{name}-phone2-themes")

    # Everyone picks themes; the facilitator sees who picked what and sets the agenda with numbers.
    flow.pick_themes(one, "resultaat", "kind")
    flow.pick_themes(two, "resultaat")
    flow.visit(desk, dashboard)
    picked = desk.locator("#agenda tr:has(#pos-resultaat) .picked")
    expect(picked).to_contain_text("2")
    expect(picked).to_contain_text("Ouder of verzorger")
    flow.set_agenda(desk, dashboard, *AGENDA)

    # Each person answers the five questions of each agenda theme on their own screen.
    answers = {
        desk: {"resultaat": ("good", AGREED), "kind": ("good", "sterke-kanten")},
        one: {"resultaat": ("better", AGREED), "kind": ("fair", "blij")},
        two: {"resultaat": ("fair", AGREED), "kind": ("good", None)},
    }
    for page in people:
        flow.begin_questions(page, AGENDA[0])
        for key in AGENDA:
            scale, choice = answers[page][key]
            shots = screenshot if page is two and key == AGENDA[0] else None
            flow.answer_theme(page, key, scale=scale, strengths="Sam leest graag.",
                              ideas="Elke week even bellen.", choice=choice, who="together", when="week",
                              shots=shots, shot_prefix=f"{name}-phone2-")

    # The merged view: three scales side by side, the difference marked, one merged proposal from all three.
    for page in (one, two):
        flow.visit(page, f"/p/t/{AGENDA[0]}/samen")
        expect(page.locator(".scales li")).to_have_count(3)
        expect(page.locator(".differ")).to_be_visible()  # "gaat goed" beside "kan beter"
        expect(page.locator("article.proposal")).to_have_count(1)
    expect(one.locator("article.proposal")).to_contain_text("Ouder of verzorger")
    expect(one.locator("article.proposal")).to_contain_text("Pleegouder of gezinshuisouder")
    proposal = flow.proposal_keys(one)[0]
    assert flow.proposal_keys(two) == [proposal]
    screenshot(two, f"{name}-phone2-together")

    # Everyone taps "Eens": it becomes an agreement.
    for page in people:
        flow.vote(page, AGENDA[0], proposal, agree=True)
    expect(two.locator(f"#p-{proposal}")).to_have_class("proposal settled")

    # Both phones show the afsprakenlijst with the agreement under "Dit gaan we doen", in their own language.
    for page in (one, two):
        flow.visit(page, f"/p/t/{AGENDA[0]}/samen")
        what = page.locator(f"#p-{proposal} .what").inner_text().strip()
        assert what
        flow.visit(page, "/p/lijst")
        first = page.locator("section.list-theme").first
        expect(first.locator("ul.agreements > li")).to_have_count(1)
        expect(first.locator("ul.agreements .what")).to_have_text(what)
        # The second theme had three different proposals: nothing agreed, all kept to talk about.
        second = page.locator("section.list-theme").nth(1)
        expect(second.locator("ul.agreements")).to_have_count(0)
    expect(one.locator("section.list-theme").first).to_contain_text("Dit gaan we doen")
    expect(one.locator("section.list-theme").first.locator("ul.agreements")).to_contain_text(
        "Een doel voor het kind kiezen en opschrijven.")
    assert flow.html_attrs(two)[1] == ("rtl" if phone2_language == "ar" else "ltr")
    screenshot(one, f"{name}-phone1-list")
    screenshot(two, f"{name}-phone2-list")

    # The printed afsprakenlijst: no header or navigation, the agreement on paper, a real PDF.
    for label, page in (("phone1", one), ("phone2", two)):
        page.emulate_media(media="print")
        expect(page.locator("header.top")).to_be_hidden()
        expect(page.locator("nav.steps")).to_be_hidden()
        expect(page.locator("footer.foot")).to_be_hidden()
        expect(page.locator(".actions.no-print")).to_be_hidden()
        expect(page.locator("section.list-theme").first.locator("ul.agreements .what")).to_be_visible()
        screenshot(page, f"{name}-{label}-print")
        pdf = SCREENSHOTS / f"{name}-{label}.pdf"  # next to the screenshots, for people to look at
        page.pdf(path=str(pdf), format="A4")
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF") and len(data) > 2000, len(data)
        page.emulate_media(media="screen")

    # Closing: the phone answers, the facilitator reads it.
    flow.visit(one, "/p/afsluiting")
    one.check("main form input[name='experience'][value='good']")
    one.check("main form input[name='covered'][value='yes']")
    flow.submit(one, "main form")
    expect(one.locator("main form input[name='experience'][value='good']")).to_be_checked()
    flow.visit(desk, dashboard + "afsluiting")
    expect(desk.locator("ul.closing > li")).to_have_count(3)
    expect(desk.locator("ul.closing")).to_contain_text("Goed")

    contexts.assert_no_foreign_requests()
    contexts.assert_clean()
