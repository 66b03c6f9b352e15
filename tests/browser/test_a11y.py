"""Accessibility in a real browser, in Dutch, Arabic and Persian (both right to left): axe-core on every page
type, the keyboard, tap targets, text size, zoom, and no sideways scrolling on a 320 px phone (also in Somali,
with its long words, and Tigrinya, in Ge'ez script).

Every page type is also photographed at 390×844 into tests/browser/screenshots/ for people to look at."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from . import flow
from .support import Contexts, save_screenshot

LANGUAGES = ("nl", "ar", "fa")
REFLOW_LANGUAGES = (*LANGUAGES, "so", "ti")
RIGHT_TO_LEFT = {"ar", "fa"}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]
THEME = "resultaat"
MIN_TARGET = 44  # px, for buttons, navigation links and the labels of radio buttons and checkboxes
MIN_TEXT = 16  # px

# Page type -> (who looks at it, where). "fresh" is a phone that has not joined anything yet.
PAGES: dict[str, tuple[str, Callable[[Site], str]]] = {
    "start": ("fresh", lambda s: "/"),
    "join": ("fresh", lambda s: f"/j/{s.code}"),
    "about": ("fresh", lambda s: "/over"),
    "error-unknown-code": ("fresh", lambda s: "/j/ZZZZZZ"),
    "error-not-joined": ("fresh", lambda s: "/p/themas"),
    "opening": ("person", lambda s: "/p/opening"),
    "themes": ("person", lambda s: "/p/themas"),
    "question-1": ("person", lambda s: f"/p/t/{THEME}/1"),
    "question-2": ("person", lambda s: f"/p/t/{THEME}/2"),
    "question-3": ("person", lambda s: f"/p/t/{THEME}/3"),
    "question-4": ("person", lambda s: f"/p/t/{THEME}/4"),
    "question-5": ("person", lambda s: f"/p/t/{THEME}/5"),
    "together": ("person", lambda s: f"/p/t/{THEME}/samen"),
    "list": ("person", lambda s: "/p/lijst"),
    "bilingual-list": ("person", lambda s: "/p/lijst/tweetalig"),
    "closing": ("person", lambda s: "/p/afsluiting"),
    "withdraw": ("person", lambda s: "/p/stoppen"),
    "error-theme-not-on-agenda": ("person", lambda s: "/p/t/bestaatniet/1"),
    "facilitator-dashboard": ("facilitator", lambda s: s.dashboard),
    "facilitator-theme": ("facilitator", lambda s: f"{s.dashboard}t/{THEME}"),
    "facilitator-list": ("facilitator", lambda s: f"{s.dashboard}lijst"),
    "facilitator-closing": ("facilitator", lambda s: f"{s.dashboard}afsluiting"),
    "facilitator-look-back": ("facilitator", lambda s: f"{s.dashboard}terugkijken"),
    "evening-dashboard": ("host", lambda s: s.evening),
    "screen-join": ("screen", lambda s: "join"),
    "screen-themes": ("screen", lambda s: "themes"),
    "screen-theme": ("screen", lambda s: f"theme:{THEME}"),
}
STATUS = {"error-unknown-code": 404, "error-not-joined": 403, "error-theme-not-on-agenda": 404}
# Known app bugs, as strict xfails so that a fix is noticed (then remove the entry).
# e.g. {"facilitator-list": pytest.mark.xfail(strict=True, raises=AssertionError, reason="BUG: ...")}
KNOWN_BUGS: dict = {}


def page_params(names) -> list:
    return [pytest.param(name, id=name, marks=KNOWN_BUGS.get(name, ())) for name in names]


PARTICIPANT_PAGES = ["join", "opening", "themes", "question-1", "question-2", "question-3", "question-4",
                     "question-5", "together", "list", "closing"]


@dataclass
class Site:
    """One conversation with an opening, a theme, an agreement and a closing answer, in one language;
    plus a parent evening with a shared screen."""

    lang: str
    contexts: Contexts
    pages: dict[str, Page] = field(default_factory=dict)
    code: str = ""
    dashboard: str = ""
    evening: str = ""
    throwaway: list = field(default_factory=list)  # contexts of one test, closed after it (close_throwaways)

    def page(self, who: str) -> Page:
        if who == "fresh":  # a new phone each time: nobody has joined on it
            return self.new_context("phone").new_page()
        return self.pages[who]

    def new_context(self, kind: str):
        """A browser context for this test only. Left open, a module's ~150 of them held more connections than
        the test server accepts (waitress: 100), and a page load then waited in vain."""
        context = self.contexts.new(kind, lang=self.lang)
        self.throwaway.append(context)
        return context


def build_site(contexts: Contexts, lang: str) -> Site:
    site = Site(lang, contexts)
    facilitator = site.pages["facilitator"] = contexts.new("phone", lang=lang).new_page()
    person = site.pages["person"] = contexts.new("phone", lang=lang).new_page()
    site.code, site.dashboard = flow.start_conversation(facilitator, "Gesprek over Sam", opening=True)
    flow.visit(person, f"/j/{site.code}")
    flow.join(person, role="parent", language=lang, nickname="Ayse")
    goals = ((facilitator, "Dat Sam graag naar school gaat."), (person, "Dat we elkaar vaker spreken."))
    for page, goal in goals:
        flow.visit(page, "/p/opening")
        page.fill("main form textarea[name='text']", goal)
        page.fill("main form textarea[name='expectations']", "Dat we elkaar bellen als er iets is.")
        flow.submit(page, "main form")
    flow.pick_themes(person, THEME, "kind")
    flow.pick_themes(facilitator, THEME)
    flow.set_agenda(facilitator, site.dashboard, THEME)
    flow.answer_theme(facilitator, THEME, scale="good", strengths="Sam leest graag.", ideas="Vaker bellen.",
                      choice="doel")
    flow.answer_theme(person, THEME, scale="better", strengths="Sam helpt thuis.", ideas="Een schrift mee.",
                      helps="Korte berichten.", choice="doel")
    proposal = flow.proposal_keys(person)[0]
    flow.vote(person, THEME, proposal)
    flow.vote(facilitator, THEME, proposal)
    flow.visit(person, "/p/afsluiting")
    person.check("main form input[name='experience'][value='good']")
    person.check("main form input[name='covered'][value='partly']")
    person.fill("main form textarea[name='tips']", "Stuur vaker een kort bericht.")
    flow.submit(person, "main form")
    flow.visit(facilitator, f"{site.dashboard}afsluiting")
    facilitator.fill("main form textarea[name='text']", "Maandag en woensdag van 9 tot 12 uur.")
    flow.submit(facilitator, "main form")

    # A parent evening: the host's laptop and the projector, with one phone taking part.
    host = site.pages["host"] = contexts.new("desktop", lang=lang).new_page()
    _, site.evening = flow.start_conversation(host, "Ouderavond groep 6", mode="evening")
    flow.visit(host, site.evening)
    languages = "form[action$='/scherm/talen']"
    for code in ("nl", lang):
        host.check(f"{languages} input[name='lang'][value='{code}']")
    flow.submit(host, languages)
    guest = contexts.new("phone", lang=lang).new_page()
    flow.visit(guest, f"/j/{host.locator('.join-code .code').inner_text().strip()}")
    flow.join(guest, role="unknown", language=lang)
    flow.pick_themes(guest, THEME)
    flow.set_agenda(host, site.evening, THEME)
    flow.answer_theme(guest, THEME, scale="fair", strengths="Goede sfeer.", ideas="Vaker mailen.",
                      choice="doel")
    site.pages["screen"] = contexts.new("desktop", lang=lang).new_page()
    return site


@pytest.fixture(scope="module")
def sites(chromium, live_server):
    """Built once per language, on first use."""
    contexts = Contexts(chromium, live_server.url)
    built: dict[str, Site] = {}

    def get(lang: str) -> Site:
        if lang not in built:
            built[lang] = build_site(contexts, lang)
        return built[lang]

    get.built = built
    yield get
    contexts.close()
    contexts.assert_clean()


@pytest.fixture(autouse=True)
def close_throwaways(sites):
    yield
    for site in sites.built.values():
        for context in site.throwaway:
            context.close()
            site.contexts.opened.remove(context)
        site.throwaway.clear()


def open_page(site: Site, page_type: str, *, who: str | None = None) -> Page:
    """Open one page type; it must answer with the status we expect (200, or the error page's own)."""
    role, where = PAGES[page_type]
    page = site.page(who or role)
    if role == "screen":  # the host chooses what the projector shows, then the projector shows it
        host = site.pages["host"]
        flow.visit(host, site.evening)
        flow.submit(host, f"form[action$='/scherm/toon']:has(input[name='view'][value='{where(site)}'])")
        response = flow.visit(page, f"{site.evening}scherm")
    else:
        response = flow.visit(page, where(site))
    page.wait_for_load_state("load")
    assert response.status == STATUS.get(page_type, 200), f"{page_type}: HTTP {response.status} at {page.url}"
    return page


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v.get('impact')}): {v['help']} — {v.get('helpUrl', '')}")
        for node in v["nodes"][:6]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '').splitlines()[-1:]}")
    return "\n".join(lines)


