"""The limit on guessing join codes, that a school hall behind one Wi-Fi address survives.

Only wrong codes (404) count, per client address, in a moving window (JOIN_FAILURES_LIMIT, default
"60 per 5 minutes"), kept in the limiter's storage (memory://, or redis:// shared by processes).

A code this address has already seen work (it started that conversation there, or looked the code up
successfully while under the limit, or this phone joined with it) always passes, even when the address
is over its limit: a hall of parents keeps joining while a guesser among them is stopped.
Any other code from an address over its limit gets 429, right or wrong. If an unseen right code still
joined, the difference between 429 and 200 would tell a guesser which code is right, at any speed,
and the limit would stop nothing.

A closed or expired code (410) is not counted: it is a real code, not a guess in the random code space,
and latecomers scanning the QR code after joining closed should not use up the hall's tries.
"""

from __future__ import annotations

import math
import time
from typing import NoReturn

from flask import current_app, g
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, parse
from limits.storage import MovingWindowSupport
from limits.strategies import MovingWindowRateLimiter, RateLimiter
from werkzeug.exceptions import TooManyRequests

from . import operations
from .models import Conversation
from .operations import Refused
from .security import limiter
from .tokens import normalise_code


def _window() -> RateLimiter:
    """A moving window where the storage can (memory, redis): never two full windows back to back."""
    storage = limiter.storage
    if isinstance(storage, MovingWindowSupport):
        return MovingWindowRateLimiter(storage)
    return limiter.limiter  # e.g. memcached: the configured strategy


def _keys(*parts: str) -> tuple[str, ...]:
    prefix = current_app.config.get("RATELIMIT_KEY_PREFIX") or ""
    return (prefix, *parts) if prefix else parts


def _known_key(code: str) -> str:
    return "/".join(_keys("join-known", get_remote_address(), code))


def remember_code(code: str) -> None:
    """This client address has seen this join code work."""
    key = _known_key(code)
    if not limiter.storage.get(key):
        limiter.storage.incr(key, int(current_app.config["JOIN_HOURS"]) * 3600)


def _known_here(code: str) -> bool:
    if limiter.storage.get(_known_key(code)):
        return True
    participant = g.get("participant")  # this phone joined with this code before
    return participant is not None and participant.conversation.join_code == code


def conversation_for_code(raw_code: str) -> Conversation:
    """operations.conversation_for_code inside the limit: Refused 404 or 410 as it raises them,
    or 429 (TooManyRequests, with the seconds to wait)."""
    code = normalise_code(raw_code) or ""
    window = _window()
    limit = parse(current_app.config["JOIN_FAILURES_LIMIT"])
    who = _keys("join-failures", get_remote_address())
    known = bool(code) and _known_here(code)
    if not known and not window.test(limit, *who):
        _too_many(window, limit, who)
    try:
        conversation = operations.conversation_for_code(raw_code)
    except Refused as refused:
        if refused.status == 404 and not window.hit(limit, *who):
            _too_many(window, limit, who)
        if refused.status == 410 and not known:
            remember_code(code)  # a real code: from now on this address is told it is closed
        raise
    if not known:
        remember_code(code)
    return conversation


def _too_many(window: RateLimiter, limit: RateLimitItem, who: tuple[str, ...]) -> NoReturn:
    reset = window.get_window_stats(limit, *who).reset_time
    raise TooManyRequests(retry_after=max(1, math.ceil(reset - time.time())))
