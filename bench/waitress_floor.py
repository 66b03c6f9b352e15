"""What waitress itself costs per request, with many phones each on its own keep-alive connection.

    python bench/waitress_floor.py [--phones 200,400] [--seconds 20] [--interval 2.5]

Serves a WSGI app that does nothing (a 14-byte JSON answer, like a poll's 200) with the same waitress settings as
`praatplaat serve` (8 threads), and lets N phones each send one GET every `interval` seconds on their own
keep-alive connection (asyncio, one process). Prints the server's CPU per request: the floor under every request
of an evening, before our app runs. It grows with the number of open connections (waitress looks at every
connection on each turn of its loop).
Last line: phones=… requests=… waitress_cpu_ms_per_request=…/… loadavg=…
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from httpphone import cpu_seconds, free_port  # noqa: E402

SERVER = """
import sys, waitress
from praatplaat.cli import WAITRESS_SETTINGS
def app(environ, start_response):
    body = b'{"version":1}\\n'
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
waitress.serve(app, host="127.0.0.1", port=int(sys.argv[1]), threads=8, connection_limit=1000, **WAITRESS_SETTINGS)
"""


async def phones(port: int, count: int, seconds: float, interval: float) -> int:
    async def phone(n: int, stop: float) -> int:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        await asyncio.sleep(interval * n / count)
        sent = 0
        while time.monotonic() < stop:
            writer.write(b"GET /p/stand HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            await writer.drain()
            await reader.readuntil(b"\r\n\r\n")
            await reader.readexactly(14)
            sent += 1
            await asyncio.sleep(interval)
        writer.close()
        return sent

    stop = time.monotonic() + seconds
    return sum(await asyncio.gather(*(phone(n, stop) for n in range(count))))


def measure(count: int, seconds: float, interval: float) -> tuple[int, float]:
    port = free_port()
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(port)])
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                asyncio.run(asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), 1))
                break
            except OSError:
                time.sleep(0.1)
        before = cpu_seconds(server.pid)
        sent = asyncio.run(phones(port, count, seconds, interval))
        return sent, (cpu_seconds(server.pid) - before) * 1000 / max(1, sent)
    finally:
        server.terminate()
        server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", default="200,400")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--interval", type=float, default=2.5)
    args = parser.parse_args()
    load = Path("/proc/loadavg").read_text().split()[0]
    results = [(n, *measure(n, args.seconds, args.interval)) for n in map(int, args.phones.split(","))]
    for n, sent, ms in results:
        print(f"{n:5d} phones  {sent:6d} requests  {ms:.2f} ms waitress CPU per request")
    print(f"phones={'/'.join(str(r[0]) for r in results)} requests={'/'.join(str(r[1]) for r in results)} "
          f"waitress_cpu_ms_per_request={'/'.join(f'{r[2]:.2f}' for r in results)} "
          f"loadavg={load}/{Path('/proc/loadavg').read_text().split()[0]}")


if __name__ == "__main__":
    main()
