"""The printed afsprakenlijst in two languages (issue 13, point 8): a page a family puts on the fridge. People's own
words at full size, labels small and grey, Wie / Wanneer readable, A4 with margins, both languages side by side,
the look-back date on it. Checked in Chromium's print mode and as a real PDF."""

from __future__ import annotations

import re

import pytest
from conftest import LOOKBACK_DAY, PLANNED_DAY, Phone, answer_theme, join, proposal_cards, set_agenda, start, vote
from playwright.sync_api import expect

from .support import SCREENSHOTS

OWN_WORDS = "Her cuma öğretmene kısa bir mesaj gönderiyorum."
A4_POINTS = (595.28, 841.89)  # 210 × 297 mm


def conversation(app, language: str) -> str:
    """A teacher and a parent who writes in `language`: answers, two agreements (one in the parent's own words),
    a look-back date. Returns the facilitator's address."""
    teacher, parent = Phone(app, "teacher"), Phone(app, "parent")
    code, f_url = start(teacher, title="Gesprek over Sam, groep 6")
    join(parent, code, role="parent", language=language, nickname="Ayşe")
    set_agenda(teacher, f_url, "resultaat", "kind")
    answer_theme(teacher, "resultaat", strengths="Sam leest elke avond een boek.", ideas="Vaker samen lezen.",
                 choice="doel", who="role:parent", when="date", when_date=PLANNED_DAY.isoformat())
    answer_theme(parent, "resultaat", strengths="Sam her akşam kitap okuyor.", ideas="Okulda daha fazla kitap.",
                 choice="doel", who="me", when="date", when_date=PLANNED_DAY.isoformat())
    answer_theme(parent, "kind", text=OWN_WORDS, who="me", when="week")
    answer_theme(teacher, "kind", strengths="Sam helpt andere kinderen.")
    for key in ("resultaat", "kind"):
        for proposal in proposal_cards(parent.get(f"/p/t/{key}/samen").get_data(as_text=True)):
            for phone in (teacher, parent):
                vote(phone, key, proposal)
    assert teacher.post(f_url + "terugblik", {"day": LOOKBACK_DAY.isoformat()}).status_code == 303
    return f_url


def font_px(page, selector: str) -> float:
    return page.locator(selector).first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")


def colour(page, selector: str) -> str:
    return page.locator(selector).first.evaluate("e => getComputedStyle(e).color")


@pytest.mark.parametrize("language", ["tr", "ar"])
def test_the_fridge_print_in_two_languages(contexts, live_server, language):
    f_url = conversation(live_server.app, language)
    page = contexts.new("desktop").new_page()
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.goto(f"{f_url}lijst/tweetalig?taal={language}")
    page.emulate_media(media="print")
    columns = page.locator(".bilingual .column")
    expect(columns).to_have_count(2)
    assert [columns.nth(i).get_attribute("lang") for i in range(2)] == [language, "nl"]
    expect(page.locator("header.top")).to_be_hidden()
    expect(page.locator(".no-print").first).to_be_hidden()
    for column in (columns.nth(0), columns.nth(1)):
        expect(column.locator(".lookback-line")).to_be_visible()
        expect(column.locator(".what", has_text=OWN_WORDS)).to_be_visible()

    # Own words at full size, the labels after them smaller and grey; Wie / Wanneer as large as the words.
    words = font_px(page, ".bilingual .list-theme li bdi")  # "Sam leest elke avond een boek."
    own = font_px(page, f".bilingual .what bdi:text('{OWN_WORDS}')")
    for label in (".list-theme li .meta", ".written-in", ".proposal-meta, .agreements .meta", ".ww dt"):
        assert font_px(page, f".bilingual {label}") < words, label
    assert own >= words >= 13, (own, words)  # 10 pt or more
    assert font_px(page, ".bilingual .ww dd") >= words
    ink = colour(page, ".bilingual .list-theme li bdi")
    for label in (".list-theme li .meta", ".written-in", ".ww dt"):
        assert colour(page, f".bilingual {label}") != ink, label
    # Nothing sticks out of the page sideways.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"print-bilingual-{language}.png"), full_page=True)

    pdf = SCREENSHOTS / f"print-bilingual-{language}.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    data = pdf.read_bytes()
    boxes = {tuple(round(float(n), 2) for n in box)
             for box in re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)}
    # @page size A4 (Chromium rounds to whole pixels: 594.96 × 841.92), not Letter (612 × 792).
    assert boxes and all(abs(w - A4_POINTS[0]) < 1.5 and abs(h - A4_POINTS[1]) < 1.5 for w, h in boxes), boxes
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert 1 <= pages <= 3, pages


def test_the_list_in_one_language_prints_on_a4(contexts, live_server):
    f_url = conversation(live_server.app, "nl")
    page = contexts.new("desktop").new_page()
    page.set_viewport_size({"width": 794, "height": 1123})
    page.goto(f"{f_url}lijst")
    page.emulate_media(media="print")
    expect(page.locator(".lookback-line")).to_be_visible()
    expect(page.locator("a[href$='terugblik.ics']")).to_be_hidden()  # nothing to tap on paper
    expect(page.locator(".actions")).to_be_hidden()
    assert font_px(page, ".list-theme li bdi") >= 15  # 12 pt
    page.screenshot(path=str(SCREENSHOTS / "print-list-nl.png"), full_page=True)
    pdf = SCREENSHOTS / "print-list-nl.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    assert pdf.read_bytes().startswith(b"%PDF")
