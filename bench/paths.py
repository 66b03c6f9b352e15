"""CPU per request on the hot paths, in-process: where the server's time goes, not the client's.

    python bench/paths.py [--sizes 20,400] [--repeat 1.0] [--profile PATH]

Builds a parent evening in a fresh SQLite database (one conversation per size, every participant has answered
the four questions of the first theme and voted once), then calls the WSGI app in a loop with a prepared
environ (no test client, no sockets), so what is counted is the app's own CPU time (time.process_time). A Flask
"hello" app, measured the same way in the same run, is the floor.

Paths: the phone's poll answered 304, an answer POST (answer: a phone changes its words, which also wipes the old
words from the files; answer_first: another phone's first answer each time, as at an evening), a vote POST (303,
without JavaScript; vote_part: as app.js sends it, answered with only that proposal), the merged view GET (merged:
kept for this version by an earlier view; merged_cold: the first view after a change, computed). Every answer and
every vote changes what is stored.
Each figure is the lowest mean of ten batches.
--profile PATH runs that path under cProfile (CPU time) at the largest size and prints the top functions
(cumulative and own time) to stderr; its figure is then not comparable.
Last line: sizes=… poll304_ms=…/… answer_ms=…/… answer_first_ms=…/… vote_ms=…/… vote_part_ms=…/… merged_ms=…/…
merged_cold_ms=…/… hello_ms=… loadavg=…
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask import Flask  # noqa: E402
from werkzeug.test import EnvironBuilder  # noqa: E402

from praatplaat import create_app, versioncache  # noqa: E402
from praatplaat.cli import upgrade_database  # noqa: E402
from praatplaat.cookies import PARTICIPANT_COOKIE  # noqa: E402
from praatplaat.db import db  # noqa: E402
from praatplaat.models import Conversation  # noqa: E402

CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')
THEME, SECOND = "resultaat", "kind"  # the agenda: everyone answered THEME; nobody has answered SECOND yet
TEXTS = ("Samen elke week kort bellen", "Een schrift dat mee gaat", "Huiswerk samen plannen")


def loadavg() -> str:
    return Path("/proc/loadavg").read_text().split(" ", 1)[0]


def build_evening(app: Flask, size: int) -> dict:
    """A parent evening with `size` phones that answered and voted; returns one phone's cookie and ids."""
    from praatplaat import operations, results

    with app.app_context():
        conversation, _ftoken, _ptoken = operations.start_conversation(
            "praatplaat", "Bench", "nl", 12, mode="evening")
        operations.set_agenda(conversation, [THEME, SECOND])
        tokens = []
        for n in range(size - 1):  # the facilitator is the first participant
            participant, token = operations.join(conversation, "unknown", "", "nl")
            tokens.append(token)
            operations.save_answer(participant, THEME, "scale", language="nl",
                                   scale=("good", "fair", "better", "unknown")[n % 4], text="")
            operations.save_answer(participant, THEME, "strengths", language="nl", text=f"sterk {n}")
            operations.save_answer(participant, THEME, "ideas", language="nl", text=f"idee {n}")
            if n % 2:
                fields = {"template": "doel", "text": ""}
            else:
                fields = {"template": None, "text": TEXTS[n % len(TEXTS)]}
            operations.save_answer(participant, THEME, "proposal", language="nl", who="together", when="next",
                                   when_date=None, **fields)
        keys = [p.key for p in results.theme_result(conversation, THEME).proposals]
        for n, token in enumerate(tokens):
            participant = operations.participant_for_token(token)
            operations.vote(participant, THEME, keys[n % len(keys)], n % 3 != 0)
        version = db.session.get(Conversation, conversation.id).version
        db.session.remove()
    client = app.test_client()
    client.set_cookie(PARTICIPANT_COOKIE, tokens[0])
    page = client.get(f"/p/t/{THEME}/samen").get_data(as_text=True)
    csrf = CSRF.search(page).group(1)
    session = f"{app.config['SESSION_COOKIE_NAME']}={client.get_cookie(app.config['SESSION_COOKIE_NAME']).value}"
    cookie = f"{PARTICIPANT_COOKIE}={tokens[0]}; {session}"
    return {"cookie": cookie, "csrf": csrf, "keys": keys, "version": version, "tokens": tokens, "session": session}


