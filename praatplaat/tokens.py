"""Secrets: join codes, capability tokens and their hashes."""

from __future__ import annotations

import hashlib
import secrets

# Crockford's base32: 32 symbols, no I, L, O or U. What people type is read leniently below,
# so a code read aloud ("nul", "een") or typed with a look-alike still works.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 6
_LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def new_join_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: str) -> str | None:
    """Upper-case, drop spaces and dashes, map look-alikes; None when it cannot be a code."""
    code = "".join(raw.split()).replace("-", "").upper().translate(_LOOK_ALIKES)
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        return None
    return code


def new_token() -> str:
    """A capability secret: 192 random bits, URL-safe."""
    return secrets.token_urlsafe(24)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def token_ref(token: str) -> str:
    """A short public name for one secret token (which conversation a phone page means: `?g=<ref>`).

    Derived one way from the token, so it tells nothing about the token or its stored hash; it only
    picks one of the tokens the phone's own cookie already holds."""
    return hashlib.sha256(b"ref:" + token.encode("utf-8", "surrogatepass")).hexdigest()[:10]
