"""The fault script, in fewer rounds: kill -9 the server mid-write; no acknowledged answer may be lost."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_kill_minus_nine_loses_no_acknowledged_answer():
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "kill_test.py"), "--rounds", "2", "--phones", "8"],
                            capture_output=True, text=True, timeout=600)
    last = result.stdout.strip().splitlines()[-1]
    assert last == "rounds=2 acked_missing=0 integrity=ok", result.stdout + result.stderr[-3000:]
    assert all(int(line.split("acked_writes=")[1].split()[0]) > 0
               for line in result.stdout.splitlines() if line.startswith("round="))
