"""Praatplaat as an organisation runs it: nginx terminating HTTPS (deploy/nginx.conf with a throw-away
certificate), two `praatplaat serve` processes on PostgreSQL, rate limits in Redis. Everything is started here
and stopped afterwards, on free ports, in a temporary folder.

Needs nginx, redis-server, openssl and PRAATPLAAT_TEST_POSTGRES_URL (the tests use a database of their own on
that server, `<name>_deploy`). Missing: skipped on a laptop, a failure in CI.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import sqlalchemy as sa
from conftest import POSTGRES_URL, require

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).parent
NGINX_SITE = ROOT / "deploy" / "nginx.conf"
PURGE_SECONDS = 2
JOIN_LIMIT = 5


def pytest_collection_modifyitems(items) -> None:
    for item in items:
        if HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.deploy)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def find(program: str) -> str | None:
    return shutil.which(program) or next(
        (str(p) for p in (Path("/usr/sbin") / program, Path("/sbin") / program) if p.is_file()), None)


def wait_until(check, what: str, process: subprocess.Popen | None = None, log: Path | None = None,
               timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            break
        try:
            if check():
                return
        except Exception:  # noqa: BLE001 (not up yet: refused, reset, a redis ConnectionError)
            pass
        time.sleep(0.2)
    tail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
    pytest.fail(f"{what} did not start\n{tail}")


def insecure_tls() -> ssl.SSLContext:
    """For our own requests to the test nginx only: its certificate is a throw-away one."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


@dataclass
class Cluster:
    url: str  # the public https address, e.g. https://localhost:43121
    tmp: Path
    database_url: str
    redis_url: str
    app_ports: list[int]
    app_logs: list[Path]
    nginx_access_log: Path
    processes: list[subprocess.Popen] = field(default_factory=list)

    def request(self, path: str, *, method: str = "GET", data: bytes | None = None,
                headers: dict | None = None) -> tuple[int, dict, str]:
        """One request through nginx, as a client without a browser would send it (no redirects followed)."""
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=headers or {})
        opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=insecure_tls()), NoRedirect)
        try:
            with opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def upstreams(self) -> list[str]:
        """The `upstream=` of every line in nginx's access log: which process answered."""
        return [part.split("=", 1)[1] for line in self.nginx_access_log.read_text().splitlines()
                for part in line.split() if part.startswith("upstream=")]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def deploy_database(url: str) -> str:
    """A database of its own next to the one in PRAATPLAAT_TEST_POSTGRES_URL, made anew."""
    server = sa.make_url(url)
    name = f"{server.database}_deploy"
    engine = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    finally:
        engine.dispose()
    return server.set(database=name).render_as_string(hide_password=False)


