"""Page weight of every participant page, as a phone's browser sees it (not a test: it prints figures).

Starts the app on its own temporary SQLite file (waitress, a free port), drives one conversation in Debian's
Chromium with Playwright, and for each participant page prints the bytes transferred per resource type
(HTML, CSS, JS, SVG/images, polls) and the number of requests: on a first visit (empty cache) and on a repeat
visit (static files must then come from the cache, thanks to their Cache-Control headers).

Budget per participant page: ≤ 30 KB in total and ≤ 3 requests. "reqs" counts what loading the page takes
(the page, CSS, JS, images); live pages (themes, merged view, list) also ask a tiny state URL right away and
then every 2.5 s (304 while nothing changed): that poll is shown in its own column, its bytes count in the
total, and it is left out of the request budget. The last line sums it up:
    pages=N max_kb=… max_requests=… within_budget=yes/no

    python bench/weight.py [--lang nl|en|tr|ar|pl|uk] [--chromium /usr/bin/chromium]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BUDGET_KB = 30
BUDGET_REQUESTS = 3
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2, "locale": "nl-NL"}
SETTLE = 1.0  # seconds after "load" for late requests (the first poll); polls then repeat every 2.5 s
KINDS = ("html", "css", "js", "svg", "poll", "other")


def serve(database: Path):
    """The app as in production (waitress, 8 threads), on a free port, in a background thread."""
    import waitress

    from praatplaat import create_app
    from praatplaat.cli import upgrade_database

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "SECRET_KEY": "bench-weight",
                      "RATELIMIT_STORAGE_URI": "memory://"})
    upgrade_database(app)
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=8)
    threading.Thread(target=server.run, daemon=True).start()
    return server, f"http://127.0.0.1:{server.effective_port}"


def kind_of(resource_type: str, mime: str) -> str:
    if resource_type == "Document":
        return "html"
    if resource_type == "Stylesheet" or mime == "text/css":
        return "css"
    if resource_type == "Script" or "javascript" in mime:
        return "js"
    if resource_type == "Image" or mime.startswith("image/"):
        return "svg"
    if resource_type in ("Fetch", "XHR"):
        return "poll"
    return "other"


class Meter:
    """Counts what one page fetches over the network, through the DevTools protocol."""

    def __init__(self, page) -> None:
        self.page = page
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        self.requests: dict[str, dict] = {}
        self.cache_control: dict[str, str] = {}
        self.cdp.on("Network.requestWillBeSent", self._sent)
        self.cdp.on("Network.requestServedFromCache", self._cached)
        self.cdp.on("Network.responseReceived", self._response)
        self.cdp.on("Network.loadingFinished", self._finished)

    def _sent(self, event) -> None:
        self.requests[event["requestId"]] = {"url": event["request"]["url"], "type": event.get("type", ""),
                                             "mime": "", "bytes": 0, "cached": False, "done": False}

    def _cached(self, event) -> None:
        if event["requestId"] in self.requests:
            self.requests[event["requestId"]]["cached"] = True

    def _response(self, event) -> None:
        item = self.requests.get(event["requestId"])
        if item is None:
            return
        response = event["response"]
        item["mime"] = response.get("mimeType", "")
        item["bytes"] = response.get("encodedDataLength", 0)  # headers; loadingFinished gives the full count
        item["type"] = event.get("type", item["type"])
        if any(response.get(key) for key in ("fromDiskCache", "fromPrefetchCache", "fromServiceWorker")):
            item["cached"] = True
        headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
        if "/static/" in item["url"]:
            name = item["url"].split("?")[0].rsplit("/", 1)[-1]
            self.cache_control[name] = headers.get("cache-control", "-")

    def _finished(self, event) -> None:
        item = self.requests.get(event["requestId"])
        if item is not None:
            item["bytes"] = event.get("encodedDataLength", 0)
            item["done"] = True
            if item["bytes"] == 0:  # nothing came over the wire: the browser had it (e.g. the favicon)
                item["cached"] = True

    def visit(self, url: str, *, clear_cache: bool) -> dict:
        if clear_cache:
            self.cdp.send("Network.clearBrowserCache")
        self.requests.clear()
        self.page.goto(url, wait_until="load")
        self.page.wait_for_timeout(SETTLE * 1000)  # (a plain sleep would hold back the events)
        sizes: dict[str, int] = defaultdict(int)
        network = [r for r in self.requests.values() if not r["cached"]]
        for item in network:
            sizes[kind_of(item["type"], item["mime"])] += item["bytes"]
        kinds = sorted(kind_of(r["type"], r["mime"]) for r in network)
        return {"sizes": sizes, "total": sum(sizes.values()), "fetched": kinds,
                "requests": sum(1 for kind in kinds if kind != "poll"), "polls": kinds.count("poll"),
                "cached": sum(1 for r in self.requests.values() if r["cached"])}


def submit(page, form: str) -> None:
    with page.expect_navigation():
        page.locator(form).locator("button[type=submit]").first.click()


def drive(browser, base: str, lang: str):
    """A teacher at a laptop and a parent on a phone reach one agreement. Returns the parent's page and the
    pages to weigh."""
    laptop = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL", base_url=base)
    teacher = laptop.new_page()
    teacher.goto("/")
    teacher.fill("input[name='start-title']", "Gesprek over Sam")
    submit(teacher, "form[action$='/start']")
    dashboard = teacher.url.split("?")[0]
    code = teacher.locator(".join-code .code").inner_text().strip()

    parent = browser.new_context(**PHONE, base_url=base).new_page()
    pages = [("join", f"{base}/j/{code}")]  # weighed before joining: once joined, this address moves on
    meter = Meter(parent)
    yield_join = [meter.visit(pages[0][1], clear_cache=True), meter.visit(pages[0][1], clear_cache=False)]
    parent.check(f"main form input[name='language'][value='{lang}']")
    parent.check("main form input[name='role'][value='parent']")
    submit(parent, "main form")

    for page in (teacher, parent):
        page.goto("/p/themas")
        page.check("input[name='themes'][value='resultaat']")
        submit(page, "main form:has(input[name='themes'])")
    teacher.goto(dashboard)
    teacher.fill("#pos-resultaat", "1")
    submit(teacher, "form[action$='/agenda']")
    for page, scale in ((teacher, "good"), (parent, "better")):
        page.goto("/p/t/resultaat/1")
        page.check("main form input[name='scale'][value='" + scale + "']")
        submit(page, "main form")
        page.fill("main form textarea[name='text']", "Sam leest graag en helpt thuis mee.")
        submit(page, "main form")
        page.fill("main form textarea[name='text']", "Elke week even bellen over hoe het gaat.")
        submit(page, "main form")
        page.check("main form input[name='choice'][value='doel']")
        submit(page, "main form")
    for page in (teacher, parent):
        page.goto("/p/t/resultaat/samen")
        with page.expect_navigation():
            page.locator("article.proposal button[name='agree'][value='yes']").first.click()
    pages += [("themes", f"{base}/p/themas")]
    pages += [(f"question-{n}", f"{base}/p/t/resultaat/{n}") for n in range(1, 6)]
    pages += [("merged view", f"{base}/p/t/resultaat/samen"), ("list", f"{base}/p/lijst"),
              ("closing", f"{base}/p/afsluiting")]
    return meter, pages, yield_join


def row(name: str, visit: str, result: dict) -> str:
    sizes = result["sizes"]
    cells = " ".join(f"{sizes.get(kind, 0) / 1024:6.1f}" for kind in KINDS)
    return (f"{name:<12} {visit:<6} {cells} {result['total'] / 1024:7.1f} {result['requests']:4d} "
            f"{result['polls']:5d} {result['cached']:6d}  {','.join(result['fetched'])}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="nl", help="the parent's language (default: nl)")
    parser.add_argument("--chromium", default=os.environ.get("PRAATPLAAT_CHROMIUM", "/usr/bin/chromium"))
    args = parser.parse_args()
    if not Path(args.chromium).is_file():
        print(f"Chromium not found at {args.chromium}", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="praatplaat-weight-") as folder:
        server, base = serve(Path(folder) / "weight.sqlite")
        playwright = sync_playwright().start()
        browser = playwright.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        try:
            meter, pages, join_results = drive(browser, base, args.lang)
            print(f"participant pages in {args.lang!r} at 390×844, Chromium, {base}")
            print(f"{'page':<12} {'visit':<6} " + " ".join(f"{k + ' KB':>6}" for k in KINDS)
                  + f" {'total KB':>7} {'reqs':>4} {'polls':>5} {'cached':>6}  fetched over the network")
            results = [("join", "first", join_results[0]), ("join", "repeat", join_results[1])]
            for name, url in pages[1:]:
                results.append((name, "first", meter.visit(url, clear_cache=True)))
                results.append((name, "repeat", meter.visit(url, clear_cache=False)))
            for name, visit, result in results:
                print(row(name, visit, result))
            print("cache-control of static files: " + "; ".join(
                f"{name}: {value}" for name, value in sorted(meter.cache_control.items())))
            max_kb = max(r["total"] for _, _, r in results) / 1024
            max_requests = max(r["requests"] for _, _, r in results)
            repeat_ok = all(r["fetched"].count("html") == 1 and not {"css", "js", "svg"} & set(r["fetched"])
                            for _, visit, r in results if visit == "repeat")
            print(f"repeat visits fetch only the HTML (and the live poll): {'yes' if repeat_ok else 'no'}")
            with_poll = max(r["requests"] + r["polls"] for _, _, r in results)
            print(f"most requests including the live poll: {with_poll}")
            within = max_kb <= BUDGET_KB and max_requests <= BUDGET_REQUESTS and repeat_ok
            print(f"pages={len(pages)} max_kb={max_kb:.1f} max_requests={max_requests} "
                  f"within_budget={'yes' if within else 'no'}")
        finally:
            browser.close()
            playwright.stop()
            server.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
