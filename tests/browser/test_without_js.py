"""Controls that need JavaScript ("Lees voor", "Afdrukken") exist only with JavaScript: without it they are
not shown, so nobody taps a button that does nothing (issue 13, point 4)."""

from __future__ import annotations

import pytest

from .flow import join, start_conversation, visit

SCRIPT_ONLY = "[data-print], [data-speak]"


def _script_only_controls(page) -> tuple[int, int]:
    """(how many script-only controls the page has, how many of them a person can see)."""
    controls = page.locator(SCRIPT_ONLY)
    return controls.count(), sum(1 for n in range(controls.count()) if controls.nth(n).is_visible())


@pytest.mark.parametrize("javascript", [False, True], ids=["nojs", "js"])
def test_script_only_controls_show_only_with_javascript(contexts, javascript):
    desktop = contexts.new("desktop", javascript=javascript).new_page()
    code, dashboard = start_conversation(desktop)
    phone = contexts.new("phone", javascript=javascript).new_page()
    visit(phone, f"/j/{code}")
    join(phone)
    pages = [(desktop, dashboard + "lijst"), (desktop, dashboard + "lijst/tweetalig?taal=nl"), (phone, "/p/lijst"),
             (phone, "/p/lijst/tweetalig")]
    for page, url in pages:
        visit(page, url)
        count, visible = _script_only_controls(page)
        assert count >= 1, url  # the page has a print button (and read-aloud where there is text)
        if javascript:
            # The print button is made visible by the script (read aloud only where the phone has a voice).
            assert page.locator("[data-print]").first.is_visible(), url
        else:
            assert visible == 0, url
