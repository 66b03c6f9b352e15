"""What people do in the browser, step by step. Selectors use names and values, not words, so the same
steps work in every language (and with JavaScript on or off)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

SUBMIT = "button[type=submit]"


def html_attrs(page: Page) -> tuple[str, str]:
    html = page.locator("html")
    return html.get_attribute("lang"), html.get_attribute("dir")


def visit(page: Page, url: str):
    """page.goto, but a live page (themes, merged view, list) may reload itself at that very moment when
    someone else changed something: then go again."""
    for attempt in range(3):
        try:
            return page.goto(url)
        except PlaywrightError as error:
            if "interrupted by another navigation" not in str(error) or attempt == 2:
                raise
            page.wait_for_load_state()
    return None


def submit(page: Page, form_selector: str) -> None:
    """Press the form's own submit button and wait for the next page (POST, redirect, GET)."""
    with page.expect_navigation():
        page.locator(form_selector).locator(SUBMIT).first.click()


def start_conversation(page: Page, title: str = "Gesprek over Sam", *, opening: bool = False,
                       mode: str = "table", take_part: str | None = None, nickname: str = "") -> tuple[str, str]:
    """The facilitator fills the start form; returns (join code, dashboard URL).

    take_part: "yes" (takes part on this device), "no" (only leads), None (left empty: the mode decides).
    """
    visit(page, "/")
    form = "form[action$='/start']"
    page.check(f"{form} input[name='start-deck'][value='praatplaat']")
    page.check(f"{form} input[name='start-mode'][value='{mode}']")
    if opening:
        page.check(f"{form} input[name='start-opening']")
    page.fill(f"{form} input[name='start-title']", title)
    if take_part:
        page.check(f"{form} input[name='start-take_part'][value='{take_part}']")
    page.check(f"{form} input[name='start-role'][value='professional']")
    if nickname:
        page.fill(f"{form} input[name='start-nickname']", nickname)
    submit(page, form)
    assert re.search(r"/f/[A-Za-z0-9_-]{20,}/", page.url), page.url
    code = page.locator(".join-code .code").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{6}", code), code
    return code, page.url.split("?")[0]


def decode_qr(page: Page, png: Path) -> str:
    """Photograph the QR code on the page and read it back with zbarimg: the code itself is proven."""
    assert shutil.which("zbarimg"), "zbarimg (zbar-tools) is needed to read the QR code"
    qr = page.locator("svg.qr").first
    expect(qr).to_be_visible()
    qr.screenshot(path=str(png))
    found = subprocess.run(["zbarimg", "--raw", "-q", str(png)], capture_output=True, text=True, timeout=30)
    assert found.returncode == 0, f"zbarimg could not read the QR code: {found.stderr}"
    return found.stdout.strip()


def type_code(page: Page, code: str) -> None:
    """On the start page, type the code that was read aloud."""
    visit(page, "/")
    form = "form[action$='/code']"
    page.fill(f"{form} input[name='join-code']", code.lower())  # people type as they like
    submit(page, form)
    assert f"/j/{code}" in page.url, page.url


def join(page: Page, role: str = "parent", language: str = "nl", nickname: str = "") -> None:
    """On the join page: language, role, optional name, Meedoen."""
    assert "/j/" in page.url, page.url
    form = "main form"
    page.check(f"{form} input[name='language'][value='{language}']")
    page.check(f"{form} input[name='role'][value='{role}']")
    if nickname:
        page.fill(f"{form} input[name='nickname']", nickname)
    submit(page, form)
    assert "/p/" in page.url, page.url
    assert html_attrs(page)[0] == language


def pick_themes(page: Page, *keys: str) -> None:
    visit(page, "/p/themas")
    form = "main form:has(input[name='themes'])"
    for key in keys:
        page.check(f"{form} input[name='themes'][value='{key}']")
    submit(page, form)
    for key in keys:
        expect(page.locator(f"input[name='themes'][value='{key}']")).to_be_checked()


def set_agenda(page: Page, dashboard: str, *keys: str) -> None:
    """The facilitator numbers the themes (1, 2, ...) and fixes the agenda."""
    visit(page, dashboard)
    form = "form[action$='/agenda']"
    for number, key in enumerate(keys, 1):
        page.fill(f"{form} #pos-{key}", str(number))
    submit(page, form)
    for number, key in enumerate(keys, 1):
        expect(page.locator(f"#pos-{key}")).to_have_value(str(number))


def begin_questions(page: Page, key: str) -> None:
    """Back on the themes page the agenda is there: 'Beginnen met de vragen' leads to the first question."""
    visit(page, "/p/themas")
    agenda = page.locator("section.agenda")
    expect(agenda).to_be_visible()
    with page.expect_navigation():
        agenda.locator("a.button.primary").click()
    assert page.url.endswith(f"/p/t/{key}/1"), page.url


def answer_theme(page: Page, key: str, *, scale: str, strengths: str = "", ideas: str = "",
                 choice: str | None = None, who: str = "together", when: str = "week",
                 shots=None, shot_prefix: str = "", helps: str = "", tap: tuple[str, ...] = ()) -> None:
    """The praatplaat's five questions of one theme, one screen each, ending on the merged view.

    tap: keys of ready sentences to tap on step 2 (what goes well), besides the own words in `strengths`.
    """
    form = "main form"
    if not page.url.endswith(f"/p/t/{key}/1"):
        visit(page, f"/p/t/{key}/1")
    for step in range(1, 6):
        assert page.url.endswith(f"/p/t/{key}/{step}"), (step, page.url)
        if shots:
            shots(page, f"{shot_prefix}question-{step}")
        if step == 1:
            page.check(f"{form} input[name='scale'][value='{scale}']")
        elif step == 2:
            for sentence in tap:
                page.check(f"{form} input[name='sentences'][value='{sentence}']")
            page.fill(f"{form} textarea[name='text'], {form} input[name='text']", strengths)
        elif step in (3, 4):
            page.fill(f"{form} textarea[name='text'], {form} input[name='text']", ideas if step == 3 else helps)
        else:
            if choice:
                page.check(f"{form} input[name='choice'][value='{choice}']")
            page.select_option(f"{form} select[name='who']", who)
            page.check(f"{form} input[name='when'][value='{when}']")
        submit(page, form)
    assert page.url.split("#")[0].endswith(f"/p/t/{key}/samen"), page.url


def vote(page: Page, key: str, proposal: str, agree: bool = True) -> None:
    """On the merged view, tap 'Eens' (or 'Nog niet') for one proposal."""
    visit(page, f"/p/t/{key}/samen")  # fresh, as after 'Vernieuwen'
    article = page.locator(f"article.proposal#p-{proposal}")
    # With JavaScript only the proposal changes (no page load); without it the page loads again.
    article.locator(f"button[name='agree'][value='{'yes' if agree else 'no'}']").click()
    yes = page.locator(f"article.proposal#p-{proposal} button[name='agree'][value='yes']")
    expect(yes).to_have_attribute("aria-pressed", "true" if agree else "false")


def proposal_keys(page: Page) -> list[str]:
    return [element.get_attribute("id").removeprefix("p-")
            for element in page.locator("article.proposal").all()]
