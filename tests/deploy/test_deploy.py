"""Through nginx and HTTPS, with two processes, PostgreSQL and Redis (issue 10): the two-phone conversation in
Chromium, forms without a Referer, public links and QR codes, one shared rate limit, one purge for the cluster,
and a client's own X-Forwarded-For ignored."""

from __future__ import annotations

import re
import time
import urllib.parse
from datetime import datetime, timedelta

import pytest
import redis
import sqlalchemy as sa
from browser import flow
from browser.support import Contexts, save_screenshot
from playwright.sync_api import expect

from praatplaat.qr import qr_svg

from .conftest import JOIN_LIMIT, PURGE_SECONDS, Cluster

CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


class Client:
    """A browser without a browser: keeps cookies, sends no Referer, says where a form comes from (Origin)."""

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster
        self.cookies: dict[str, str] = {}
        self.token = ""

    def _headers(self, extra: dict | None) -> dict:
        headers = dict(extra or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return headers

    def _keep(self, headers: dict, body: str) -> None:
        for name, value in headers.items():
            if name.lower() == "set-cookie":
                pair = value.split(";", 1)[0]
                self.cookies[pair.split("=", 1)[0]] = pair.split("=", 1)[1]
        found = CSRF.search(body)
        if found:
            self.token = found.group(1)

    def get(self, path: str, headers: dict | None = None):
        status, got, body = self.cluster.request(path, headers=self._headers(headers))
        self._keep(got, body)
        return status, got, body

    def post(self, path: str, data: dict, headers: dict | None = None):
        body = urllib.parse.urlencode({"csrf_token": self.token, **data}).encode()
        status, got, text = self.cluster.request(path, method="POST", data=body, headers=self._headers(
            {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}))
        self._keep(got, text)
        return status, got, text


def start(client: Client, headers: dict | None = None, title: str = "Gesprek over Sam"):
    client.get("/")
    return client.post("/start", {"start-deck": "praatplaat", "start-title": title,
                                  "start-role": "professional", "start-mode": "table"}, headers)


def qr_path(page: str) -> str:
    return re.search(r'<svg class="qr".*?</svg>', page, re.S).group(0)


# --- (b) forms without a Referer, (c) public links and QR codes --------------------------------------------

def test_forms_work_over_https_without_a_referer(cluster):
    teacher = Client(cluster)
    status, headers, body = teacher.get("/")
    assert status == 200
    assert headers["Strict-Transport-Security"].startswith("max-age=")
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "Secure" in headers["Set-Cookie"]
    # As a browser sends it with our Referrer-Policy (Origin, or "null"), and as a plain client (neither).
    for origin in ({"Origin": cluster.url}, {"Origin": "null"}, {}):
        status, headers, body = start(teacher, origin)
        assert status == 303, (origin, body[-1500:])
        assert "/f/" in headers["Location"]


def test_form_from_another_site_is_refused(cluster):
    teacher = Client(cluster)
    status, _headers, _body = start(teacher, {"Origin": "https://evil.example"})
    assert status == 403
    status, _headers, _body = start(teacher, {"Origin": cluster.url.replace("https:", "http:")})
    assert status == 403


def test_join_link_and_qr_code_carry_the_public_https_address(cluster):
    teacher = Client(cluster)
    status, headers, _body = start(teacher, {"Origin": cluster.url})
    assert status == 303
    dashboard = urllib.parse.urlsplit(headers["Location"]).path
    status, _headers, page = teacher.get(dashboard)
    assert status == 200
    code = re.search(r'class="code" dir="ltr">([0-9A-Z]{6})<', page).group(1)
    join_url = f"{cluster.url}/j/{code}"
    assert join_url in page
    assert qr_path(page) == qr_path(str(qr_svg(join_url, join_url)))
    assert f"{cluster.url}/f/" in page
    assert "127.0.0.1" not in page and "http://" not in page.replace("http://www.w3.org", "")


def test_a_forged_host_is_refused_through_nginx(cluster):
    status, _headers, body = cluster.request("/", headers={"Host": "evil.example"})
    assert status == 400
    assert "Dit adres hoort niet bij deze Praatplaat" in body
    assert "evil.example" not in body


# --- (d) one rate limit for both processes, (f) a client's X-Forwarded-For ignored -------------------------

def test_wrong_codes_hit_one_limit_shared_by_both_processes(cluster):
    store = redis.Redis.from_url(cluster.redis_url)
    store.flushdb()
    before = len(cluster.upstreams())
    statuses = []
    try:
        for n in range(JOIN_LIMIT + 3):
            # Each request claims another client address: nginx overwrites it, so it must not matter.
            status, _headers, _body = cluster.request("/j/ZZZZZZ", headers={"X-Forwarded-For": f"6.6.6.{n}"})
            statuses.append(status)
        keys = [key.decode() for key in store.keys("*")]
    finally:
        store.flushdb()  # the other tests join from the same address
    assert statuses == [404] * JOIN_LIMIT + [429] * 3, statuses
    served = cluster.upstreams()[before:]
    assert len(served) == len(statuses)
    ports = {f"127.0.0.1:{port}" for port in cluster.app_ports}
    assert set(served) == ports, served  # nginx sent them to both processes, in turn
    # Neither process alone saw JOIN_LIMIT failures before the first 429: the count lives in Redis.
    first_refusal = statuses.index(429)
    assert all(served[:first_refusal].count(port) < JOIN_LIMIT for port in ports)
    assert keys and any("127.0.0.1" in key for key in keys), keys
    assert not any("6.6.6" in key for key in keys), keys


def test_a_client_cannot_choose_its_address(cluster):
    """X-Forwarded-For, -Host and -Proto sent by the client are replaced by nginx's own."""
    status, _headers, body = cluster.request("/", headers={"X-Forwarded-Host": "evil.example",
                                                           "X-Forwarded-Proto": "http",
                                                           "X-Forwarded-For": "6.6.6.6"})
    assert status == 200
    assert "evil.example" not in body


# --- (e) the purge runs once for the cluster ----------------------------------------------------------------

LOG_TIME = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) praatplaat\.purge INFO (.*)$", re.M)


