"""A realistic parent evening against the real server: phones join, poll, answer five questions, vote.

    python bench/evening.py --phones 200            # real time: about 4 minutes
    python bench/evening.py --phones 50 --speed 10  # compressed for CI

Starts `praatplaat serve` (waitress) on a free port with a fresh SQLite database (--servers N: N of them on one
database, each phone talking to one). The facilitator starts a parent
evening with one theme on the agenda and puts it on the shared screen. Then N phones join over a minute, each
polls `/p/stand` every 2.5 s with If-None-Match (--polls always, the evening of issue 11; --polls app polls as app.js
does: only with JavaScript, only on a page that shows what others do, and no more once a change was found),
answers the theme's five questions (they open 30 s apart, each phone answers within 20 s and follows the redirect
like a browser), looks at the merged view and votes on two proposals (as app.js does: only the proposal comes
back; one phone in ten has no JavaScript and loads the page again, --without-js); meanwhile a projector polls the
screen's state and reloads the screen when it changed.
`--speed` divides every interval (joins, polls, questions) by that factor.

The client is light: one asyncio loop, one keep-alive HTTP/1.1 connection per phone, a minimal HTTP client.
A request's time runs from when it is written on its connection (not while the phone's poll still holds it) until
the whole answer has been read.
Afterwards every answer and vote the server acknowledged (303, or 200 for a vote in place) is looked up in the
database. `--postgres URL` (a PostgreSQL server, e.g. postgresql+psycopg://postgres@127.0.0.1:5432/postgres): the
evening runs on a new database there, dropped afterwards, instead of a fresh SQLite file.
Last line: phones=N answer_p95_ms=… poll_p95_ms=… vote_p95_ms=… merged_p95_ms=… join_p95_ms=… errors=…
server_cpu_pct=…   (server CPU time / wall time of the evening, in % of one core; with --servers N, of all N)
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import random
import re
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from sqlalchemy import create_engine, make_url, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from httpphone import cpu_seconds, free_port, pct, start_conversation, start_server  # noqa: E402

CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')
LIVE = re.compile(rb'<body[^>]* data-live="([^"]+)"')
LIVE_ETAG = re.compile(rb'<body[^>]* data-live-etag="&quot;(v\d+)&quot;"')
VERSION = re.compile(r'"v(\d+)"')
PROPOSAL = re.compile(r'id="p-(\w+)"')
THEME = "resultaat"
TEMPLATES = ("doel", "vast-contact", "wat-werkt")
OWN_TEXTS = ("Elke week even bellen", "Een schrift dat mee naar huis gaat")
SCALES = ("good", "fair", "better", "unknown")
KINDS = ("join", "answer", "page", "poll", "vote", "merged", "screen")



class HttpError(Exception):
    pass


class Connection:
    """One keep-alive HTTP/1.1 connection with cookies; requests on it take turns."""

    def __init__(self, host: str, port: int, timeout: float) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.lock = asyncio.Lock()
        self.cookies: dict[str, str] = {}
        self.reconnects = 0
        self.started = 0.0
        # The page the phone shows, for --polls app: its data-live URL (None: not a live page), the version it
        # shows (data-live-etag, as app.js keeps it) and a signal that a new page was loaded.
        self.live: str | None = None
        self.etag: str | None = None
        self.new_page = asyncio.Event()

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except OSError:
                pass
        self.reader = self.writer = None

    async def request(self, method: str, path: str, form: dict | None = None,
                      headers: dict | None = None) -> tuple[int, dict[str, str], bytes]:
        async with self.lock:  # the time counted starts here, not while this phone's other request runs
            self.started = time.perf_counter()
            for attempt in (1, 2):
                reused = self.writer is not None
                if not reused:
                    self.reader, self.writer = await asyncio.wait_for(
                        asyncio.open_connection(self.host, self.port), self.timeout)
                try:
                    return await asyncio.wait_for(self._exchange(method, path, form, headers), self.timeout)
                except (ConnectionError, asyncio.IncompleteReadError) as error:
                    await self.close()
                    # The server closed an idle kept-alive connection before our request: send it again.
                    if not (reused and attempt == 1 and getattr(error, "partial", b"") == b""):
                        raise
                    self.reconnects += 1
                except BaseException:
                    await self.close()
                    raise
            raise HttpError("unreachable")

    async def _exchange(self, method, path, form, headers):
        body = urlencode(form, doseq=True).encode() if form is not None else b""
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}", "Accept-Encoding: identity"]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if form is not None:
            lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        await self.writer.drain()
        status_line = await self.reader.readuntil(b"\r\n")
        if not status_line.strip():
            raise asyncio.IncompleteReadError(b"", None)
        status = int(status_line.split()[1])
        out: dict[str, str] = {}
        while (line := await self.reader.readuntil(b"\r\n")) != b"\r\n":
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "set-cookie":
                cookie, _, attributes = value.partition(";")
                key, _, val = cookie.partition("=")
                if "max-age=0" in attributes.lower() or "expires=thu, 01 jan 1970" in attributes.lower():
                    self.cookies.pop(key.strip(), None)
                else:
                    self.cookies[key.strip()] = val.strip()
            out[name] = value
        if out.get("transfer-encoding", "").lower() == "chunked":
            data = bytearray()
            while size := int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16):
                data += await self.reader.readexactly(size)
                await self.reader.readexactly(2)
            await self.reader.readuntil(b"\r\n")
            payload = bytes(data)
        elif status in (204, 304) or method == "HEAD":
            payload = b""
        else:
            payload = await self.reader.readexactly(int(out.get("content-length", "0")))
        if out.get("connection", "").lower() == "close":
            await self.close()
        return status, out, payload


class Evening:
    def __init__(self, args, host: str, ports: list[int]) -> None:
        self.args = args
        self.host, self.ports = host, ports  # phone n talks to ports[n % len(ports)], as a proxy would share them
        self.times: dict[str, list[float]] = {kind: [] for kind in KINDS}
        self.errors: list[str] = []
        self.acked_answers: list[tuple[str, str, tuple]] = []  # (token, question, what was sent)
        self.acked_votes: list[tuple[str, str, bool]] = []  # (token, proposal key, agree)
        self.stop = asyncio.Event()
        self.reconnects = 0

    def scaled(self, seconds: float) -> float:
        return seconds / self.args.speed

    async def timed(self, kind: str, conn: Connection, method: str, path: str, expect: tuple[int, ...],
                    form: dict | None = None, headers: dict | None = None):
        try:
            status, headers_out, body = await conn.request(method, path, form, headers)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError, HttpError) as error:
            self.errors.append(f"{kind} {method} {path}: {error!r}")
            return None
        self.times[kind].append((time.perf_counter() - conn.started) * 1000)
        if status not in expect:
            self.errors.append(f"{kind} {method} {path}: status {status}")
            return None
        return status, headers_out, body

    async def follow(self, conn: Connection, response, kind: str = "page") -> bytes | None:
        """Load the page a 303 points to, as the browser would (following further redirects)."""
        if self.args.no_follow:
            return None
        for _hop in range(5):
            location = urlsplit(response[1].get("location", ""))
            path = location.path + (f"?{location.query}" if location.query else "")
            response = await self.timed(kind, conn, "GET", path, (200, 303))
            if not response or response[0] == 200:
                if response:
                    self.shows(conn, response[2])
                return response and response[2]
        self.errors.append(f"{kind}: too many redirects")
        return None

    @staticmethod
    def shows(conn: Connection, page: bytes) -> None:
        """The phone now shows this page (for --polls app: app.js polls only a live page, from its version)."""
        live, etag = LIVE.search(page), LIVE_ETAG.search(page)
        conn.live = live.group(1).decode() if live else None
        conn.etag = f'"{etag.group(1).decode()}"' if etag else None
        conn.new_page.set()

    async def page_poller(self, conn: Connection) -> None:
        """As app.js polls: only on a live page, from the version that page shows, every 2.5 s after it loaded;
        once a poll finds something changed the note shows and the phone asks no more until it loads a page."""
        while not self.stop.is_set():
            await self._first(self.stop.wait(), conn.new_page.wait())
            conn.new_page.clear()
            while conn.live and not self.stop.is_set():
                await self._first(self.stop.wait(), conn.new_page.wait(),
                                  asyncio.sleep(self.scaled(self.args.poll_seconds)))
                if self.stop.is_set() or conn.new_page.is_set():
                    break  # a new page: its own polls start after it loaded
                result = await self.timed("poll", conn, "GET", conn.live, (200, 304),
                                          headers={"If-None-Match": conn.etag} if conn.etag else None)
                if result and result[0] == 200:
                    fresh = result[1].get("etag")
                    if conn.etag and fresh != conn.etag:
                        conn.live = None  # the note shows: nothing more to ask on this page
                    conn.etag = fresh

    @staticmethod
    async def _first(*waits) -> None:
        tasks = [asyncio.ensure_future(w) for w in waits]
        try:
            await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in tasks:
                task.cancel()

    async def poller(self, conn: Connection, path: str, kind: str, on_change=None) -> None:
        etag = None
        while not self.stop.is_set():
            result = await self.timed(kind, conn, "GET", path, (200, 304),
                                      headers={"If-None-Match": etag} if etag else None)
            if result and result[0] == 200:
                etag = result[1].get("etag")
                if on_change:
                    await on_change()
            try:
                await asyncio.wait_for(self.stop.wait(), self.scaled(self.args.poll_seconds))
            except TimeoutError:
                pass

    async def phone(self, n: int, code: str, rng: random.Random, t0: float) -> None:
        conn = Connection(self.host, self.ports[n % len(self.ports)], self.args.timeout)
        try:
            await self._phone(conn, n, code, rng, t0)
        finally:
            self.reconnects += conn.reconnects
            await conn.close()

    async def _sleep_until(self, t0: float, seconds: float) -> None:
        delay = t0 + self.scaled(seconds) - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)

    async def _phone(self, conn: Connection, n: int, code: str, rng: random.Random, t0: float) -> None:
        args = self.args
        await self._sleep_until(t0, rng.uniform(0, args.join_seconds))
        page = await self.timed("page", conn, "GET", f"/j/{code}", (200,))
        if not page:
            return
        join_page_ms = self.times["page"][-1]
        csrf = CSRF.search(page[2].decode()).group(1)
        joined = await self.timed("join", conn, "POST", f"/j/{code}", (303,),
                                  {"csrf_token": csrf, "language": "nl", "role": "unknown"})
        if not joined:
            return
        self.times["join"][-1] += join_page_ms  # the GET and the POST
        token = conn.cookies.get("pp_p", "")
        scripted = n % 10 < 10 - args.without_js  # app.js votes in place (only the proposal comes back) and polls
        if args.polls == "always":
            poll = asyncio.create_task(self.poller(conn, "/p/stand", "poll"))
        else:  # as app.js: only with JavaScript, only on a live page, until the note shows
            poll = asyncio.create_task(self.page_poller(conn) if scripted else self.stop.wait())
        await self.follow(conn, joined)
        # Each question opens `question_seconds` after the previous one (the first after the joining minute).
        sent = [
            ("scale", {"scale": SCALES[n % 4], "text": f"schaal-{n}"}),
            ("strengths", {"text": f"sterk-{n}"}),
            ("ideas", {"text": f"idee-{n}"}),
            ("helps", {"text": f"helpt-{n}"}),
            ("proposal", {"choice": TEMPLATES[n % 3], "text": "", "who": "together", "when": "next"}
             if n % 4 else {"choice": "own", "text": OWN_TEXTS[n % 2], "who": "together", "when": "next"}),
        ]
        for step, (question, data) in enumerate(sent, 1):
            await self._sleep_until(t0, args.join_seconds + (step - 1) * args.question_seconds
                                    + rng.uniform(0, args.answer_window))
            answered = await self.timed("answer", conn, "POST", f"/p/t/{THEME}/{step}", (303,),
                                        {"csrf_token": csrf, **data})
            if answered:
                self.acked_answers.append((token, question, tuple(sorted(data.items()))))
                await self.follow(conn, answered)
        await self._sleep_until(t0, args.join_seconds + len(sent) * args.question_seconds
                                + rng.uniform(0, args.answer_window))
        merged = await self.timed("merged", conn, "GET", f"/p/t/{THEME}/samen", (200,))
        if merged:
            self.shows(conn, merged[2])
        keys = list(dict.fromkeys(PROPOSAL.findall(merged[2].decode()))) if merged else []
        for proposal in rng.sample(keys, min(2, len(keys))):
            agree = rng.random() < 0.7
            voted = await self.timed("vote", conn, "POST", f"/p/t/{THEME}/samen", (200,) if scripted else (303,),
                                     {"csrf_token": csrf, "proposal": proposal, "agree": "yes" if agree else "no"},
                                     headers={"X-Praatplaat-Part": "proposal"} if scripted else None)
            if voted:
                self.acked_votes.append((token, proposal, agree))
                version = VERSION.fullmatch(voted[1].get("x-praatplaat-version", ""))
                shown = VERSION.fullmatch(conn.etag or "")
                own = voted[1].get("x-praatplaat-own") == "1"
                if scripted and version and shown and int(version[1]) == int(shown[1]) + own:
                    conn.etag = version[0]  # app.js: one's own vote is not "something changed"
                if not scripted:
                    await self.follow(conn, voted, "merged")
        await self.stop.wait()
        await poll

    async def run(self, code: str, f_path: str) -> float:
        t0 = time.perf_counter()
        rng = random.Random(self.args.seed)
        projector = Connection(self.host, self.ports[0], self.args.timeout)

        async def reload_screen():
            await self.timed("screen", projector, "GET", f_path + "scherm", (200,))

        screen = asyncio.create_task(self.poller(projector, f_path + "scherm/stand", "poll", reload_screen))
        phones = [asyncio.create_task(self.phone(n, code, random.Random(rng.random()), t0))
                  for n in range(self.args.phones)]
        end = self.args.join_seconds + 6 * self.args.question_seconds  # five questions, then votes
        await self._sleep_until(t0, end)
        self.stop.set()
        await asyncio.gather(*phones, screen)
        await projector.close()
        return time.perf_counter() - t0


@contextmanager
def evening_database(folder: Path, postgres: str | None):
    """The URL of a fresh database for one evening: an SQLite file in `folder`, or a new PostgreSQL database on
    the server of `postgres`, dropped afterwards."""
    if not postgres:
        yield f"sqlite:///{folder / 'evening.sqlite'}"
        return
    server = create_engine(make_url(postgres), isolation_level="AUTOCOMMIT")
    name = f"praatplaat_evening_{uuid.uuid4().hex[:12]}"
    with server.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(postgres).set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


def check_stored(url: str, evening: Evening) -> list[str]:
    """Every acknowledged answer and vote is in the database (the latest one sent for each)."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            answers = {}
            for token_hash, question, scale, words, template in connection.execute(text(
                    "SELECT p.token_hash, a.question, a.scale, a.text, a.template FROM answer a "
                    "JOIN participant p ON p.id = a.participant_id WHERE a.theme_key = :theme"), {"theme": THEME}):
                answers[(token_hash, question)] = (scale, words, template)
            votes = {(h, key): bool(agree) for h, key, agree in connection.execute(text(
                "SELECT p.token_hash, v.proposal_key, v.agree FROM vote v "
                "JOIN participant p ON p.id = v.participant_id"))}
    finally:
        engine.dispose()
    missing = []
    for token, question, sent in evening.acked_answers:
        data = dict(sent)
        stored = answers.get((hashlib.sha256(token.encode()).hexdigest(), question))
        if question == "scale":
            expected = (data["scale"], data["text"], None)
        elif question == "proposal":
            own = data["choice"] == "own"
            expected = (None, data["text"] if own else "", None if own else data["choice"])
        else:
            expected = (None, data["text"], None)
        if stored != expected:
            missing.append(f"answer {question}: stored {stored}, sent {expected}")
    for token, key, agree in evening.acked_votes:
        if votes.get((hashlib.sha256(token.encode()).hexdigest(), key)) is not agree:
            missing.append(f"vote {key}: not stored as {agree}")
    return missing