def render_nginx(tmp: Path, https_port: int, http_port: int, app_ports: list[int], cert: Path, key: Path,
                 access_log: Path) -> Path:
    """deploy/nginx.conf as shipped, with the test's ports and paths, inside a main config of our own."""
    site = NGINX_SITE.read_text()
    for old, new in (("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
                     ("listen 80;", f"listen 127.0.0.1:{http_port};"),
                     ("server_name praatplaat.school.nl;", "server_name localhost;"),
                     ("server 127.0.0.1:8001;", f"server 127.0.0.1:{app_ports[0]};"),
                     ("server 127.0.0.1:8002;", f"server 127.0.0.1:{app_ports[1]};"),
                     ("/etc/ssl/praatplaat/fullchain.pem", str(cert)),
                     ("/etc/ssl/praatplaat/privkey.pem", str(key)),
                     ("/var/log/nginx/praatplaat.access.log", str(access_log))):
        assert old in site, f"deploy/nginx.conf no longer has {old!r}"
        site = site.replace(old, new)
    (tmp / "praatplaat.conf").write_text(site)
    for folder in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp / folder).mkdir(exist_ok=True)
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must reach the temporary folder
    main = f"""{user}daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log info;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/praatplaat.conf;
}}
"""
    conf = tmp / "nginx.conf"
    conf.write_text(main)
    return conf


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def cluster(tmp_path_factory) -> Iterator[Cluster]:
    nginx, redis_server, openssl = find("nginx"), find("redis-server"), find("openssl")
    require(nginx is not None, "nginx")
    require(redis_server is not None, "redis-server")
    require(openssl is not None, "openssl")
    require(bool(POSTGRES_URL), "PostgreSQL (PRAATPLAAT_TEST_POSTGRES_URL)")
    try:
        database_url = deploy_database(POSTGRES_URL)
    except sa.exc.OperationalError as error:
        require(False, f"PostgreSQL at PRAATPLAAT_TEST_POSTGRES_URL ({error.orig})")

    from browser.conftest import compile_catalogs

    compile_catalogs()
    tmp = tmp_path_factory.mktemp("deploy")
    os.chmod(tmp, 0o755)
    processes: list[subprocess.Popen] = []
    logs: list = []

    def launch(command: list[str], log: Path, env: dict | None = None) -> subprocess.Popen:
        handle = open(log, "w")  # noqa: SIM115 (closed at the end)
        logs.append(handle)
        process = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT, env=env, cwd=tmp,
                                   start_new_session=True)
        processes.append(process)
        return process

    try:
        # A throw-away certificate for localhost.
        cert, key = tmp / "cert.pem", tmp / "key.pem"
        subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
                        "-keyout", str(key), "-out", str(cert), "-days", "2",
                        "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
                       check=True, capture_output=True, timeout=60)

        # Redis, on its own port and folder.
        redis_port = free_port()
        (tmp / "redis").mkdir()
        redis_log = tmp / "redis.log"
        redis = launch([redis_server, "--port", str(redis_port), "--bind", "127.0.0.1", "--dir",
                        str(tmp / "redis"), "--save", "", "--appendonly", "no", "--daemonize", "no"], redis_log)
        import redis as redis_client

        redis_url = f"redis://127.0.0.1:{redis_port}/0"
        wait_until(lambda: redis_client.Redis.from_url(redis_url).ping(), "redis-server", redis, redis_log)

        # Two `praatplaat serve` processes, configured as README says.
        https_port, http_port = free_port(), free_port()
        public = f"https://localhost:{https_port}"
        app_ports = [free_port(), free_port()]
        env = {**{k: v for k, v in os.environ.items() if not k.startswith("PRAATPLAAT_")},
               "PRAATPLAAT_DATABASE_URL": database_url,
               "PRAATPLAAT_SECRET_KEY": "deploy-test-secret-shared-by-both-processes",
               "PRAATPLAAT_RATELIMIT_STORAGE_URI": redis_url,
               "PRAATPLAAT_TRUSTED_PROXIES": "1",
               "PRAATPLAAT_HTTPS": "true",
               "PRAATPLAAT_PUBLIC_URL": public,
               "PRAATPLAAT_JOIN_FAILURES_LIMIT": f"{JOIN_LIMIT} per 5 minutes",
               "PRAATPLAAT_PURGE_INTERVAL_SECONDS": str(PURGE_SECONDS),
               "PYTHONUNBUFFERED": "1"}
        app_logs = []
        for number, port in enumerate(app_ports, 1):
            log = tmp / f"app{number}.log"
            app_logs.append(log)
            app = launch([sys.executable, "-c", "from praatplaat.cli import main; main()", "serve",
                          "--host", "127.0.0.1", "--port", str(port)], log, env)
            wait_until(lambda port=port: urllib.request.urlopen(  # noqa: S310
                f"http://127.0.0.1:{port}/healthz", timeout=5).status == 200, f"praatplaat serve #{number}",
                app, log)

        # nginx in front, with deploy/nginx.conf.
        access_log = tmp / "access.log"
        conf = render_nginx(tmp, https_port, http_port, app_ports, cert, key, access_log)
        checked = subprocess.run([nginx, "-t", "-p", str(tmp), "-c", str(conf)], capture_output=True,
                                 text=True, timeout=30)
        assert checked.returncode == 0, checked.stderr
        nginx_process = launch([nginx, "-p", str(tmp), "-c", str(conf)], tmp / "nginx.out")

        def nginx_answers() -> bool:
            with urllib.request.urlopen(f"{public}/healthz", timeout=5,  # noqa: S310
                                        context=insecure_tls()) as response:
                return response.status == 200

        wait_until(nginx_answers, "nginx", nginx_process, tmp / "error.log")
        yield Cluster(url=public, tmp=tmp, database_url=database_url, redis_url=redis_url,
                      app_ports=app_ports, app_logs=app_logs, nginx_access_log=access_log,
                      processes=processes)
    finally:
        for process in reversed(processes):
            stop(process, signal.SIGQUIT if process.args[0] == nginx else signal.SIGTERM)
        for handle in logs:
            handle.close()