def environ_for(method: str, path: str, headers: dict, form: dict | None = None) -> tuple[dict, bytes]:
    body = urlencode(form).encode() if form is not None else b""
    builder = EnvironBuilder(path=path, method=method, headers=headers, data=body or None,
                             content_type="application/x-www-form-urlencoded" if form is not None else None,
                             base_url="http://127.0.0.1:5000/")
    environ = builder.get_environ()
    builder.close()
    environ["REMOTE_ADDR"] = "127.0.0.1"
    return environ, body


# Where a request's time goes, one level down (regular expressions of pstats' "file:line(function)").
CALLEES = [r"\(wsgi_app\)|\(full_dispatch_request\)|\(preprocess_request\)|\(question\)|\(together\)|"
           r"\(save_answer\)|\(vote\)|\(lock_open_theme\)|\(touch\)|\(load_participant\)|\(theme_data\)|"
           r"\(theme_summary\)|\(_read\)|\(theme_result\)|\(render_template\)|\(put_row\)|\(begin_write\)|"
           r"session.py:\d+\(commit\)|\(_begin_immediate\)|csrf.py:\d+\(protect\)|ctx.py:\d+\(push\)|"
           r"\(_check_request_limit\)|\(_wipe_after_commit\)"]
BATCHES = 10
PROFILE: dict = {}  # {"path": name, "size": n}: profile that path at that size


