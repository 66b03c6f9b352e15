"""Security of every request: known host names, CSRF and origin checks, readable forms, headers and CSP, the
rate limiter, the trusted proxy, secrets kept out of logs."""

from __future__ import annotations

import logging
import re
import socket
from urllib.parse import parse_qsl, urlsplit

from flask import Flask, Response, abort, current_app, request, url_for
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect
from werkzeug.exceptions import BadRequest
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter
from werkzeug.sansio.multipart import Data, Epilogue, File, MultipartDecoder, NeedData

from . import cookies

csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address)


CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


def security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "no-referrer"
    headers["X-Robots-Tag"] = "noindex, nofollow"
    headers["X-Frame-Options"] = "DENY"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if not request.path.startswith("/static/"):
        headers["Cache-Control"] = "no-store"
        headers.add("Vary", "Cookie")
    if current_app.config["HTTPS"]:
        headers["Strict-Transport-Security"] = "max-age=31536000"
    return response


# --- Where the app lives: the public address and the host names it answers to ----------------------------------

LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
WILDCARD_BINDS = ("", "0.0.0.0", "::", "*")
_HOST = re.compile(r"(?P<name>[a-z0-9.-]+|\[[a-f0-9:.]+\])(?::(?P<port>[0-9]{1,5}))?", re.ASCII | re.IGNORECASE)
HOSTS = "praatplaat.allowed_hosts"


class UnknownHost(BadRequest):
    """The request names a host this server is not for (a wrong or forged Host header)."""


def host_name(host: str | None) -> str | None:
    """'School.nl:443' -> 'school.nl', '[::1]:5000' -> '::1'; None when it is not a valid host."""
    found = _HOST.fullmatch((host or "").strip())
    if not found:
        return None
    return found.group("name").lower().strip("[]").rstrip(".")


def _origin(url: str) -> str:
    """scheme://host[:port] of a URL, lower case, without a default port."""
    parts = urlsplit(url.strip())
    scheme, netloc = parts.scheme.lower(), parts.netloc.lower()
    default = {"http": ":80", "https": ":443"}.get(scheme)
    if default and netloc.endswith(default):
        netloc = netloc.removesuffix(default)
    return f"{scheme}://{netloc}"


def public_origin() -> str | None:
    """PRAATPLAAT_PUBLIC_URL as scheme://host[:port], or None when it is not set."""
    public = current_app.config.get("PUBLIC_URL")
    return _origin(public) if public else None


def external_url(endpoint: str, **values) -> str:
    """A full address for links people share (QR code, join link, facilitator link): from
    PRAATPLAAT_PUBLIC_URL when it is set, otherwise from this request's host (which is on the allow-list)."""
    public = public_origin()
    if public:
        return public + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def configured_hosts(config) -> set[str]:
    """PRAATPLAAT_PUBLIC_URL's host plus PRAATPLAAT_ALLOWED_HOSTS (names or addresses, separated by commas or
    spaces); without either, only the local addresses."""
    listed = config.get("ALLOWED_HOSTS") or []
    if isinstance(listed, str):
        listed = listed.replace(",", " ").split()
    names = {name for name in (host_name(item) for item in listed) if name}
    if config.get("PUBLIC_URL"):
        names.add(host_name(urlsplit(config["PUBLIC_URL"]).netloc))
    elif not names:
        names.update(LOCAL_HOSTS)
    return names


def allow_serving_host(app: Flask, bind: str) -> None:
    """`praatplaat serve --host H` also answers to H; bound to every address, to this machine's names and
    addresses. Only when neither PRAATPLAAT_PUBLIC_URL nor PRAATPLAAT_ALLOWED_HOSTS says where it lives."""
    if app.config.get("PUBLIC_URL") or app.config.get("ALLOWED_HOSTS"):
        return
    hosts = app.extensions[HOSTS]
    if bind.strip("[]") not in WILDCARD_BINDS:
        hosts.add(host_name(bind if ":" not in bind or bind.startswith("[") else f"[{bind}]") or bind)
        return
    hosts.update(_machine_addresses())


def _machine_addresses() -> set[str]:
    """This machine's name and the addresses others on the network reach it by (no packet is sent)."""
    found = set()
    for name in {socket.gethostname(), socket.getfqdn()}:
        found.add(name.lower())
        try:
            found.update(info[4][0] for info in socket.getaddrinfo(name, None))
        except OSError:
            pass
    for family, probe in ((socket.AF_INET, "192.0.2.1"), (socket.AF_INET6, "2001:db8::1")):
        try:
            with socket.socket(family, socket.SOCK_DGRAM) as sock:
                sock.connect((probe, 9))  # UDP connect: picks the outgoing address, sends nothing
                found.add(sock.getsockname()[0])
        except OSError:
            pass
    return {name for name in (host_name(f"[{a}]" if ":" in a else a) for a in found) if name}


