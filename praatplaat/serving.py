"""`praatplaat serve --processes N`: N waitress processes answer on one listening socket (issue 11).

Python runs one thread at a time per process, so one process uses at most one core. At a parent evening of 200
phones that is the limit: the votes come in a burst of 20 seconds, and one process queues them for seconds while
the other core waits. With N processes the kernel hands each new connection to one of them.

The parent opens the socket, applies the migrations and loads the language model (then shared with the children),
closes its database connections, and forks. Each child runs waitress on the inherited socket. The parent runs the
hourly purge and watches: SIGTERM or SIGINT stops every child, and when one child dies the others are stopped
too, so a supervisor (systemd) restarts the whole server rather than keeping it half alive.

What each process keeps for itself: the results kept per version (versioncache) and, with the default memory://
storage, the join-attempt counts (set PRAATPLAAT_RATELIMIT_STORAGE_URI to Redis to share them; README).
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import sys
from collections.abc import Callable

log = logging.getLogger("praatplaat.serve")


def listening_socket(host: str, port: int, backlog: int = 1024) -> socket.socket:
    """The socket every process accepts on (the first address `host` resolves to)."""
    family, kind, proto, _name, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                              flags=socket.AI_PASSIVE)[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(address)
    sock.listen(backlog)
    sock.set_inheritable(True)
    return sock


def run_processes(processes: int, sock: socket.socket, serve: Callable[[socket.socket], None],
                  after_fork: Callable[[], None]) -> int:
    """Fork `processes` children that each `serve(sock)`; run `after_fork()` in the parent, then wait.
    Returns the exit status for the parent."""
    if not hasattr(os, "fork"):
        raise SystemExit("praatplaat serve --processes: only on Linux or macOS (one process elsewhere)")
    children: set[int] = set()
    for _ in range(processes):
        pid = os.fork()
        if pid == 0:  # the child: serve until stopped, never return into the parent's code
            status = 0
            try:
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                serve(sock)
            except KeyboardInterrupt:
                pass
            except SystemExit as stop:
                status = stop.code if isinstance(stop.code, int) else 1
            except BaseException:  # noqa: BLE001 - reported, then the parent stops the others
                log.exception("server process %d failed", os.getpid())
                status = 1
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(status)
        children.add(pid)
    log.info("%d server processes: %s", processes, " ".join(map(str, sorted(children))))
    stopping = False

    def stop(signum, _frame) -> None:
        nonlocal stopping
        stopping = True
        for child in children:
            _kill(child)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    after_fork()
    status = 0
    while children:
        pid, wait_status = os.wait()
        children.discard(pid)
        if not stopping:  # a child died by itself: stop the rest, and say so in the exit status
            log.error("server process %d ended (%s): stopping the others", pid, wait_status)
            status, stopping = 1, True
            for child in children:
                _kill(child)
    sock.close()
    return status


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
