"""The browser's cookies that say who it is, without an account.

- `pp_p`, the participant cookie: one random token per conversation this phone is in, newest first, joined
  by dots (a phone in one conversation carries exactly one token, as before). The database keeps only each
  token's hash. A phone page names its conversation with `?g=<ref>` (`tokens.token_ref`) once the phone is
  in more than one; without it, the newest conversation that still exists is meant.
- `pp_f`, the facilitator cookie: the secret facilitator tokens of the conversations started in this
  browser, newest first, signed with the app's secret (a changed cookie counts as none), for "Mijn gesprekken".

Both are HttpOnly, SameSite=Lax, Secure over HTTPS, and kept as long as a conversation may be kept.
"""

from __future__ import annotations

import re

from flask import Response, current_app, g, request
from itsdangerous import BadSignature, URLSafeSerializer

from . import operations
from .tokens import token_ref

PARTICIPANT_COOKIE = "pp_p"
FACILITATOR_COOKIE = "pp_f"
MAX_PHONE_CONVERSATIONS = 20  # the oldest drops off the list when a 21st is joined
MAX_LEAD_CONVERSATIONS = 40
REF_ARG = "g"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


def participant_tokens(value: str | None) -> list[str]:
    """The tokens a participant cookie holds; anything that is not a token is left out."""
    tokens = [part for part in (value or "").split(".")[:MAX_PHONE_CONVERSATIONS] if _TOKEN.fullmatch(part)]
    return list(dict.fromkeys(tokens))


def chosen_token(tokens: list[str], ref: str | None) -> str | None:
    """The token a phone page means: the one `ref` names; None when the cookie holds no such token."""
    return next((t for t in tokens if token_ref(t) == ref), None)


def load_participant() -> None:
    """Who is this phone, in the conversation this page is about? (Only the tokens' hashes are looked up.)"""
    if "participant_tokens" in g:  # already known (participant_in ran first, for a facilitator page)
        return
    tokens = participant_tokens(request.cookies.get(PARTICIPANT_COOKIE))
    ref = request.args.get(REF_ARG)
    if ref is not None:
        token = chosen_token(tokens, ref)
        participant = operations.participant_for_token(token)
    elif len(tokens) <= 1:
        token = tokens[0] if tokens else None
        participant = operations.participant_for_token(token)
    else:  # several and none named: the newest that still exists
        token, participant = next(iter(operations.participants_for_tokens(tokens).items()), (None, None))
    g.participant_tokens, g.participant = tokens, participant
    g.participant_token = token if participant is not None else None


def participant_in(conversation_id: int) -> None:
    """On a page of one conversation (the facilitator's): this phone's participant there, if it is one."""
    load_participant()
    if g.participant is not None and g.participant.conversation_id == conversation_id:
        return
    if len(g.participant_tokens) > 1:
        found = operations.participants_for_tokens(g.participant_tokens)
        token = next((t for t, p in found.items() if p.conversation_id == conversation_id), None)
        if token is not None:
            g.participant, g.participant_token = found[token], token


def participant_url_defaults(endpoint: str, values: dict) -> None:
    """A phone in more than one conversation: every link and form to a phone page names its conversation."""
    if endpoint == "participant.join" or not (endpoint.startswith("participant.")
                                               or endpoint == "pages.change_language"):
        return  # a join link (and its QR code) is the same for everyone
    token = g.get("participant_token")
    if token and len(g.get("participant_tokens", ())) > 1:
        values.setdefault(REF_ARG, token_ref(token))


def _set(response: Response, name: str, value: str) -> None:
    days = current_app.config["RETENTION_DAYS"]
    response.set_cookie(name, value, max_age=days * 86400, httponly=True, samesite="Lax",
                        secure=bool(current_app.config["HTTPS"]))


def _delete(response: Response, name: str) -> None:
    response.delete_cookie(name, httponly=True, samesite="Lax", secure=bool(current_app.config["HTTPS"]))


def write_participant_tokens(response: Response, tokens: list[str]) -> None:
    tokens = list(dict.fromkeys(tokens))[:MAX_PHONE_CONVERSATIONS]
    if tokens:
        _set(response, PARTICIPANT_COOKIE, ".".join(tokens))
    else:
        _delete(response, PARTICIPANT_COOKIE)


def remember_participant(response: Response, token: str, keep: list[str] | None = None) -> None:
    """Add a conversation to this phone (newest first); `keep` are the tokens still worth keeping."""
    older = g.get("participant_tokens", []) if keep is None else keep
    write_participant_tokens(response, [token, *older])


def forget_participant(response: Response, token: str | None = None) -> None:
    """Take one conversation off this phone (all of them when no token is given)."""
    rest = [t for t in g.get("participant_tokens", []) if token is not None and t != token]
    write_participant_tokens(response, rest)


# --- The facilitator cookie: conversations started in this browser -------------------------------------------

def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="praatplaat.facilitator-list")


def facilitator_tokens() -> list[str]:
    """The facilitator tokens this browser keeps; a cookie that was changed or is not ours counts as none."""
    raw = request.cookies.get(FACILITATOR_COOKIE)
    if not raw or len(raw) > 4000:
        return []
    try:
        tokens = _signer().loads(raw)
    except BadSignature:
        return []
    if not isinstance(tokens, list):
        return []
    return [t for t in tokens if isinstance(t, str) and _TOKEN.fullmatch(t)][:MAX_LEAD_CONVERSATIONS]


def write_facilitator_tokens(response: Response, tokens: list[str]) -> None:
    tokens = list(dict.fromkeys(tokens))[:MAX_LEAD_CONVERSATIONS]
    if tokens:
        _set(response, FACILITATOR_COOKIE, _signer().dumps(tokens))
    else:
        _delete(response, FACILITATOR_COOKIE)


def remember_facilitator(response: Response, token: str) -> None:
    write_facilitator_tokens(response, [token, *facilitator_tokens()])
