"""Where the app lives (issue 10): the public address, the host names it answers to, HTTPS behind a proxy,
the Origin check, and what `praatplaat serve` tells waitress about the proxy."""

from __future__ import annotations

import http.client
import re
import threading

import pytest
import waitress
from conftest import Phone, make_app, start
from flask import request

from praatplaat import cli
from praatplaat.fastpoll import FastPoll
from praatplaat.qr import qr_svg
from praatplaat.security import allow_serving_host, host_name

PUBLIC = "https://praatplaat.school.nl"


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'praatplaat.sqlite'}"


class BehindProxy(Phone):
    """A phone whose requests reach the app through one reverse proxy that terminates HTTPS: the proxy talks
    to the app as 127.0.0.1:8001 and says who asked, over what, for which host."""

    def __init__(self, app, headers: dict[str, str], name: str = "phone") -> None:
        super().__init__(app, name)
        self.headers = {"Host": "127.0.0.1:8001", "X-Forwarded-For": "203.0.113.7",
                        "X-Forwarded-Proto": "https", "X-Forwarded-Host": "praatplaat.school.nl", **headers}

    def get(self, url, **kwargs):
        return super().get(url, headers={**self.headers, **kwargs.pop("headers", {})}, **kwargs)

    def post(self, url, data=None, **kwargs):
        return super().post(url, data, headers={**self.headers, **kwargs.pop("headers", {})}, **kwargs)


def qr_path(page: str) -> str:
    return re.search(r'<svg class="qr".*?</svg>', page, re.S).group(0)


# --- Host names ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("host", ["evil.example", "evil.example:5000", "localhost.evil.example", "127.0.0.2",
                                  "no host", ""])
def test_unknown_host_is_refused_with_a_clear_page(sqlite_url, host):
    app = make_app(sqlite_url)
    response = app.test_client().get("/", headers={"Host": host})
    assert response.status_code == 400
    assert "Dit adres hoort niet bij deze Praatplaat" in response.get_data(as_text=True)


def test_refused_host_page_is_in_the_readers_language(sqlite_url):
    app = make_app(sqlite_url)
    response = app.test_client().get("/", headers={"Host": "evil.example", "Accept-Language": "en"})
    assert response.status_code == 400
    assert "Dit adres" not in response.get_data(as_text=True)
    assert 'lang="en"' in response.get_data(as_text=True)


@pytest.mark.parametrize("host", ["localhost", "localhost:5000", "127.0.0.1:5077", "[::1]:5000", "LOCALHOST"])
def test_local_addresses_are_allowed_by_default(sqlite_url, host):
    app = make_app(sqlite_url)
    assert app.test_client().get("/", headers={"Host": host}).status_code == 200


