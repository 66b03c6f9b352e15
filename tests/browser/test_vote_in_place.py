"""Voting on the merged view in a real browser (issue 11): with JavaScript the page stays where it is and only the
proposal changes (one small answer instead of the whole page); without JavaScript the form loads the page again.
One's own vote does not bring up "Er is iets veranderd"; someone else's does, and then the phone stops polling."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from . import flow

THEME = "resultaat"


def _table(contexts, javascript: bool):
    desk = contexts.new("desktop").new_page()
    code, dashboard = flow.start_conversation(desk)
    phones = []
    for n in range(2):
        page = contexts.new("phone", javascript=javascript).new_page()
        flow.visit(page, f"/j/{code}")
        flow.join(page, nickname=f"Ouder{n}")
        phones.append(page)
    flow.set_agenda(desk, dashboard, THEME)
    return desk, phones


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_a_vote_changes_only_its_proposal(contexts, screenshot, javascript):
    desk, (one, two) = _table(contexts, javascript)
    for page in (desk, one, two):
        flow.begin_questions(page, THEME)
        flow.answer_theme(page, THEME, scale="good", strengths="Sam leest graag.", ideas="Elke week bellen.",
                          choice="doel", who="together", when="week")
    flow.visit(one, f"/p/t/{THEME}/samen")
    one.evaluate("window.samePage = 'yes'")
    proposal = flow.proposal_keys(one)[0]
    requests = len(contexts.requests)
    one.locator(f"#p-{proposal} button[value='yes']").click()
    expect(one.locator(f"#p-{proposal} button[value='yes']")).to_have_attribute("aria-pressed", "true")
    expect(one.locator(f"#p-{proposal}")).to_contain_text("Eens:")
    if javascript:
        assert one.evaluate("window.samePage") == "yes"  # no page load
        sent = contexts.requests[requests:]
        assert [u for u in sent if "/samen" in u] == [one.url.split("#")[0]]  # one POST, nothing loaded after it
        expect(one.locator(f"#p-{proposal} button[value='yes']")).to_be_focused()
        one.wait_for_timeout(3000)  # a poll or more: one's own vote is not "something changed"
        expect(one.locator(".live-note")).to_be_hidden()
        asked = []  # the polls of phone one from here on
        one.on("request", lambda request: asked.append(request.url) if request.url.endswith("/p/stand") else None)
        two.goto(f"/p/t/{THEME}/samen")
        two.locator(f"#p-{proposal} button[value='no']").click()
        expect(two.locator(f"#p-{proposal} button[value='no']")).to_have_attribute("aria-pressed", "true")
        expect(one.locator(".live-note")).to_be_visible(timeout=6000)  # someone else's vote is
        seen = len(asked)
        assert seen >= 1  # the poll that found the change
        one.wait_for_timeout(6000)  # two more polls' time: the note shows until it is tapped, so nothing is asked
        assert len(asked) == seen
    else:
        assert one.evaluate("window.samePage") is None  # the page was loaded again
        assert re.search(rf"/p/t/{THEME}/samen#p-{proposal}$", one.url)
    screenshot(one, f"vote-in-place-{'js' if javascript else 'nojs'}")
    assert contexts.errors == [] and contexts.foreign() == []
