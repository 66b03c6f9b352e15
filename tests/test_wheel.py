"""Installed from a built wheel, started from another folder, the app still finds its catalogs."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_wheel_serves_arabic_right_to_left(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(ROOT)],
                   check=True, cwd=tmp_path, timeout=600)
    wheel = next(dist.glob("praatplaat-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(wheel)],
                   check=True, timeout=600)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    port = free_port()
    env = {**os.environ, "PRAATPLAAT_DATABASE_URL": f"sqlite:///{tmp_path / 'wheel.sqlite'}",
           "PRAATPLAAT_SECRET_KEY": "wheel", "PORT": str(port)}
    env.pop("PYTHONPATH", None)
    server = subprocess.Popen([str(venv / "bin" / "praatplaat"), "serve"], cwd=elsewhere, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline, page = time.monotonic() + 60, None
        while time.monotonic() < deadline and page is None:
            try:
                request = urllib.request.Request(f"http://127.0.0.1:{port}/", headers={"Accept-Language": "ar"})
                with urllib.request.urlopen(request, timeout=3) as response:
                    page = response.read().decode()
            except OSError:
                assert server.poll() is None, server.stdout.read().decode()[-3000:]
                time.sleep(0.3)
        assert page is not None, "the installed app did not answer"
        assert '<html lang="ar" dir="rtl">' in page
        assert "Nieuw gesprek" not in page  # the Arabic catalog was found inside the installed package
        assert 'class="glossary"' in page and "شرح الكلمات" in page  # and the glossary (plainwords/)
        # The plain-language check runs from the wheel: its word lists and wordfreq's data are installed.
        checked = subprocess.run([str(venv / "bin" / "praatplaat"), "check-words", "De GI toetst de OTS aan het plan."],
                                 cwd=elsewhere, env=env, capture_output=True, text=True, timeout=120)
        assert checked.returncode == 1 and "afkorting: 'OTS'" in checked.stdout, checked.stdout + checked.stderr
    finally:
        server.terminate()
        server.wait(timeout=30)
        server.stdout.close()