def test_an_evil_host_never_reaches_a_qr_code(sqlite_url):
    app = make_app(sqlite_url)
    teacher = Phone(app, "teacher")
    code, f_url = start(teacher)
    response = teacher.client.get(f_url, headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert "evil.example" not in response.get_data(as_text=True)
    page = teacher.get(f_url).get_data(as_text=True)  # the test client's own host, localhost, is fine
    assert f"http://localhost/j/{code}" in page


def test_allowed_hosts_replace_the_local_addresses(sqlite_url):
    app = make_app(sqlite_url, ALLOWED_HOSTS="praatplaat.lan, 192.168.1.20")
    client = app.test_client()
    assert client.get("/", headers={"Host": "praatplaat.lan:5000"}).status_code == 200
    assert client.get("/", headers={"Host": "192.168.1.20:5000"}).status_code == 200
    assert client.get("/", headers={"Host": "localhost"}).status_code == 400
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400


def test_healthz_answers_a_load_balancer_on_any_host(sqlite_url):
    app = make_app(sqlite_url, PUBLIC_URL=PUBLIC)
    assert app.test_client().get("/healthz", headers={"Host": "10.0.0.5:8001"}).status_code == 200


def test_serve_also_answers_to_the_address_it_binds(sqlite_url):
    app = make_app(sqlite_url)
    allow_serving_host(app, "192.168.1.20")
    allow_serving_host(app, "::1")
    client = app.test_client()
    assert client.get("/", headers={"Host": "192.168.1.20:5000"}).status_code == 200
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
    wide = make_app(sqlite_url)
    allow_serving_host(wide, "0.0.0.0")
    assert "localhost" in wide.extensions["praatplaat.allowed_hosts"]
    assert "evil.example" not in wide.extensions["praatplaat.allowed_hosts"]
    public = make_app(sqlite_url, PUBLIC_URL=PUBLIC)
    allow_serving_host(public, "0.0.0.0")
    assert public.extensions["praatplaat.allowed_hosts"] == {"praatplaat.school.nl"}


def test_host_name():
    assert host_name("School.NL:443") == "school.nl"
    assert host_name("[::1]:5000") == "::1"
    assert host_name("evil.example/x") is None
    assert host_name("a b") is None


# --- The public address -------------------------------------------------------------------------------------

def test_links_and_qr_code_come_from_the_public_url(sqlite_url):
    app = make_app(sqlite_url, PUBLIC_URL=PUBLIC, TRUSTED_PROXIES=1, HTTPS=True)
    teacher = BehindProxy(app, {"Origin": PUBLIC}, "teacher")
    code, f_url = start(teacher)
    page = teacher.get(f_url).get_data(as_text=True)
    join_url = f"{PUBLIC}/j/{code}"
    assert f'href="{join_url}"' in page or f">{join_url}<" in page
    assert qr_path(page) == qr_path(str(qr_svg(join_url, join_url)))
    assert f"{PUBLIC}/f/" in page  # the facilitator's own link
    assert "127.0.0.1" not in page and "localhost" not in page
    screen = teacher.get(f_url + "scherm").get_data(as_text=True)
    assert qr_path(screen) == qr_path(str(qr_svg(join_url, join_url)))


def test_public_url_refuses_every_other_host(sqlite_url):
    app = make_app(sqlite_url, PUBLIC_URL=PUBLIC, TRUSTED_PROXIES=1)
    client = app.test_client()
    assert client.get("/", headers={"Host": "localhost"}).status_code == 400
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/", headers={"Host": "praatplaat.school.nl"}).status_code == 200
    # Behind the proxy: X-Forwarded-Host counts, not the proxy's own Host.
    forwarded = {"Host": "127.0.0.1:8001", "X-Forwarded-Host": "evil.example"}
    assert client.get("/", headers=forwarded).status_code == 400


# --- HTTPS behind a proxy: forms and the Origin check -------------------------------------------------------

def test_post_over_https_without_referer_succeeds(sqlite_url):
    app = make_app(sqlite_url, PUBLIC_URL=PUBLIC, TRUSTED_PROXIES=1, HTTPS=True)
    teacher = BehindProxy(app, {"Origin": PUBLIC}, "teacher")
    teacher.get("/")
    response = teacher.post("/start", {"start-deck": "praatplaat", "start-title": "Sam", "start-role":
                                       "professional", "start-mode": "table"})
    assert response.status_code == 303, response.get_data(as_text=True)
    assert response.location.startswith("/f/") or response.location.startswith(f"{PUBLIC}/f/")
    assert "Secure" in response.headers["Set-Cookie"]
    assert "Strict-Transport-Security" in response.headers


def test_post_over_https_with_origin_null_relies_on_the_csrf_token(sqlite_url):
    """Chromium sends `Origin: null` on a form POST from a page with Referrer-Policy: no-referrer."""
    app = make_app(sqlite_url, PUBLIC_URL=PUBLIC, TRUSTED_PROXIES=1, HTTPS=True)
    teacher = BehindProxy(app, {"Origin": "null"}, "teacher")
    code, _f_url = start(teacher)
    assert teacher.post("/start", {"start-deck": "praatplaat"}, csrf=False).status_code == 400


@pytest.mark.parametrize("origin", ["https://evil.example", "http://praatplaat.school.nl",
                                    "https://praatplaat.school.nl:8443", "https://school.nl"])
def test_origin_of_another_site_is_refused(sqlite_url, origin):
    app = make_app(sqlite_url, PUBLIC_URL=PUBLIC, TRUSTED_PROXIES=1, HTTPS=True)
    teacher = BehindProxy(app, {"Origin": PUBLIC}, "teacher")
    teacher.get("/")
    response = teacher.post("/start", {"start-deck": "praatplaat", "start-role": "professional",
                                       "start-mode": "table"}, headers={"Origin": origin})
    assert response.status_code == 403


def test_origin_without_public_url_is_this_requests_scheme_and_host(sqlite_url):
    app = make_app(sqlite_url)
    teacher = Phone(app, "teacher")
    teacher.get("/")
    data = {"start-deck": "praatplaat", "start-role": "professional", "start-mode": "table"}
    assert teacher.post("/start", data, headers={"Origin": "http://localhost"}).status_code == 303
    assert teacher.post("/start", data, headers={"Origin": "http://localhost:80"}).status_code == 303
    assert teacher.post("/start", data, headers={"Origin": "https://localhost"}).status_code == 403


# --- praatplaat serve and waitress --------------------------------------------------------------------------

def whoami_app(url, **config):
    app = make_app(url, **config)

    @app.get("/whoami")
    def whoami():
        return f"{request.remote_addr} {request.scheme} {request.host}"

    return app


def test_serve_hands_the_forwarded_headers_to_waitress(sqlite_url, monkeypatch):
    app = make_app(sqlite_url, TRUSTED_PROXIES=1)
    seen = {}
    monkeypatch.setattr(waitress, "serve", lambda wsgi, **options: seen.update(options, app=wsgi))
    monkeypatch.setattr(cli, "_purge_loop", lambda *args: None)
    cli.run_server(app, "127.0.0.1", 8001)
    assert seen["trusted_proxy"] == "*"
    assert seen["trusted_proxy_count"] == 1
    assert set(seen["trusted_proxy_headers"]) == {"x-forwarded-for", "x-forwarded-proto", "x-forwarded-host",
                                                  "x-forwarded-port"}
    assert seen["clear_untrusted_proxy_headers"] is True
    assert isinstance(app.wsgi_app, FastPoll)  # the polls are still answered first (issue 11)
    proxy_fix = app.wsgi_app.wsgi_app  # only the prefix is left to ProxyFix: nothing is applied twice
    assert (proxy_fix.x_for, proxy_fix.x_proto, proxy_fix.x_host, proxy_fix.x_prefix) == (0, 0, 0, 1)


def test_serve_without_proxies_ignores_forwarded_headers(sqlite_url, monkeypatch):
    app = make_app(sqlite_url)
    seen = {}
    monkeypatch.setattr(waitress, "serve", lambda wsgi, **options: seen.update(options))
    monkeypatch.setattr(cli, "_purge_loop", lambda *args: None)
    cli.run_server(app, "127.0.0.1", 8001)
    assert seen.get("trusted_proxy") is None
    assert seen["clear_untrusted_proxy_headers"] is True


@pytest.mark.parametrize("proxies", [0, 1])
def test_waitress_applies_the_proxys_headers_once(sqlite_url, proxies):
    """The options `praatplaat serve` gives waitress, on a real waitress: the client's address, scheme and host
    come from the one proxy; an X-Forwarded-For the client sent itself (nginx overwrites it) is not used."""
    app = whoami_app(sqlite_url, TRUSTED_PROXIES=proxies, ALLOWED_HOSTS="praatplaat.school.nl localhost 127.0.0.1")
    options = cli.waitress_options(app)
    server = waitress.create_server(app, host="127.0.0.1", port=0, **options)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        def ask(headers):
            connection = http.client.HTTPConnection("127.0.0.1", server.effective_port, timeout=10)
            try:
                connection.request("GET", "/whoami", headers=headers)
                return connection.getresponse().read().decode()
            finally:
                connection.close()

        proxied = {"Host": "127.0.0.1", "X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https",
                   "X-Forwarded-Host": "praatplaat.school.nl", "X-Forwarded-Port": "443"}
        if proxies:
            assert ask(proxied) == "203.0.113.7 https praatplaat.school.nl"
            # A client's own X-Forwarded-For appended to by a proxy: only the last (the proxy's) entry counts.
            assert ask({**proxied, "X-Forwarded-For": "6.6.6.6, 203.0.113.7"}).split()[0] == "203.0.113.7"
        else:
            assert ask(proxied) == "127.0.0.1 http 127.0.0.1"
    finally:
        server.close()
        thread.join(timeout=5)


# --- The purge runs once for the cluster --------------------------------------------------------------------

def test_purge_lease_lets_one_process_purge_per_interval(app):
    from datetime import timedelta

    from praatplaat.operations import utcnow

    now = utcnow()
    assert cli.purge_once_for_cluster(app, "a:1", 3600) == 0  # first: the row is made
    assert cli.purge_once_for_cluster(app, "b:2", 3600) is None
    with app.app_context():
        from praatplaat.retention import claim

        assert not claim("purge", "b:2", now + timedelta(seconds=3599), 3600)
        assert claim("purge", "b:2", now + timedelta(seconds=3601), 3600)
        assert not claim("purge", "a:1", now + timedelta(seconds=3602), 3600)
        assert claim("other", "a:1", now, 10)  # another job has its own lease
