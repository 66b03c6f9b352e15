"""Shared by the browser tests: how we launch Chromium, the screens we test on, request bookkeeping."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

SCREENSHOTS = Path(__file__).parent / "screenshots"
CHROMIUM = os.environ.get("PRAATPLAAT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]

# The kinds of screen we test on.
DEVICES = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
              "device_scale_factor": 2},
    "small_phone": {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True,
                    "device_scale_factor": 2},
    "desktop": {"viewport": {"width": 1280, "height": 900}},
}
# Accept-Language per UI language, as a phone set to that language would send it.
LOCALES = {"nl": "nl-NL", "ar": "ar", "en": "en-GB", "tr": "tr-TR", "pl": "pl-PL", "uk": "uk-UA",
           "so": "so-SO", "ti": "ti-ER", "fa": "fa-IR"}


@dataclass
class Contexts:
    """Makes browser contexts (one per person) and keeps every URL any of them requests."""

    browser: object
    base_url: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # script errors and Content-Security-Policy refusals
    opened: list = field(default_factory=list)

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).netloc

    def new(self, kind: str = "phone", *, javascript: bool = True, lang: str = "nl", **options):
        context = self.browser.new_context(**DEVICES[kind], java_script_enabled=javascript,
                                           locale=LOCALES[lang], base_url=self.base_url, **options)
        context.set_default_timeout(15_000)
        context.on("request", lambda request: self.requests.append(request.url))
        context.on("console", self._console)
        context.on("weberror", lambda error: self.errors.append(f"script error: {error.error}"))
        self.opened.append(context)
        return context

    def _console(self, message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.errors.append(f"{message.location.get('url', '')}: {message.text}")

    def foreign(self) -> list[str]:
        """Requests to any host but the live server (a data: URL is not a request to a host)."""
        return sorted({url for url in self.requests if urlsplit(url).scheme not in ("data", "blob", "about")
                       and urlsplit(url).netloc != self.host})

    def assert_no_foreign_requests(self) -> None:
        assert self.requests, "no requests were recorded at all"
        assert not self.foreign(), f"requests to other hosts: {self.foreign()}"

    def assert_clean(self) -> None:
        """No foreign requests, no script errors, nothing the Content-Security-Policy had to refuse
        (an inline script or style= in a template would show up here)."""
        assert not self.foreign(), f"requests to other hosts: {self.foreign()}"
        assert not self.errors, "\n".join(self.errors)

    def close(self) -> None:
        for context in self.opened:
            context.close()
        self.opened.clear()


def save_screenshot(page, name: str, *, full_page: bool = True) -> Path:
    """tests/browser/screenshots/<name>.png (git-ignored), for people to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