def purge_lines(cluster: Cluster) -> list[tuple[datetime, int, str]]:
    """(time, process number, message) of every purge line in both processes' logs, in time order."""
    found = []
    for number, log in enumerate(cluster.app_logs, 1):
        for stamp, message in LOG_TIME.findall(log.read_text()):
            found.append((datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S,%f"), number, message))
    return sorted(found)


def test_the_purge_runs_once_for_the_cluster(cluster):
    teacher = Client(cluster)
    status, _headers, _body = start(teacher, {"Origin": cluster.url}, title="Oud gesprek")
    assert status == 303
    engine = sa.create_engine(cluster.database_url)
    try:
        with engine.begin() as connection:
            old = datetime.now() - timedelta(days=400)
            changed = connection.execute(sa.text("UPDATE conversation SET last_activity_at = :old, "
                                                 "created_at = :old WHERE title = 'Oud gesprek'"), {"old": old})
            assert changed.rowcount == 1
        deadline = time.monotonic() + 6 * PURGE_SECONDS + 10
        while time.monotonic() < deadline:
            with engine.connect() as connection:
                left = connection.scalar(sa.text("SELECT count(*) FROM conversation WHERE title = 'Oud gesprek'"))
            if not left:
                break
            time.sleep(0.5)
        assert left == 0, "the expired conversation was not purged"
        time.sleep(4 * PURGE_SECONDS)  # a few more intervals to count
        with engine.connect() as connection:
            leases = connection.execute(sa.text("SELECT name FROM lease")).scalars().all()
    finally:
        engine.dispose()
    assert leases == ["purge"]
    lines = purge_lines(cluster)
    runs = [(when, number) for when, number, message in lines if message.startswith("purge run by")]
    skips = [(when, number) for when, number, message in lines if message.startswith("purge skipped")]
    deleted = [message for _when, _number, message in lines if message.endswith(": 1 conversation(s) deleted")]
    assert len(deleted) == 1, deleted  # one process deleted it; the other never saw it again
    assert {number for _when, number in runs + skips} == {1, 2}  # both processes took part
    assert skips, "no process ever found the purge already done"
    elapsed = (lines[-1][0] - lines[0][0]).total_seconds()
    # Once per interval for the cluster (each process alone would make about twice as many runs).
    assert len(runs) <= elapsed / PURGE_SECONDS + 1.5, (len(runs), elapsed, lines)
    gaps = [(b - a).total_seconds() for (a, _), (b, _) in zip(runs, runs[1:], strict=False)]
    assert all(gap >= PURGE_SECONDS * 0.75 for gap in gaps), gaps


# --- (a) the two-phone conversation in Chromium, through nginx ----------------------------------------------

@pytest.fixture
def contexts(chromium, cluster):
    made = Contexts(chromium, cluster.url)
    yield made
    made.close()
    made.assert_clean()


def test_two_phones_from_qr_code_to_list_over_https(cluster, contexts, zbarimg, tmp_path):
    """Only this browser accepts the throw-away certificate (ignore_https_errors on its contexts)."""
    desk = contexts.new("desktop", ignore_https_errors=True).new_page()
    one = contexts.new("phone", ignore_https_errors=True).new_page()
    two = contexts.new("phone", ignore_https_errors=True, lang="ar").new_page()
    people = (desk, one, two)
    posts = []
    for page in people:
        page.on("request", lambda request: posts.append(request) if request.method == "POST" else None)

    code, dashboard = flow.start_conversation(desk, "Gesprek over Sam")
    assert dashboard.startswith(cluster.url + "/f/")
    save_screenshot(desk, "deploy-https-dashboard")
    join_url = flow.decode_qr(desk, tmp_path / "qr.png")
    assert join_url == f"{cluster.url}/j/{code}"

    flow.visit(one, join_url)
    flow.join(one, role="parent", language="nl", nickname="Ayse")
    flow.type_code(two, code)
    flow.join(two, role="foster", language="ar", nickname="Noor")

    flow.pick_themes(one, "resultaat")
    flow.pick_themes(two, "resultaat")
    flow.set_agenda(desk, dashboard, "resultaat")
    for page, scale in ((desk, "good"), (one, "better"), (two, "fair")):
        flow.begin_questions(page, "resultaat")
        flow.answer_theme(page, "resultaat", scale=scale, strengths="Sam leest graag.",
                          ideas="Elke week even bellen.", choice="doel", who="together", when="week")
    proposal = flow.proposal_keys(one)[0]
    for page in people:
        flow.vote(page, "resultaat", proposal, agree=True)

    for page, name in ((one, "phone1"), (two, "phone2-ar")):
        flow.visit(page, "/p/lijst")
        expect(page.locator("section.list-theme").first.locator("ul.agreements > li")).to_have_count(1)
        assert page.url.startswith("https://")
        save_screenshot(page, f"deploy-https-{name}-list")
    expect(one.locator("section.list-theme").first.locator("ul.agreements")).to_contain_text(
        "Een doel voor het kind kiezen en opschrijven.")

    # Every form was sent over https without a Referer, and every one was accepted.
    assert len(posts) >= 10
    for request in posts:
        headers = request.all_headers()
        assert "referer" not in headers, (request.url, headers)
        # With Referrer-Policy: no-referrer Chromium sends `Origin: null` on a form POST; the CSRF token decides.
        assert headers.get("origin") in (cluster.url, "null"), headers
        assert request.url.startswith(cluster.url)
        in_place = headers.get("x-praatplaat-part") == "proposal"  # a vote sent by app.js: only the proposal back
        assert request.response() is not None and request.response().status == (200 if in_place else 303), request.url
    assert sum(request.all_headers().get("x-praatplaat-part") == "proposal" for request in posts) == len(people)
    # Both processes served this conversation (nginx sends requests to each in turn).
    assert {f"127.0.0.1:{port}" for port in cluster.app_ports} <= set(cluster.upstreams())
    contexts.assert_no_foreign_requests()
