"""bench/evening.py, compressed: 50 phones join, poll, answer, vote against the real server; nothing is lost.

No timing asserts: only that no request failed and every acknowledged answer and vote is in the database
(SQLite, and once on PostgreSQL: a new database on the test server, made and dropped by the bench).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import POSTGRES_URL, require

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("servers", "processes", "polls", "database"), [
    (1, 1, "always", "sqlite"), (2, 1, "always", "sqlite"), (1, 2, "always", "sqlite"), (1, 1, "app", "sqlite"),
    (1, 2, "always", "postgres")])
def test_a_compressed_evening_loses_nothing(servers, processes, polls, database):
    """servers=2: two `praatplaat serve` on one database, the phones shared among them; processes=2: one
    `praatplaat serve --processes 2`; polls=app: the phones load every page and poll as app.js does."""
    pages = ["--no-follow"] if polls == "always" else []  # a phone polls as app.js only on a page it loaded
    if database == "postgres":
        require(bool(POSTGRES_URL), "PostgreSQL (PRAATPLAAT_TEST_POSTGRES_URL)")
    on = ["--postgres", POSTGRES_URL] if database == "postgres" else []
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "evening.py"), "--phones", "50", "--speed", "10", "--timeout", "30",
         *pages, "--servers", str(servers), "--processes", str(processes), "--polls", polls, *on],
        capture_output=True, text=True, timeout=110, cwd=ROOT)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    lines = result.stdout.strip().splitlines()
    assert lines[-1].startswith(f"phones=50 servers={servers} processes={processes} "), output[-3000:]
    assert re.search(r"\berrors=0\b", lines[-1]), output[-3000:]
    assert "stored_ok=yes" in lines, output[-3000:]
    summary = next(line for line in lines if line.startswith("wall_s="))
    assert "acked_answers=250 " in summary, summary  # 50 phones x 5 questions, all acknowledged and stored
    votes = int(re.search(r"acked_votes=(\d+)", summary).group(1))
    assert votes >= 50, summary  # two votes per phone (one when the theme has a single proposal)
    polls = int(re.search(r"^poll +n= *(\d+)", result.stdout, re.M).group(1))
    assert polls > 0, output[-3000:]  # also as app.js: on the pages that show what others do
