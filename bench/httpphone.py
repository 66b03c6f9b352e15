"""A tiny HTTP phone for benchmarks and fault scripts: cookies, CSRF tokens, no redirects followed."""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')
ROOT = Path(__file__).resolve().parent.parent


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class HttpPhone:
    def __init__(self, base: str, timeout: float = 30) -> None:
        self.base = base
        self.timeout = timeout
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect)
        self.token: str | None = None

    def request(self, method: str, path: str, data: dict | None = None, headers: dict | None = None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body, method=method, headers=headers or {})
        try:
            with self.opener.open(req, timeout=self.timeout) as response:
                return response.status, dict(response.headers), response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode("utf-8", "replace")

    def get(self, path: str, headers: dict | None = None):
        status, headers_out, text = self.request("GET", path, headers=headers)
        found = CSRF.search(text)
        if found:
            self.token = found.group(1)
        return status, headers_out, text

    def post(self, path: str, data: dict):
        if self.token is None:
            self.get("/")
        return self.request("POST", path, {"csrf_token": self.token, **data})


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int, env: dict, log_path: Path, threads: int | None = None,
                 counted: Path | None = None, processes: int = 1) -> subprocess.Popen:
    """`praatplaat serve` in its own process; returns once /healthz answers.

    counted: run bench/countedserve.py instead, which writes the CPU time per kind of request to this file.
    processes: `serve --processes` (its CPU time: cpu_seconds(pid, children=True))."""
    log = open(log_path, "ab")  # noqa: SIM115 - closed by the child's exit
    extra = (["--threads", str(threads)] if threads else []) + ["--processes", str(processes)]
    command = [sys.executable, "-c", "from praatplaat.cli import main; main()", "serve", "--port", str(port), *extra]
    if counted:
        command = [sys.executable, str(ROOT / "bench" / "countedserve.py"), str(port), str(threads or 8), str(counted)]
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=str(ROOT))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return process
        except OSError:
            time.sleep(0.2)
        if process.poll() is not None:
            raise RuntimeError(f"server exited: see {log_path}")
    process.kill()
    raise RuntimeError("server did not start")


def start_conversation(base: str, agenda: tuple[str, ...] = ("resultaat",), mode: str | None = None):
    """Facilitator phone, join code and facilitator path of a new conversation with this agenda."""
    facilitator = HttpPhone(base)
    facilitator.get("/")
    data = {"start-deck": "praatplaat", "start-title": "Bench", "start-role": "professional",
            "start-mode": mode or "table"}
    status, headers, _ = facilitator.post("/start", data)
    assert status == 303, status
    f_path = urllib.parse.urlsplit(headers["Location"]).path
    _, _, page = facilitator.get(f_path)
    code = re.search(r'class="code" dir="ltr">([0-9A-Z]{6})<', page).group(1)
    if agenda:
        status, _, _ = facilitator.post(f_path + "agenda", {f"pos-{k}": str(n) for n, k in enumerate(agenda, 1)})
        assert status == 303, status
    return facilitator, code, f_path


def cpu_seconds(pid: int, children: bool = True) -> float:
    """User + system CPU time of a process so far (Linux /proc), to show where the time goes; with its live child
    processes (`serve --processes`)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    total = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    if children:
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                try:
                    total += cpu_seconds(int(child))
                except FileNotFoundError:  # ended meanwhile
                    pass
    return total


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]
