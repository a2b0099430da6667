"""Secrets at rest: a WeChat account's AppSecret, callback token and EncodingAESKey are kept encrypted (Fernet:
AES-128-CBC with HMAC-SHA256) under the keys of ACCOUNT_ENCRYPTION_KEY, so a database dump or backup does not
give away an account.

Several keys, comma-separated, allow rotation: the first encrypts, every one decrypts. Outside production an
unset variable means a key derived from SECRET_KEY, so `make run` needs nothing; production refuses to start
without one (cms/settings/production.py).
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

from cms.foundation import config

VARIABLE = "ACCOUNT_ENCRYPTION_KEY"


class UndecryptableSecret(ValueError):
    """The stored value was encrypted under a key we no longer have (the variable changed without rotation)."""


def _keys() -> list[bytes]:
    configured = list(getattr(settings, VARIABLE, None) or [])
    if not configured:
        derived = hashlib.sha256(f"wechat-account-secrets:{settings.SECRET_KEY}".encode()).digest()
        return [base64.urlsafe_b64encode(derived)]
    keys = []
    for key in configured:
        raw = key.encode("ascii", "replace")
        try:
            Fernet(raw)
        except ValueError:
            raise config.ConfigError(VARIABLE, "each key must be a Fernet key (32 url-safe base64 bytes)") from None
        keys.append(raw)
    return keys


def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in _keys()])


def encrypt(plain: str) -> str:
    """The ciphertext (ASCII) of `plain`; "" stays "" (nothing set)."""
    return _fernet().encrypt(plain.encode("utf-8")).decode("ascii") if plain else ""


def decrypt(stored: str) -> str:
    if not stored:
        return ""
    try:
        return _fernet().decrypt(stored.encode("ascii")).decode("utf-8")
    except InvalidToken:
        raise UndecryptableSecret(f"a stored secret cannot be decrypted with {VARIABLE}") from None


def mask(plain: str) -> str:
    """What the admin shows instead of a secret: that it is set, and its last four characters at most."""
    if not plain:
        return "未设置"
    return f"已设置(••••{plain[-4:]})" if len(plain) >= 12 else "已设置"