def known_host() -> None:
    """Refuse a request for a host name this server is not for, so that a forged Host header can never end up
    in a link or QR code. /healthz stays open for a load balancer that asks the server by its own address."""
    if request.path == "/healthz":
        return
    if host_name(request.host) not in current_app.extensions[HOSTS]:
        raise UnknownHost()


def same_origin() -> None:
    """Refuse a state-changing request sent by a page of another site (in addition to CSRF). The Origin must be
    the public address when PRAATPLAAT_PUBLIC_URL is set, otherwise this request's scheme and host.
    Browsers send `Origin: null` with our `Referrer-Policy: no-referrer`; then the CSRF token decides."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    origin = request.headers.get("Origin")
    if origin and origin != "null" and _origin(origin) != (public_origin() or _origin(request.host_url)):
        abort(403)


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def readable_form() -> None:
    """A form whose text is not valid UTF-8 is refused (400) rather than silently changed; so is a body
    that is not a form (JSON: 415) and a form with a file in it (no page asks for files)."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    if request.mimetype not in FORM_TYPES:
        if request.mimetype or request.content_length:
            abort(415)
        return
    raw = request.get_data(cache=True)  # Werkzeug parses the form from this cached copy afterwards
    if request.mimetype == "multipart/form-data":
        _readable_multipart(raw, request.mimetype_params.get("boundary", ""))
        return
    try:
        parse_qsl(raw.decode("ascii"), keep_blank_values=True, encoding="utf-8", errors="strict")
    except (UnicodeDecodeError, ValueError):
        abort(400)


def _readable_multipart(raw: bytes, boundary: str) -> None:
    """Multipart text fields get the same strict UTF-8 check; a file part is refused."""
    if not boundary:
        abort(400)
    decoder = MultipartDecoder(boundary.encode("latin-1", "replace"), max_form_memory_size=len(raw) + 1)
    decoder.receive_data(raw)
    decoder.receive_data(None)
    value = b""
    try:
        while not isinstance(event := decoder.next_event(), Epilogue | NeedData):
            if isinstance(event, File):
                abort(400)
            if isinstance(event, Data):
                value += event.data
                if not event.more_data:
                    value.decode("utf-8", errors="strict")
                    value = b""
    except (UnicodeDecodeError, ValueError):
        abort(400)


class DatabaseId(IntegerConverter):
    """`<int:…>` in a URL: ASCII digits only, and small enough for every database's integer column
    (PostgreSQL's int4), so a huge id is a plain 404 rather than an overflow in the database."""

    regex = r"[0-9]{1,10}"

    def __init__(self, map, fixed_digits: int = 0, min: int | None = 0, max: int | None = 2**31 - 1,
                 signed: bool = False) -> None:
        super().__init__(map, fixed_digits, min, max, signed)


class RedactSecrets(logging.Filter):
    """Keep capability secrets out of logs (facilitator links in paths, tokens in messages)."""

    pattern = re.compile(r"/f/[A-Za-z0-9_-]{16,}")

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.pattern.search(message):
            record.msg, record.args = self.pattern.sub("/f/<secret>", message), None
        return True


PROXY_FIX = "praatplaat.proxy_fix"
OUTERMOST = "praatplaat.outermost"  # a middleware that stays outside ProxyFix (fastpoll.FastPoll)


def trust_proxies(app: Flask, *, server_applies_forwarded: bool = False) -> None:
    """Apply the X-Forwarded-* headers of PRAATPLAAT_TRUSTED_PROXIES proxies (ProxyFix). When the server
    (waitress under `praatplaat serve`) applies X-Forwarded-For/-Proto/-Host/-Port itself, only -Prefix is
    left to ProxyFix, so that nothing is applied twice."""
    n = app.config["TRUSTED_PROXIES"]
    inner = app.extensions.get(PROXY_FIX, app.wsgi_app)
    app.extensions[PROXY_FIX] = inner
    if not n:
        proxied = inner
    elif server_applies_forwarded:
        proxied = ProxyFix(inner, x_for=0, x_proto=0, x_host=0, x_port=0, x_prefix=n)
    else:
        proxied = ProxyFix(inner, x_for=n, x_proto=n, x_host=n, x_port=n, x_prefix=n)
    outermost = app.extensions.get(OUTERMOST)
    if outermost is not None:  # `praatplaat serve` calls this again: the fast polls stay in front (issue 11)
        outermost.wsgi_app = proxied
        proxied = outermost
    app.wsgi_app = proxied


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = DatabaseId  # before any blueprint adds its routes
    app.extensions[HOSTS] = configured_hosts(app.config)
    app.before_request(known_host)  # first of all: nothing may work for a host we are not
    # Who is asking comes next (cookie only, no form), so even a refusal is in that person's language.
    app.before_request(cookies.load_participant)
    app.url_defaults(cookies.participant_url_defaults)  # a phone in several conversations: links name theirs
    app.before_request(readable_form)  # then: it must read the raw body before anything parses the form
    csrf.init_app(app)
    limiter.init_app(app)
    app.logger.addFilter(RedactSecrets())
    app.before_request(same_origin)
    trust_proxies(app)
    app.after_request(security_headers)
