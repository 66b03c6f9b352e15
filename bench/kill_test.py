"""Fault script: phones answer while the server is killed with SIGKILL; every acknowledged answer must survive.

    python bench/kill_test.py [--rounds 10] [--phones 12]

Each round: a fresh SQLite database, `praatplaat serve`, a conversation, phones that keep changing their
answers (each text unique), `kill -9` at a random moment, a restart, then a check in the database file:
every answer the server acknowledged (303) is there, unless a later write of the same phone to the same
question was already sent (it may have landed). PRAGMA integrity_check must say ok.
Last line: rounds=N acked_missing=M integrity=ok|FAILED
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import signal
import sqlite3
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from httpphone import HttpPhone, free_port, start_conversation, start_server  # noqa: E402

QUESTIONS = (2, 3)  # strengths and ideas: free text, so every write is distinguishable


def phone_loop(base: str, code: str, number: int, stop: threading.Event, log: dict) -> None:
    phone = HttpPhone(base, timeout=10)
    try:
        phone.get(f"/j/{code}")
        status, _, _ = phone.post(f"/j/{code}", {"language": "nl", "role": "parent", "nickname": f"p{number}"})
    except (OSError, http.client.HTTPException):
        return  # killed before this phone could join
    if status != 303:
        return
    n = 0
    while not stop.is_set():
        step = QUESTIONS[n % len(QUESTIONS)]
        text = f"phone{number}-write{n}"
        log.setdefault((number, step), []).append([text, False])
        try:
            status, _, _ = phone.post(f"/p/t/resultaat/{step}", {"text": text})
        except (OSError, http.client.HTTPException):
            break  # the server is gone
        if status == 303:
            log[(number, step)][-1][1] = True
        n += 1


def one_round(index: int, phones: int, workdir: Path) -> tuple[int, str, int]:
    db_path = workdir / f"round{index}.sqlite"
    env = {**os.environ, "PRAATPLAAT_DATABASE_URL": f"sqlite:///{db_path}", "PRAATPLAAT_SECRET_KEY": "kill-test",
           "PRAATPLAAT_JOIN_FAILURES_LIMIT": "1000 per minute"}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(port, env, workdir / "server.log")
    _, code, _ = start_conversation(base)
    stop, log = threading.Event(), {}
    threads = [threading.Thread(target=phone_loop, args=(base, code, n, stop, log)) for n in range(phones)]
    for thread in threads:
        thread.start()
    time.sleep(random.uniform(0.8, 2.5))
    os.kill(server.pid, signal.SIGKILL)  # mid-write, no goodbye
    server.wait()
    stop.set()
    for thread in threads:
        thread.join()
    server = start_server(port, env, workdir / "server.log")  # it must come back up on the same file
    server.terminate()
    server.wait()
    connection = sqlite3.connect(db_path)
    integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
    rows = connection.execute(
        "SELECT p.nickname, a.question, a.text FROM answer a JOIN participant p ON p.id = a.participant_id").fetchall()
    connection.close()
    stored = {(nick, question): text for nick, question, text in rows}
    names = {2: "strengths", 3: "ideas"}
    missing = 0
    acked = sum(ok for writes in log.values() for _, ok in writes)
    for (number, step), writes in log.items():
        acked_indexes = [i for i, (_, ok) in enumerate(writes) if ok]
        if not acked_indexes:
            continue
        allowed = {text for text, _ in writes[acked_indexes[-1]:]}  # the last acked one, or a later one in flight
        if stored.get((f"p{number}", names[step])) not in allowed:
            missing += 1
    return missing, integrity, acked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--phones", type=int, default=12)
    args = parser.parse_args()
    total_missing, integrity_ok = 0, True
    with tempfile.TemporaryDirectory(prefix="praatplaat-kill-") as folder:
        for index in range(1, args.rounds + 1):
            missing, integrity, acked = one_round(index, args.phones, Path(folder))
            total_missing += missing
            integrity_ok &= integrity == "ok"
            print(f"round={index} acked_writes={acked} acked_missing={missing} integrity={integrity}", flush=True)
    print(f"rounds={args.rounds} acked_missing={total_missing} integrity={'ok' if integrity_ok else 'FAILED'}")
    sys.exit(0 if total_missing == 0 and integrity_ok else 1)


if __name__ == "__main__":
    main()
