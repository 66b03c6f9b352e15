"""Real-browser fixtures: the app served by waitress on a free port, Debian's Chromium driven by Playwright
(the `chromium` and `zbarimg` fixtures are in tests/conftest.py: tests/deploy drives the same Chromium).

This folder is a package (it has an ``__init__.py``) on purpose: a second conftest module imported under the
plain name ``conftest`` would replace ``tests/conftest.py`` in ``sys.modules`` and break
``from conftest import ...`` in the other test modules.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import waitress
from conftest import make_app

from praatplaat.db import db

from .support import Contexts, save_screenshot

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).parent


def pytest_collection_modifyitems(items) -> None:
    for item in items:
        if HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


def compile_catalogs() -> None:
    """Catalogs are being translated while we test: compile when a .po is newer than its .mo."""
    folder = ROOT / "translations"
    stale = [po for po in folder.glob("*/LC_MESSAGES/messages.po")
             if not po.with_suffix(".mo").is_file()
             or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime]
    if stale:
        subprocess.run([sys.executable, "-m", "babel.messages.frontend", "compile", "-d", str(folder)],
                       check=True, capture_output=True)


@dataclass
class LiveServer:
    url: str
    app: object


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    """The app on a temporary SQLite file, served by waitress (8 threads) on a free port."""
    compile_catalogs()
    database = tmp_path_factory.mktemp("browser") / "praatplaat.sqlite"
    # The suite opens unknown codes on purpose (error pages): don't let the join rate limit get in the way.
    app = make_app(f"sqlite:///{database}", JOIN_FAILURES_LIMIT="1000 per minute")
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=8)
    thread = threading.Thread(target=server.run, name="live-server", daemon=True)
    thread.start()
    yield LiveServer(url=f"http://127.0.0.1:{server.effective_port}", app=app)
    server.close()
    thread.join(timeout=5)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def contexts(chromium, live_server) -> Iterator[Contexts]:
    """Browser contexts for this test; afterwards, no page may have asked anything of another host, thrown a
    script error or had something refused by the Content-Security-Policy."""
    made = Contexts(chromium, live_server.url)
    yield made
    made.close()
    made.assert_clean()


@pytest.fixture
def desktop(contexts):
    return contexts.new("desktop")


@pytest.fixture
def phone(contexts):
    return contexts.new("phone")


@pytest.fixture
def phone2(contexts):
    return contexts.new("phone")


@pytest.fixture
def small_phone(contexts):
    return contexts.new("small_phone")


@pytest.fixture
def screenshot() -> Callable[..., Path]:
    """screenshot(page, name): tests/browser/screenshots/<name>.png."""
    return save_screenshot
