"""`praatplaat serve --processes 2` (issue 11): two waitress processes on one port, stopped together."""

from __future__ import annotations

import os
import resource
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def children_of(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return sorted(found)


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


@contextmanager
def serving(env: dict, log_path: Path, *args: str) -> Iterator[tuple[subprocess.Popen, int]]:
    """`praatplaat serve` on a free port with these settings, once /healthz answers; stopped afterwards."""
    port = free_port()
    with open(log_path, "wb") as log:
        process = subprocess.Popen([sys.executable, "-c", "from praatplaat.cli import main; main()", "serve",
                                    "--port", str(port), *args], env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                        if response.status == 200:
                            break
                except OSError:
                    time.sleep(0.2)
            yield process, port
        finally:
            if process.poll() is None:
                process.terminate()  # stops every process of it
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


@pytest.fixture
def served(tmp_path):
    env = {**os.environ, "PRAATPLAAT_DATABASE_URL": f"sqlite:///{tmp_path / 'p.sqlite'}",
           "PRAATPLAAT_SECRET_KEY": "processes"}
    with serving(env, tmp_path / "serve.log", "--processes", "2") as (process, port):
        yield process, port, tmp_path / "serve.log"


def test_two_processes_answer_on_one_port_and_stop_together(served):
    process, port, log = served
    children = children_of(process.pid)
    assert len(children) == 2, log.read_text()
    for _ in range(20):  # each request on a new connection: whichever process takes it answers
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
            assert response.read() == b"ok"
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=20) == 0
    time.sleep(0.2)
    assert not any(alive(child) for child in children)  # no process is left behind on the port
    assert "2 server processes" in log.read_text()


def test_when_one_process_dies_the_server_stops_with_an_error(served):
    process, _port, log = served
    first, second = children_of(process.pid)
    os.kill(first, signal.SIGKILL)
    assert process.wait(timeout=20) == 1  # a supervisor (systemd) sees the failure and starts it again
    time.sleep(0.2)
    assert not alive(second)
    assert "stopping the others" in log.read_text()


def test_one_process_answers_more_than_a_thousand_open_connections(tmp_path):
    """A parent evening of 1,000 phones on one process: each phone keeps its connection open, so the server holds
    over a thousand sockets besides its database files. Waitress's default loop (select) cannot look at a socket
    numbered 1024 or higher and stopped serving altogether; `serve` uses poll, which has no such limit."""
    env = {**os.environ, "PRAATPLAAT_DATABASE_URL": f"sqlite:///{tmp_path / 'p.sqlite'}",
           "PRAATPLAAT_SECRET_KEY": "many"}
    phones = 1100
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 4096 <= hard or hard == resource.RLIM_INFINITY:  # this test and the server (which inherits it)
        resource.setrlimit(resource.RLIMIT_NOFILE, (4096, hard))
    with serving(env, tmp_path / "serve.log", "--connection-limit", str(phones + 50)) as (process, port):
        connections = [socket.create_connection(("127.0.0.1", port), timeout=20) for _ in range(phones)]
        try:
            answered = 0
            for connection in connections:  # every connection open at once, then one request on each
                connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                reply = b""
                try:
                    while not reply.endswith(b"ok"):
                        chunk = connection.recv(4096)
                        if not chunk:
                            break
                        reply += chunk
                except OSError:  # reset: the server is gone (its log says why)
                    break
                answered += reply.startswith(b"HTTP/1.1 200") and reply.endswith(b"ok")
            assert process.poll() is None, (tmp_path / "serve.log").read_text()[-3000:]
            assert answered == phones, (tmp_path / "serve.log").read_text()[-3000:]
        finally:
            for connection in connections:
                connection.close()
