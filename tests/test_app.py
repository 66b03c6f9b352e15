"""Configuration and plumbing: the secret key, the health check, clean HTML under a
strict Content-Security-Policy, the page language, and `praatplaat serve` on the port it is given."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import (
    PHONES,
    Phone,
    answer_theme,
    full_conversation,
    join,
    pages_of,
    set_agenda,
    start,
)

from praatplaat.config import _instance_secret

# --- the secret key -------------------------------------------------------------------------------

def test_a_secret_key_is_made_once_and_kept(tmp_path):
    first = _instance_secret(tmp_path)
    assert len(first) == 64 and int(first, 16)  # 256 random bits, hex
    assert _instance_secret(tmp_path) == first  # the next start reads the same key
    kept = tmp_path / "secret_key"
    assert kept.read_text().strip() == first
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600  # only the owner may read it


def test_every_instance_gets_its_own_key(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert _instance_secret(tmp_path / "a") != _instance_secret(tmp_path / "b")


def test_an_existing_key_file_is_used_as_it_is(tmp_path):
    (tmp_path / "secret_key").write_text("een-bestaande-sleutel\n")
    assert _instance_secret(tmp_path) == "een-bestaande-sleutel"


def test_healthz_answers_ok(app):
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "ok"
    assert response.mimetype == "text/plain"


# --- every page: clean HTML under the Content-Security-Policy -------------------------------------

class Tags(HTMLParser):
    """Every start tag with its attributes, and whether a <script> had text inside."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.inline_script = False
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline_script = True


URL_ATTRIBUTES = ("src", "href", "action", "formaction", "srcset", "poster", "xlink:href", "data")


def problems(page: str) -> list[str]:
    """What breaks the CSP or reaches for another host."""
    parser = Tags()
    parser.feed(page)
    found = ["inline <script>"] if parser.inline_script else []
    for tag, attrs in parser.tags:
        if tag == "style":
            found.append("<style>")
        if tag == "script" and not attrs.get("src"):
            found.append("<script> without src")
        for name, value in attrs.items():
            if name == "style":
                found.append(f"style= on <{tag}>")
            if name.startswith("on"):
                found.append(f"{name}= on <{tag}>")
            if name in URL_ATTRIBUTES and not own_url(value or ""):
                found.append(f"<{tag} {name}={value!r}>")
    return found


def own_url(url: str) -> bool:
    """A link within this app (a path, an anchor, the page itself, this host written out in full), or an
    image carried inside the page itself (data:): nothing that makes the phone ask another host."""
    if url.startswith("//"):
        return False
    return url in ("", "#") or url.startswith(("/", "#", "?", "http://localhost/", "data:image/"))


def check_page(response, url: str = "") -> None:
    csp = response.headers.get("Content-Security-Policy", "")
    assert "script-src 'self'" in csp and "style-src 'self'" in csp and "unsafe-inline" not in csp, url
    if response.mimetype == "text/html":
        page = response.get_data(as_text=True)
        assert page.startswith("<!doctype html>"), url
        assert problems(page) == [], url


def test_the_checker_finds_what_it_should():
    bad = ('<html><head><style>p{}</style><script>alert(1)</script><link href="https://cdn.example/x.css">'
           '</head><body style="color:red" onload="x()"><img src="//evil.example/a.png"><a href="/ok">ok</a>'
           '</body></html>')
    assert len(problems(bad)) == 7
    good = ('<script src="/static/app.js?v=1" defer></script><a href="http://localhost/f/x/">x</a>'
            '<link rel="icon" href="data:image/svg+xml,%3Csvg%3E">')
    assert problems(good) == []


@pytest.mark.parametrize("who", PHONES)
def test_every_page_is_clean_under_the_csp(app, who):
    conversation = full_conversation(app)
    for url in pages_of(who):
        response = conversation[who].client.get(url.format(**conversation))
        check_page(response, url)
        response.close()


@pytest.fixture
def evening(app):
    host, parent = Phone(app, "host"), Phone(app, "parent")
    code, f_url = start(host, title="Ouderavond", mode="evening")
    join(parent, code, role="unknown")
    parent.post("/p/themas", {"themes": ["resultaat"]})
    set_agenda(host, f_url, "resultaat")
    answer_theme(parent, "resultaat", strengths="Fijne juf", choice="doel")
    return {"host": host, "parent": parent, "stranger": Phone(app, "stranger"), "code": code, "f_url": f_url}