def check_html(page: Page, lang: str) -> None:
    direction = "rtl" if lang in RIGHT_TO_LEFT else "ltr"
    assert flow.html_attrs(page) == (lang, direction)


@pytest.mark.parametrize("page_type", page_params(PAGES))
@pytest.mark.parametrize("lang", LANGUAGES)
def test_axe_finds_nothing(sites, lang, page_type):
    site = sites(lang)
    page = open_page(site, page_type)
    check_html(page, lang)
    kind = "desktop" if PAGES[page_type][0] in ("screen", "host") else "390x844"
    save_screenshot(page, f"{page_type}-{lang}-{kind}")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS},
                                       "resultTypes": ["violations"]})
    violations = results.response["violations"]
    assert not violations, f"{page_type} in {lang}: {len(violations)} axe violations\n{describe(violations)}"


KEYBOARD_INFO = """el => {
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {tag: el.tagName.toLowerCase(), type: el.type || "", name: el.name || "", kb: el.dataset.kb || "",
          outline: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth) || 0,
          shadow: style.boxShadow, width: box.width, height: box.height,
          text: (el.innerText || el.value || "").trim().slice(0, 40)};
}"""
INTERACTIVE = ("a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), textarea, select, "
               "summary, [tabindex]:not([tabindex='-1'])")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_join_page_by_keyboard(sites, lang):
    """Tab reaches every control of the join page with a visible focus ring, and joining works by keyboard."""
    site = sites(lang)
    page = open_page(site, "join")
    # Number every visible interactive element; a radio group is one tab stop, as in every browser.
    expected = page.evaluate("""sel => {
      const seen = new Set(); const stops = [];
      document.querySelectorAll(sel).forEach((el, i) => {
        // Closed <details> and [hidden] content is not a tab stop until it is opened.
        if (!el.checkVisibility({visibilityProperty: true, contentVisibilityAuto: true})) return;
        const key = el.type === "radio" ? "radio:" + el.name : "el:" + i;
        el.dataset.kb = key;
        if (!seen.has(key)) { seen.add(key); stops.push(key); }
      });
      return stops;
    }""", INTERACTIVE)
    reached, problems = [], []
    for _ in range(len(expected) + 10):
        page.keyboard.press("Tab")
        info = page.evaluate(f"(() => {{ const el = document.activeElement; "
                             f"return el ? ({KEYBOARD_INFO})(el) : null; }})()")
        if not info or info["tag"] == "body":
            break
        if info["kb"] and info["kb"] not in reached:
            reached.append(info["kb"])
        outline = info["outline"] not in ("none", "") and info["outlineWidth"] >= 2
        ring = outline or info["shadow"] not in ("none", "")
        if not ring or info["width"] == 0:
            problems.append(info)
    missing = [key for key in expected if key not in reached]
    assert not missing, f"not reachable with Tab: {missing}"
    assert not problems, f"focus not visible on: {problems}"

    # The language menu in the header opens with Enter, and its choices are then next in line.
    page.locator("header .langs summary").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    in_menu = page.evaluate("document.activeElement.closest('.langs form') !== null")
    assert in_menu, "the language menu's choices are not reachable with Tab"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # and closes again

    # Now join by keyboard alone: arrow keys in the radio groups, Enter to send.
    flow.visit(page, f"/j/{site.code}")
    page.locator(f"input[name='language'][value='{lang}']").focus()
    page.keyboard.press("Space")
    first_role = page.locator("input[name='role']").first
    first_role.focus()
    page.keyboard.press("ArrowDown")  # moves to and selects the next role
    role = page.evaluate("document.activeElement.value")
    assert page.locator(f"input[name='role'][value='{role}']").is_checked()
    page.locator("input[name='nickname']").focus()
    page.keyboard.type("Sam's oom")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/p/" in page.url
    check_html(page, lang)


