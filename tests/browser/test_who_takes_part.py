"""Who takes part is explicit (issue 13, points 1 and 2), in a real browser, with and without JavaScript.

A laptop starts the conversation and either takes part (as "Juf Anna") or only leads; a Turkish parent phone
and a teacher's phone join. When only leading, both phones saying "eens" puts the agreement on the list. When
the laptop takes part, the phones read "Nog niet gekozen: Professional (Juf Anna)" until the laptop chooses
too. Without JavaScript the same flow runs on 320 px phones, and "Wat spreken we af?" fits in two screens.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .flow import answer_theme, join, proposal_keys, set_agenda, start_conversation, visit

SMALL_HEIGHT = 640
WAITING_NL = "Nog niet gekozen: Professional (Juf Anna)"
WAITING_TR = "Henüz seçmedi: Uzman (Juf Anna)"


def _page_height(page) -> int:
    """How far down the proposal screen goes: to the bottom of its buttons. The word explanations and the
    footer come after them; nothing a person needs to make a proposal is below this."""
    return page.evaluate("Math.ceil(document.querySelector('main form .actions').getBoundingClientRect().bottom"
                         " + window.scrollY)")


def _agreements(page) -> int:
    """How many agreements the afsprakenlijst shows under "Dit gaan we doen"."""
    visit(page, "/p/lijst")
    return page.locator("section.list-theme ul.agreements > li").count()


def _waiting_line(page, proposal: str) -> str:
    visit(page, "/p/t/resultaat/samen")
    line = page.locator(f"article.proposal#p-{proposal} p.waiting")
    return " ".join(line.inner_text().split()) if line.count() else ""


def _vote(page, proposal: str) -> None:
    # With JavaScript only the proposal changes (no page load); without it the page loads again.
    page.locator(f"article.proposal#p-{proposal} button[name='agree'][value='yes']").click()
    expect(page.locator(f"article.proposal#p-{proposal} button[name='agree'][value='yes']")).to_have_attribute(
        "aria-pressed", "true")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
@pytest.mark.parametrize("laptop_takes_part", [True, False], ids=["takes-part", "leads-only"])
def test_who_takes_part(contexts, screenshot, javascript, laptop_takes_part):
    kind = "phone" if javascript else "small_phone"
    tag = f"who-{'part' if laptop_takes_part else 'lead'}-{'js' if javascript else 'nojs'}"
    laptop = contexts.new("desktop", javascript=javascript).new_page()
    if not javascript:  # the start form, where the choice is made, on a small phone
        start_page = contexts.new("small_phone", javascript=False).new_page()
        visit(start_page, "/")
        screenshot(start_page, f"{tag}-start-nl")
    code, dashboard = start_conversation(laptop, take_part="yes" if laptop_takes_part else "no",
                                         nickname="Juf Anna" if laptop_takes_part else "")
    parent = contexts.new(kind, javascript=javascript, lang="tr").new_page()
    teacher = contexts.new(kind, javascript=javascript).new_page()
    visit(parent, f"/j/{code}")
    join(parent, role="parent", language="tr", nickname="Ayşe")
    visit(teacher, f"/j/{code}")
    # Leading only, the teacher joins on her own phone; taking part, a second teacher joins.
    join(teacher, role="professional", nickname="Meester Bas" if laptop_takes_part else "Juf Anna")
    set_agenda(laptop, dashboard, "resultaat")

    # Wie doet het?: samen, ik, the roles at the table by name, iemand anders; not all eight.
    visit(parent, "/p/t/resultaat/5")
    options = parent.locator("select[name='who'] option")
    offered = [options.nth(n).get_attribute("value") for n in range(options.count())]
    assert offered == ["together", "me", "role:professional", "someone"], offered
    names = " ".join(options.all_inner_texts())
    assert "Juf Anna" in names and ("Meester Bas" in names) == laptop_takes_part, names
    screenshot(parent, f"{tag}-proposal-tr")
    visit(teacher, "/p/t/resultaat/5")
    screenshot(teacher, f"{tag}-proposal-nl")
    if not javascript:
        for page in (parent, teacher):
            assert _page_height(page) <= 2 * SMALL_HEIGHT, (page.url, _page_height(page))

    for page, scale in ((parent, "better"), (teacher, "good")):
        answer_theme(page, "resultaat", scale=scale, choice="doel", who="together", when="week")
    (proposal,) = proposal_keys(teacher)
    _vote(parent, proposal)
    visit(teacher, "/p/t/resultaat/samen")
    _vote(teacher, proposal)

    if not laptop_takes_part:
        assert _waiting_line(teacher, proposal) == ""
        assert _agreements(parent) == 1 and _agreements(teacher) == 1
        screenshot(parent, f"{tag}-list-tr")
        people = " ".join(teacher.locator(".list-head").inner_text().split())
        assert "Meegedaan: Ouder of verzorger (Ayşe) en Professional (Juf Anna)" in people, people
        return

    # The laptop takes part: the phones say who has not chosen yet, and nothing is on the list.
    assert _waiting_line(teacher, proposal) == WAITING_NL
    assert _waiting_line(parent, proposal) == WAITING_TR
    screenshot(teacher, f"{tag}-waiting-nl")
    screenshot(parent, f"{tag}-waiting-tr")
    assert _agreements(parent) == 0
    # The facilitator's merged view says it too, and leads the laptop to its own choice.
    visit(laptop, dashboard + "t/resultaat")
    assert WAITING_NL in " ".join(laptop.locator(f"article.proposal#p-{proposal}").inner_text().split())
    screenshot(laptop, f"{tag}-laptop-theme-nl")
    with laptop.expect_navigation():
        laptop.locator("main a[href$='/p/t/resultaat/samen']").click()
    _vote(laptop, proposal)
    assert _waiting_line(teacher, proposal) == ""
    assert _agreements(parent) == 1 and _agreements(teacher) == 1
    screenshot(parent, f"{tag}-list-tr")
    people = " ".join(teacher.locator(".list-head").inner_text().split())
    assert ("Meegedaan: Professional (Juf Anna), Ouder of verzorger (Ayşe) en Professional (Meester Bas)"
            in people), people
