"""`praatplaat serve` with the server's CPU time counted per kind of request (bench only).

    python bench/countedserve.py PORT THREADS OUT.json

Wraps the app as waitress calls it so each request's thread CPU time (time.thread_time, response body included) is
added to its kind (method + path with tokens and numbers replaced); writes the totals to OUT.json when stopped
(SIGTERM). bench/evening.py --by-path starts the server this way and prints the table.
"""

from __future__ import annotations

import json
import re
import signal
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import waitress  # noqa: E402

from praatplaat import create_app  # noqa: E402
from praatplaat.cli import run_server  # noqa: E402

KIND = re.compile(r"/(?:j|f)/[^/]+|/\d+")


def main() -> None:
    port, threads, out = int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
    app = create_app()
    totals: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])
    lock = threading.Lock()
    inner = app  # the whole app as the server calls it (the fast polls in front included)

    def counted(environ, start_response):
        started = time.thread_time()
        status = []

        def start(s, headers, exc_info=None):
            status.append(s.split()[0])
            return start_response(s, headers, exc_info)

        body = b"".join(inner(environ, start))
        kind = f"{environ['REQUEST_METHOD']} {KIND.sub(lambda m: m.group(0)[:3] + '…', environ['PATH_INFO'])}"
        with lock:
            entry = totals[f"{kind} {status[0] if status else '?'}"]
            entry[0] += 1
            entry[1] += time.thread_time() - started
        return [body]

    serve = waitress.serve
    waitress.serve = lambda _app, **options: serve(counted, **options)

    def stop(*_):
        out.write_text(json.dumps(totals))
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    run_server(app, "127.0.0.1", port, threads)


if __name__ == "__main__":
    main()