TARGETS = """sel => Array.from(document.querySelectorAll(sel)).filter(el =>
  el.checkVisibility({visibilityProperty: true}) && !el.closest(".skip")
).map(el => { const box = el.getBoundingClientRect();
  const what = el.tagName.toLowerCase() + (el.className ? "." + String(el.className).replace(/ /g, ".") : "");
  return {what,
          text: (el.innerText || el.value || "").trim().slice(0, 30),
          width: box.width, height: box.height}; })"""
TARGET_SELECTOR = ("main button, .button, nav a, header a, header summary, footer a, summary, "
                   "label:has(input[type=radio]), label:has(input[type=checkbox])")


@pytest.mark.parametrize("page_type", ["start", *PARTICIPANT_PAGES, "facilitator-dashboard",
                                       "facilitator-theme"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_phone_sizes(sites, lang, page_type):
    """At 390×844: tap targets ≥ 44×44, text ≥ 16 px, icons at icon size, zoom allowed."""
    site = sites(lang)
    page = open_page(site, page_type)
    small = [t for t in page.evaluate(TARGETS, TARGET_SELECTOR)
             if t["width"] < MIN_TARGET - 0.5 or t["height"] < MIN_TARGET - 0.5]
    assert not small, f"tap targets smaller than {MIN_TARGET}×{MIN_TARGET} px: {small}"
    body = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert body >= MIN_TEXT
    tiny = page.evaluate("""min => Array.from(document.querySelectorAll("main *")).filter(el =>
        Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim()) &&
        el.getBoundingClientRect().width > 0 && parseFloat(getComputedStyle(el).fontSize) < min)
      .map(el => el.tagName.toLowerCase() + "." + el.className + ": " + getComputedStyle(el).fontSize)""",
                         MIN_TEXT)
    assert not tiny, f"text smaller than {MIN_TEXT}px: {tiny}"
    huge = page.evaluate("""() => Array.from(document.querySelectorAll('svg[aria-hidden="true"]'))
        .map(svg => [svg.parentElement.tagName.toLowerCase() + "." + svg.parentElement.className,
                     svg.getBoundingClientRect().width]).filter(([, width]) => width > 64)""")
    assert not huge, f"icons drawn larger than 64 px: {huge}"
    viewport = page.locator("meta[name=viewport]").get_attribute("content").replace(" ", "").lower()
    assert "width=device-width" in viewport
    assert "user-scalable=no" not in viewport and "user-scalable=0" not in viewport
    assert "maximum-scale" not in viewport or float(viewport.split("maximum-scale=")[1].split(",")[0]) >= 2


@pytest.mark.parametrize("page_type", page_params([
    "start", *PARTICIPANT_PAGES, "about", "error-unknown-code", "facilitator-dashboard", "facilitator-theme",
    "facilitator-list", "facilitator-closing", "facilitator-look-back"]))
@pytest.mark.parametrize("lang", REFLOW_LANGUAGES)
def test_small_phone_needs_no_sideways_scrolling(sites, lang, page_type):
    """At 320×640 (WCAG reflow): nothing sticks out sideways."""
    site = sites(lang)
    who = PAGES[page_type][0]
    page = open_page(site, page_type)
    check_html(page, lang)
    if lang not in LANGUAGES:  # test_axe_finds_nothing photographs the others at 390×844
        save_screenshot(page, f"{page_type}-{lang}-390x844")
    if who != "fresh":  # the same person, on a small phone: their cookie goes along
        small = site.new_context("small_phone")
        small.add_cookies(page.context.cookies())
        page = small.new_page()
        flow.visit(page, PAGES[page_type][1](site))
    else:
        page.set_viewport_size({"width": 320, "height": 640})
        page.reload()
    expect(page.locator("main")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page_type} in {lang} scrolls {overflow}px sideways at 320 px"
    save_screenshot(page, f"{page_type}-{lang}-320x640", full_page=False)
