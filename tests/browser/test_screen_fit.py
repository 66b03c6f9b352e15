"""The shared screen on a projector: every view fits 1280×720 and 1920×1080 without scrolling, in one language and
in two (nl + ar), with the full deck, two own themes of 80 characters, long answers and proposals.

Nothing may be cut off: the page does not scroll, every visible element lies inside the screen, and no element
hides what it holds (overflow). Text is large (at least 2.5 % of the height of a 16:9 picture) and axe finds no contrast
problem. Screenshots: tests/browser/screenshots/screen-fit-<view>-<languages>-<size>.png."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import Phone, answer_theme, join, set_agenda, start, vote
from sqlalchemy import select

from praatplaat.db import db
from praatplaat.decks import get_deck
from praatplaat.models import Answer, Conversation, OwnTheme, Participant

from . import flow
from .support import save_screenshot

VIEWPORTS = [(1280, 720), (1920, 1080), (1024, 768)]  # and an old 4:3 projector
LANGUAGES = {"nl": ["nl"], "nl-ar": ["nl", "ar"]}
VIEWS = ["join", "themes", "theme-deck", "theme-own", "blank"]
MIN_TEXT_SHARE = 0.025  # of the height of a 16:9 picture that fits the screen: 18 px at 720, 27 px at 1080
OWN_TITLES = [
    "Hoe we samen zorgen dat ieder kind zich veilig voelt op het plein en in de klas",  # 80 characters
    "Wat we doen als een kind thuis weinig hulp krijgt bij lezen, rekenen en huiswerk",
    "Gezond eten op school",  # a 13th theme: the screen shows the 12 most picked and "+ 1 ander thema"
]
LONG = ("De juf legt alles rustig uit en neemt de tijd voor ieder kind, ook als het een keer niet zo goed gaat. "
        "Wij merken thuis dat ons kind met plezier naar school gaat en veel vertelt over wat het leert.")
ARABIC = "المعلمة تشرح كل شيء بهدوء وتأخذ الوقت الكافي لكل طفل، حتى عندما لا تسير الأمور على ما يرام."
OWN_PROPOSAL = ("Elke maand een korte avond waar ouders vragen kunnen stellen aan de juf en de meester, "
                "met koffie en thee, zodat we elkaar beter leren kennen.")


def answer_ids(app, code: str, theme_key: str) -> list[int]:
    """The written answers of this theme in this conversation (the live server holds other tests' too)."""
    with app.app_context():
        return list(db.session.scalars(select(Answer.id).join(Participant).join(Conversation).where(
            Conversation.join_code == code, Answer.theme_key == theme_key, Answer.text != "")))


@pytest.fixture(scope="module")
def evening(live_server):
    """A parent evening built over HTTP against the live server: 12 phones, the praatplaat deck, two long own
    themes on the agenda, every written answer approved, proposals with eens."""
    app = live_server.app
    host = Phone(app, "host")
    code, f_url = start(host, title="Ouderavond groep 6", mode="evening")
    phones = [Phone(app, f"phone{n}") for n in range(12)]
    for n, phone in enumerate(phones):
        join(phone, code, role="unknown" if n % 3 else "parent", language="ar" if n % 4 == 3 else "nl")
    for phone, title in zip(phones, OWN_TITLES, strict=False):
        assert phone.post("/p/themas/eigen", {"own-title": title}).status_code == 303
    with app.app_context():
        own = [t.key for t in db.session.scalars(select(OwnTheme).join(Conversation).where(
            Conversation.join_code == code).order_by(OwnTheme.id))]
    deck = [t.key for t in get_deck("praatplaat").themes]
    keys = deck + own
    assert len(keys) == 13
    for n, phone in enumerate(phones):  # every theme but the last picked by someone, some by many
        phone.post("/p/themas", {"themes": [keys[n], keys[(n * 5) % 12], keys[0], own[n % 2]]})
    set_agenda(host, f_url, "resultaat", own[0])
    scales = ["good", "fair", "better", "unknown"]
    for n, phone in enumerate(phones[:8]):
        text = ARABIC if n % 4 == 3 else f"{LONG} ({n})"
        for key in ("resultaat", own[0]):
            answer_theme(phone, key, scale=scales[n % 4], strengths=text, ideas=f"Idee {n}: {LONG}",
                         choice=["doel", "vast-contact", "wat-werkt", None][n % 4] if key == "resultaat" else None,
                         text=f"{OWN_PROPOSAL} ({n % 3})" if n % 4 == 3 or key != "resultaat" else "")
    worst = phones[8]  # the newest answer: every ready sentence tapped (issue 12), and long own words
    for key in ("resultaat", own[0]):
        tapped = [s.key for s in get_deck("praatplaat").ready_sentences(key, "strengths")]
        assert worst.post(f"/p/t/{key}/1", {"scale": "good"}).status_code == 303
        assert worst.post(f"/p/t/{key}/2", {"sentences": tapped, "text": LONG}).status_code == 303
    for key in ("resultaat", own[0]):
        for answer in answer_ids(app, code, key):
            assert host.post(f_url + f"antwoord/{answer}/scherm", {"show": "1", "theme": key}).status_code == 303
        page = phones[0].get(f"/p/t/{key}/samen").get_data(as_text=True)
        proposals = re.findall(r'name="proposal" value="(\w+)"', page)
        for n, phone in enumerate(phones[:8]):
            for proposal in dict.fromkeys(proposals[: n % 3 + 1]):
                vote(phone, key, proposal)
    return {"host": host, "f_url": f_url, "views": {"join": "join", "themes": "themes",
                                                     "theme-deck": "theme:resultaat", "theme-own": f"theme:{own[0]}",
                                                     "blank": "blank"}}


FIT = """minShare => {
  const W = innerWidth, H = innerHeight, bad = [];
  const doc = document.documentElement;
  if (doc.scrollHeight > H) bad.push(`the page is ${doc.scrollHeight}px high`);
  if (doc.scrollWidth > W) bad.push(`the page is ${doc.scrollWidth}px wide`);
  const name = el => el.tagName.toLowerCase() + (el.className && el.className.baseVal === undefined
    ? "." + String(el.className).trim().replace(/ +/g, ".") : "") + ` "${(el.innerText || "").trim().slice(0, 30)}"`;
  for (const el of document.querySelectorAll("body *")) {
    if (el.closest(".visually-hidden, .skip, [hidden], head, script")) continue;
    if (!el.checkVisibility({visibilityProperty: true})) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (box.bottom > H + 0.5 || box.right > W + 0.5 || box.top < -0.5 || box.left < -0.5)
      bad.push(`${name(el)} sticks out: ` + [box.left, box.top, box.right, box.bottom].map(Math.round).join(","));
    const style = getComputedStyle(el);
    if ((style.overflowX !== "visible" || style.overflowY !== "visible") &&
        (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1))
      bad.push(`${name(el)} hides part of what it holds`);
    const ownText = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
    if (ownText && parseFloat(style.fontSize) < minShare * Math.min(H, W * 9 / 16))
      bad.push(`${name(el)}: text of ${style.fontSize} is too small at ${W}×${H}`);
  }
  return bad;
}"""


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("languages", LANGUAGES)
@pytest.mark.parametrize("size", VIEWPORTS, ids=[f"{w}x{h}" for w, h in VIEWPORTS])
def test_screen_fits_the_projector(evening, contexts, size, languages, view):
    host, f_url = evening["host"], evening["f_url"]
    assert host.post(f_url + "scherm/talen", {"lang": LANGUAGES[languages]}).status_code == 303
    assert host.post(f_url + "scherm/toon", {"view": evening["views"][view]}).status_code == 303
    projector = contexts.new("desktop").new_page()
    width, height = size
    projector.set_viewport_size({"width": width, "height": height})
    flow.visit(projector, f_url + "scherm")
    projector.wait_for_load_state("load")
    save_screenshot(projector, f"screen-fit-{view}-{languages}-{width}x{height}", full_page=False)
    main = projector.locator("main").inner_text()
    if view == "join":
        assert re.search(r"12 mensen doen mee", main), main
        if languages == "nl-ar":
            assert "يشارك 12 شخصًا" in main  # Arabic's own plural form for 11-99
    elif view == "themes":
        assert "Hoe we samen zorgen dat ieder kind" in main and "Werk samen voor resultaat" in main
        assert re.search(r"\b1[0-2] stemmen\b", main), main  # the most picked theme, with its count
        assert "+ 1 ander thema" in main and "Gezond eten" not in main
    elif view == "blank":
        assert projector.locator("main h1.visually-hidden").count() == 1 and "Werk samen" not in main
    else:
        assert "mensen zijn het eens" in main or "mens is het eens" in main, main
        assert "andere antwoorden" in main  # more approved answers than fit: "+ N andere antwoorden"
        if view == "theme-deck":  # the newest answer's tapped sentences, as many as fit under a short title
            assert get_deck("praatplaat").ready_sentences("resultaat", "strengths")[0].text in main
    problems = projector.evaluate(FIT, MIN_TEXT_SHARE)
    assert not problems, f"{view} in {languages} at {width}×{height}:\n" + "\n".join(problems[:15])
    results = Axe().run(projector, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]},
                                            "resultTypes": ["violations"]})
    violations = results.response["violations"]
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"][:5]]) for v in violations]