@pytest.mark.parametrize(("who", "url", "screen"), [
    ("host", "{f_url}", None), ("host", "{f_url}t/resultaat", None), ("host", "{f_url}scherm", "join"),
    ("host", "{f_url}scherm", "themes"), ("host", "{f_url}scherm", "theme:resultaat"),
    ("host", "{f_url}scherm", "blank"), ("parent", "/p/t/resultaat/samen", None),
    ("parent", "/p/lijst", None), ("stranger", "/j/{code}", None),
])
def test_parent_evening_pages_are_clean_under_the_csp(evening, who, url, screen):
    if screen:
        assert evening["host"].post(evening["f_url"] + "scherm/toon", {"view": screen}).status_code == 303
    check_page(evening[who].client.get(url.format(**evening)))


@pytest.mark.parametrize(("url", "data", "status"), [
    ("/start", {"start-deck": "", "start-role": "professional"}, 400),
    ("/code", {"join-code": "ZZZZZZ"}, 404),
    ("/j/{code}", {"language": "nl"}, 400),
    ("/p/t/resultaat/1", {}, 400),
    ("/p/t/resultaat/5", {"choice": "own", "who": "me", "when": "date"}, 400),
])
def test_pages_with_form_errors_are_clean_under_the_csp(app, url, data, status):
    teacher = Phone(app, "teacher")
    code, f_url = start(teacher)
    set_agenda(teacher, f_url, "resultaat")
    phone = teacher if url.startswith("/p/") else Phone(app, "stranger")
    response = phone.post(url.format(code=code), data)
    assert response.status_code == status
    check_page(response)


# --- the language of the page ---------------------------------------------------------------------

def test_pages_are_dutch_left_to_right_by_default(app):
    page = app.test_client().get("/").get_data(as_text=True)
    assert '<html lang="nl" dir="ltr">' in page


@pytest.mark.parametrize(("language", "direction"), [("nl", "ltr"), ("en", "ltr"), ("ar", "rtl"), ("fa", "rtl"),
                                                   ("ti", "ltr")])
def test_a_participant_reads_in_their_own_language_and_direction(app, language, direction):
    code, _ = start(Phone(app))
    parent = Phone(app)
    join(parent, code, language=language)
    for url in ("/p/themas", "/p/lijst"):
        assert f'<html lang="{language}" dir="{direction}">' in parent.get(url).get_data(as_text=True)


# --- praatplaat serve -----------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, server: subprocess.Popen, log: Path, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read().decode()
        except OSError:
            assert server.poll() is None, log.read_text()[-3000:]
            time.sleep(0.2)
    raise AssertionError(f"no answer from {url} within {timeout}s: {log.read_text()[-3000:]}")


@pytest.mark.slow
@pytest.mark.parametrize("how", ["PORT", "--port"])
def test_serve_listens_on_the_port_it_is_given(tmp_path, how):
    port, other = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRAATPLAAT_")}
    env.update(PRAATPLAAT_DATABASE_URL=f"sqlite:///{tmp_path / 'serve.sqlite'}", PRAATPLAAT_SECRET_KEY="x",
               PORT=str(port if how == "PORT" else other))
    command = [str(Path(sys.executable).parent / "praatplaat"), "serve"]
    if how == "--port":
        command += ["--port", str(port)]
    log = tmp_path / "serve.log"
    with open(log, "wb") as output:
        server = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=output, stderr=subprocess.STDOUT)
        try:
            assert wait_for(f"http://127.0.0.1:{port}/healthz", server, log) == "ok"
            assert f"http://127.0.0.1:{port}/" in log.read_text()
            assert (tmp_path / "serve.sqlite").is_file()  # migrations ran at start
        finally:
            server.terminate()
            server.wait(timeout=30)


def test_serve_refuses_debug_mode(monkeypatch, tmp_path):
    from praatplaat import cli

    monkeypatch.setenv("PRAATPLAAT_DEBUG", "true")
    monkeypatch.setenv("PRAATPLAAT_SECRET_KEY", "x")
    monkeypatch.setenv("PRAATPLAAT_DATABASE_URL", f"sqlite:///{tmp_path / 'debug.sqlite'}")
    with pytest.raises(SystemExit) as refused:
        cli.main(["serve", "--port", "0"])
    assert "debug" in str(refused.value)
    assert not (tmp_path / "debug.sqlite").exists()  # refused before touching the database