def print_counted(path: Path) -> None:
    """The server's CPU time per kind of request, most first (bench/countedserve.py wrote it)."""
    if not path.exists():
        print("by-path: the server wrote no counts")
        return
    rows = sorted(json.loads(path.read_text()).items(), key=lambda item: -item[1][1])
    for kind, (n, seconds) in rows[:15]:
        print(f"cpu {seconds:7.2f} s  n={n:6d}  {seconds * 1000 / n:6.2f} ms each  {kind}")
    n, seconds = sum(row[1][0] for row in rows), sum(row[1][1] for row in rows)
    print(f"cpu {seconds:7.2f} s  n={n:6d}  {seconds * 1000 / max(1, n):6.2f} ms each  in the app, all requests "
          "(the rest of server_cpu_s is waitress itself: sockets, HTTP, threads)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=200)
    parser.add_argument("--speed", type=float, default=1.0, help="divide every interval by this factor")
    parser.add_argument("--join-seconds", type=float, default=60)
    parser.add_argument("--question-seconds", type=float, default=30)
    parser.add_argument("--answer-window", type=float, default=20, help="each phone answers within this time")
    parser.add_argument("--poll-seconds", type=float, default=2.5)
    parser.add_argument("--polls", choices=("always", "app"), default="always",
                        help="always: every phone polls every 2.5 s from joining to the end (the evening issue 11 "
                             "describes); app: as app.js does: only phones with JavaScript, only on a live page, "
                             "from the version the page shows, and not after a poll found a change (the note shows)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds before a request counts as an error")
    parser.add_argument("--threads", type=int, default=8, help="waitress threads")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--servers", type=int, default=1,
                        help="this many `praatplaat serve` processes on one database, the phones shared among them "
                             "(as nginx shares them in deploy/nginx.conf)")
    parser.add_argument("--processes", type=int, default=1, help="`praatplaat serve --processes`")
    parser.add_argument("--by-path", action="store_true",
                        help="run bench/countedserve.py and print the server's CPU time per kind of request")
    parser.add_argument("--without-js", type=int, default=1, choices=range(11), metavar="0-10",
                        help="phones in every ten without JavaScript: they vote with the form and load the page again "
                             "(the others vote in place, as app.js does)")
    parser.add_argument("--postgres", metavar="URL",
                        help="run on a new database on this PostgreSQL server (dropped afterwards), not on SQLite")
    parser.add_argument("--no-follow", action="store_true",
                        help="do not load the page after each 303 (less work: for a quick check on a busy machine)")
    args = parser.parse_args()
    load_before = Path("/proc/loadavg").read_text().split()[0]
    with (tempfile.TemporaryDirectory(prefix="praatplaat-evening-") as folder,
          evening_database(Path(folder), args.postgres) as url):
        env = {**os.environ, "PRAATPLAAT_DATABASE_URL": url, "PRAATPLAAT_SECRET_KEY": "evening"}
        ports = [free_port() for _ in range(args.servers)]
        base = f"http://127.0.0.1:{ports[0]}"
        counted = Path(folder) / "counted.json" if args.by_path else None
        servers = []
        try:
            for n, port in enumerate(ports):  # one after the other: the first applies the migrations
                servers.append(start_server(port, env, Path(folder) / f"server{n}.log", args.threads,
                                            counted if n == 0 else None, args.processes))
            facilitator, code, f_path = start_conversation(base, agenda=(THEME,), mode="evening")
            status, _, _ = facilitator.post(f_path + "scherm/toon", {"view": f"theme:{THEME}"})
            assert status == 303, status
            evening = Evening(args, "127.0.0.1", ports)
            cpu_before = sum(cpu_seconds(server.pid) for server in servers)
            wall = asyncio.run(evening.run(code, f_path))
            server_cpu = sum(cpu_seconds(server.pid) for server in servers) - cpu_before
        finally:
            for server in servers:
                server.terminate()
                server.wait()
        if counted:
            print_counted(counted)
        missing = check_stored(url, evening)
        for server in servers:
            if server.returncode not in (0, -15):
                evening.errors.append(f"server exit {server.returncode}")
    for kind in KINDS:
        t = evening.times[kind]
        print(f"{kind:7} n={len(t):6d} p50={pct(t, .5):7.1f} ms p95={pct(t, .95):7.1f} ms "
              f"max={max(t, default=0):8.1f} ms")
    requests = sum(len(t) for t in evening.times.values())
    load_after = Path("/proc/loadavg").read_text().split()[0]
    print(f"wall_s={wall:.1f} requests={requests} server_cpu_s={server_cpu:.1f} "
          f"server_cpu_ms_per_request={server_cpu * 1000 / max(requests, 1):.2f} "
          f"client_cpu_s={time.process_time():.1f} reconnects={evening.reconnects} "
          f"acked_answers={len(evening.acked_answers)} acked_votes={len(evening.acked_votes)} "
          f"loadavg={load_before}/{load_after}")
    for error in evening.errors[:10]:
        print("error:", error)
    for item in missing[:10]:
        print("not stored:", item)
    print(f"stored_ok={'no' if missing else 'yes'}")
    p95 = {kind: pct(evening.times[kind], .95) for kind in KINDS}
    print(f"phones={args.phones} servers={args.servers} processes={args.processes} "
          f"answer_p95_ms={p95['answer']:.0f} "
          f"poll_p95_ms={p95['poll']:.0f} "
          f"vote_p95_ms={p95['vote']:.0f} merged_p95_ms={p95['merged']:.0f} join_p95_ms={p95['join']:.0f} "
          f"errors={len(evening.errors)} server_cpu_pct={server_cpu * 100 / wall:.0f}")


if __name__ == "__main__":
    main()