def cpu_ms(wsgi, environ: dict, body: bytes, count: int, expect: int, refresh=None, name: str = "") -> float:
    """Process CPU (ms) of one WSGI call: the lowest mean of ten batches; the first call is a warm-up."""
    statuses = []

    def start_response(status, _headers, _exc_info=None):
        statuses.append(int(status.split(" ", 1)[0]))

    def call():
        env = dict(environ)
        env["wsgi.input"] = io.BytesIO(body)
        if refresh:
            refresh(env)
        result = wsgi(env, start_response)
        for _chunk in result:
            pass
        if hasattr(result, "close"):
            result.close()

    call()
    statuses.clear()
    profiler = cProfile.Profile(time.process_time) if name and name == PROFILE.get("path") else None
    if profiler:
        profiler.enable()
    # The fastest of several short batches, as timeit does: this shared machine runs ~1.8x slower for a second or
    # two at a time (a plain Python loop shows it too), and a mean or median over such a stretch measures that.
    batches = []
    for _batch in range(BATCHES):
        start = time.process_time()
        for _ in range(max(1, count // BATCHES)):
            call()
        batches.append((time.process_time() - start) * 1000 / max(1, count // BATCHES))
    if profiler:
        profiler.disable()
        stats = pstats.Stats(profiler, stream=sys.stderr).strip_dirs()
        print(f"--- {name}: {count} calls", file=sys.stderr)
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(25)
        stats.sort_stats("cumulative").print_callees(*CALLEES)
    wrong = [s for s in statuses if s != expect]
    if wrong:
        raise SystemExit(f"{environ['REQUEST_METHOD']} {environ['PATH_INFO']}: status {wrong[0]}, not {expect}")
    return min(batches)


def changing(form: dict, change: Callable[[int], dict]) -> Callable[[dict], None]:
    """A `refresh` for cpu_ms: the n-th call sends `form` updated with change(n), so every answer and every vote
    changes what is stored (and the version), as in an evening; a repeated identical one writes nothing."""
    calls = iter(range(1, 10**6))

    def refresh(env: dict) -> None:
        data = urlencode({**form, **change(next(calls))}).encode()
        env["wsgi.input"], env["CONTENT_LENGTH"] = io.BytesIO(data), str(len(data))

    return refresh


def hello_app() -> Flask:
    app = Flask("hello")

    @app.route("/hello")
    def hello():
        return "hello"

    return app


def measure_size(app: Flask, size: int, repeat: float) -> dict[str, float]:
    phone = build_evening(app, size)
    profiled = size == PROFILE.get("size")

    def cpu(*args, name: str, **kwargs) -> float:
        return cpu_ms(*args, name=name if profiled else "", **kwargs)
    headers = {"Cookie": phone["cookie"]}
    n = lambda base: max(5, int(base * repeat))  # noqa: E731
    out = {}
    env, body = environ_for("GET", "/p/stand", {**headers, "If-None-Match": f'"v{phone["version"]}"'})
    out["poll304"] = cpu(app, env, body, n(500), 304, name="poll304")
    answer = {"csrf_token": phone["csrf"], "text": "Sterk: ze vraagt hulp 00000"}
    env, body = environ_for("POST", f"/p/t/{THEME}/2", {**headers, "Origin": "http://127.0.0.1:5000"}, answer)
    new_words = changing(answer, lambda n: {"text": f"Sterk: ze vraagt hulp {n:05d}"})
    out["answer"] = cpu(app, env, body, n(100), 303, refresh=new_words, name="answer")
    # A first answer (an insert, no old words to wipe), as at an evening: each call is another phone's answer to
    # one of the two open questions of the second theme, which nobody has answered yet (same session, so the same
    # CSRF token; the participant cookie differs).
    firsts = iter([(token, step) for step in (2, 3) for token in phone["tokens"]])

    def first_answer(env: dict) -> None:
        token, step = next(firsts)
        env["PATH_INFO"] = f"/p/t/{SECOND}/{step}"
        env["HTTP_COOKIE"] = f"{PARTICIPANT_COOKIE}={token}; {phone['session']}"
    env, body = environ_for("POST", f"/p/t/{SECOND}/2", {**headers, "Origin": "http://127.0.0.1:5000"}, answer)
    unanswered = 2 * len(phone["tokens"]) - 1  # one goes to the warm-up call
    out["answer_first"] = float("nan") if unanswered <= BATCHES else cpu(  # too few phones for ten batches
        app, env, body, min(n(100), unanswered), 303, refresh=first_answer, name="answer_first")
    vote = {"csrf_token": phone["csrf"], "proposal": phone["keys"][0], "agree": "yes"}
    changed_vote = changing(vote, lambda n: {"agree": ("yes", "no")[n % 2]})  # eens, nog niet, eens, …
    env, body = environ_for("POST", f"/p/t/{THEME}/samen", headers, vote)
    out["vote"] = cpu(app, env, body, n(40), 303, refresh=changed_vote, name="vote")
    env, body = environ_for("POST", f"/p/t/{THEME}/samen", {**headers, "X-Praatplaat-Part": "proposal"}, vote)
    out["vote_part"] = cpu(app, env, body, n(40), 200, refresh=changed_vote,  # as app.js sends it
                           name="vote_part")
    env, body = environ_for("GET", f"/p/t/{THEME}/samen", headers)
    out["merged"] = cpu(app, env, body, n(20), 200, name="merged")
    # The first view after a change (nothing kept for this version yet): what every view costs while the room
    # keeps changing.
    out["merged_cold"] = cpu(app, env, body, n(20), 200, refresh=lambda _env: versioncache.clear(),
                             name="merged_cold")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20,400", help="participants per conversation, comma separated")
    parser.add_argument("--repeat", type=float, default=1.0, help="scale the number of calls per path")
    parser.add_argument("--profile", choices=("poll304", "answer", "answer_first", "vote", "vote_part", "merged",
                                              "merged_cold"),
                        help="profile this path at the largest size (cProfile, to stderr)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.profile:
        PROFILE.update(path=args.profile, size=max(sizes))
    load_before = loadavg()
    with tempfile.TemporaryDirectory(prefix="praatplaat-paths-") as folder:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(folder) / 'paths.sqlite'}",
                          "SECRET_KEY": "paths", "RATELIMIT_STORAGE_URI": "memory://"})
        upgrade_database(app)
        hello = hello_app()
        env, body = environ_for("GET", "/hello", {})
        floor = cpu_ms(hello, env, body, max(5, int(2000 * args.repeat)), 200)
        table = {size: measure_size(app, size, args.repeat) for size in sizes}
        floor = (floor + cpu_ms(hello, env, body, max(5, int(2000 * args.repeat)), 200)) / 2
        with app.app_context():
            db.engine.dispose()
    paths = ("poll304", "answer", "answer_first", "vote", "vote_part", "merged", "merged_cold")
    print(f"{'path':12}" + "".join(f"{f'{s} phones':>14}" for s in sizes) + "   (CPU ms per request)")
    for path in paths:
        print(f"{path:12}" + "".join(f"{table[s][path]:14.2f}" for s in sizes))
    print(f"{'hello':12}{floor:14.2f}   (Flask floor)")
    summary = " ".join(f"{p}_ms=" + "/".join(f"{table[s][p]:.2f}" for s in sizes) for p in paths)
    print(f"sizes={'/'.join(map(str, sizes))} {summary} hello_ms={floor:.2f} "
          f"loadavg={load_before}/{loadavg()}")


if __name__ == "__main__":
    main()
