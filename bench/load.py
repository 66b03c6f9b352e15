"""Parent evening under load: N phones join, pick and answer in a burst while the shared screen polls.

    python bench/load.py --phones 200

Starts the real server (`praatplaat serve`, waitress) on a free port with a fresh SQLite database. Measures, in
the same run on the same server, a bare endpoint that does no work (/ping), sampled all through the burst.
Last line: phones=N answer_p95_ms=… bare_p95_ms=… ratio=… errors=… lost=…
"""

from __future__ import annotations

import argparse
import http.client
import os
import sqlite3
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from httpphone import HttpPhone, cpu_seconds, free_port, pct, start_conversation, start_server  # noqa: E402


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = {"join": [], "answer": [], "bare": [], "poll": []}
        self.errors: list[str] = []
        self.acked: list[tuple[str, str]] = []  # (nickname-less marker text, question)

    def timed(self, kind: str, call):
        start = time.perf_counter()
        try:
            result = call()
        except (OSError, http.client.HTTPException) as error:
            with self.lock:
                self.errors.append(f"{kind}: {error!r}")
            return None
        elapsed = (time.perf_counter() - start) * 1000
        with self.lock:
            self.times[kind].append(elapsed)
        return result


def phone(base: str, code: str, number: int, rec: Recorder, start_gate: threading.Event) -> None:
    p = HttpPhone(base, timeout=30)
    start_gate.wait()

    def join():
        p.get(f"/j/{code}")
        return p.post(f"/j/{code}", {"language": "nl", "role": "unknown"})

    result = rec.timed("join", join)
    if not result or result[0] != 303:
        if result:
            rec.errors.append(f"join status {result[0]}")
        return
    answers = [
        ("/p/themas", {"themes": ["resultaat", "kind"]}, None),
        ("/p/t/resultaat/1", {"scale": ("good", "fair", "better", "unknown")[number % 4], "text": ""}, None),
        ("/p/t/resultaat/2", {"text": f"sterk-{number}"}, "strengths"),
        ("/p/t/resultaat/3", {"text": f"idee-{number}"}, "ideas"),
        ("/p/t/resultaat/4", {"text": f"helpt-{number}"}, "helps"),
        ("/p/t/resultaat/5", {"choice": "doel", "who": "together", "when": "next"}, None),
    ]
    for path, data, question in answers:
        result = rec.timed("answer", lambda path=path, data=data: p.post(path, data))
        if not result or result[0] != 303:
            if result:
                rec.errors.append(f"{path} status {result[0]}")
            continue
        if question:
            with rec.lock:
                rec.acked.append((data["text"], question))


def bare_sampler(base: str, rec: Recorder, stop: threading.Event) -> None:
    p = HttpPhone(base, timeout=30)
    while not stop.is_set():
        rec.timed("bare", lambda: p.request("GET", "/ping"))
        time.sleep(0.02)


def screen_poller(base: str, facilitator: HttpPhone, f_path: str, rec: Recorder, stop: threading.Event) -> None:
    etag = None
    while not stop.is_set():
        headers = {"If-None-Match": etag} if etag else {}
        result = rec.timed("poll", lambda headers=headers: facilitator.request(
            "GET", f_path + "scherm/stand", headers=headers))
        if result and result[0] == 200:
            etag = result[1].get("ETag")
        elif result and result[0] != 304:
            rec.errors.append(f"poll status {result[0]}")
        time.sleep(2.5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="praatplaat-load-") as folder:
        db_path = Path(folder) / "load.sqlite"
        env = {**os.environ, "PRAATPLAAT_DATABASE_URL": f"sqlite:///{db_path}", "PRAATPLAAT_SECRET_KEY": "load"}
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_server(port, env, Path(folder) / "server.log")
        try:
            facilitator, code, f_path = start_conversation(base, mode="evening")
            rec, stop, gate = Recorder(), threading.Event(), threading.Event()
            helpers = [threading.Thread(target=bare_sampler, args=(base, rec, stop)),
                       threading.Thread(target=screen_poller, args=(base, facilitator, f_path, rec, stop))]
            for thread in helpers:
                thread.start()
            began = time.perf_counter()
            with ThreadPoolExecutor(max_workers=args.phones) as pool:
                for n in range(args.phones):
                    pool.submit(phone, base, code, n, rec, gate)
                gate.set()  # everyone at once: the burst
            burst = time.perf_counter() - began
            stop.set()
            for thread in helpers:
                thread.join()
            server_cpu = cpu_seconds(server.pid)
        finally:
            server.terminate()
            server.wait()
        connection = sqlite3.connect(db_path)
        stored = {(text, q) for text, q in connection.execute("SELECT text, question FROM answer")}
        connection.close()
    lost = sum(1 for item in rec.acked if item not in stored)
    for kind in ("join", "answer", "bare", "poll"):
        t = rec.times[kind]
        print(f"{kind:6} n={len(t):5d} p50={pct(t, .5):7.1f} ms p95={pct(t, .95):7.1f} ms "
              f"max={max(t, default=0):7.1f} ms")
    requests = sum(len(t) for t in rec.times.values()) + len(rec.times["join"])  # a join is a GET and a POST
    client_cpu = time.process_time()
    print(f"burst_seconds={burst:.1f} requests={requests} server_cpu_s={server_cpu:.1f} "
          f"server_cpu_ms_per_request={server_cpu * 1000 / requests:.1f} client_cpu_s={client_cpu:.1f} "
          f"acked_texts={len(rec.acked)} errors={len(rec.errors)}")
    for error in rec.errors[:10]:
        print("error:", error)
    answer_p95, bare_p95 = pct(rec.times["answer"], .95), pct(rec.times["bare"], .95)
    print(f"phones={args.phones} answer_p95_ms={answer_p95:.0f} bare_p95_ms={bare_p95:.0f} "
          f"ratio={answer_p95 / bare_p95:.2f} errors={len(rec.errors)} lost={lost}")


if __name__ == "__main__":
    main()
