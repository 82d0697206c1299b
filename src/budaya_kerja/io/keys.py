"""The pseudonymisation key: which one a year's files need, and its fingerprint.

Real exports are pseudonymised with the team's secret from the environment (at least
:data:`MIN_KEY_BYTES` bytes; never the public demo key); the shipped synthetic files, and
only they (by their SHA-256, see :mod:`origin`), with the published :data:`DEMO_KEY`. Each
year records the key's fingerprint, HMAC-SHA256(key, a fixed text) (RFC 2104), which names
the key without revealing it: years cleaned with different keys cannot be linked, so their
comparison stops (:func:`check_same_key`).
"""

from __future__ import annotations

import hmac

from budaya_kerja.errors import BudayaKerjaError
from budaya_kerja.messages import message

__all__ = ["DEMO_KEY", "MIN_KEY_BYTES", "check_same_key", "fingerprint", "resolve_key"]

DEMO_KEY = "budaya-kerja: kunci demo publik, hanya untuk data sintetis"
MIN_KEY_BYTES = 32
_FINGERPRINT_TEXT = b"budaya-kerja key fingerprint v1"


def fingerprint(key: bytes) -> str:
    """First 16 hex digits of HMAC-SHA256(key, a fixed text): the same key, the same print."""
    return hmac.digest(key, _FINGERPRINT_TEXT, "sha256").hex()[:16]


def resolve_key(synthetic: bool, secret: str | None, key_env: str) -> bytes:
    """The key for one year: the demo key for shipped synthetic files, else ``secret`` (the
    value of the environment variable ``key_env``), which must be long and not the demo key."""
    if synthetic:
        return DEMO_KEY.encode("utf-8")
    secret = secret or ""
    if not secret:
        raise BudayaKerjaError(message("key.missing", env=key_env, min=MIN_KEY_BYTES))
    key = secret.encode("utf-8")
    if key == DEMO_KEY.encode("utf-8"):
        raise BudayaKerjaError(message("key.demo", env=key_env))
    if len(key) < MIN_KEY_BYTES:
        raise BudayaKerjaError(message("key.short", env=key_env, n=len(key), min=MIN_KEY_BYTES))
    return key


def check_same_key(print0: str | None, print1: str | None, year0: int, year1: int) -> None:
    """Stop a comparison whose two years were pseudonymised with different keys."""
    if print0 and print1 and print0 != print1:
        raise BudayaKerjaError(message("key.differs", y0=year0, y1=year1, p0=print0, p1=print1))
