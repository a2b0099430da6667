"""Secrets at rest: every credential the database keeps (a WeChat account's AppSecret, callback token and
EncodingAESKey; a press partner's webhook signing secret) is encrypted with Fernet (AES-128-CBC with HMAC-SHA256)
under the keys of ACCOUNT_ENCRYPTION_KEY, so a database dump or backup gives none of them away. Credentials that
only need checking (a partner's pull token) are not kept at all: `digest` keeps their SHA-256.

Several keys, comma-separated, allow rotation: the first encrypts, every one decrypts, and
`manage.py rotate_secrets` re-encrypts every stored value under the first so the old key can be dropped. Outside
production an unset variable means a key derived from SECRET_KEY, so `make run` needs nothing; production refuses
to start without one (cms/settings/production.py). The name stays ACCOUNT_ENCRYPTION_KEY (it began with the
WeChat accounts) so existing deployments keep their key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

from cms.foundation import config

VARIABLE = "ACCOUNT_ENCRYPTION_KEY"


class UndecryptableSecret(ValueError):
    """The stored value was encrypted under a key we no longer have (the variable changed without rotation)."""


def _keys() -> list[bytes]:
    configured = list(getattr(settings, VARIABLE, None) or [])
    if not configured:
        # The salt names the WeChat accounts for history: values stored before the move still decrypt.
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


def reencrypt(stored: str) -> str:
    """`stored` encrypted again under the first key (same plaintext); UndecryptableSecret when no key opens it."""
    if not stored:
        return ""
    try:
        return _fernet().rotate(stored.encode("ascii")).decode("ascii")
    except InvalidToken:
        raise UndecryptableSecret(f"a stored secret cannot be decrypted with {VARIABLE}") from None


def under_first_key(stored: str) -> bool:
    """Whether `stored` already opens with the first key (nothing for rotate_secrets to do)."""
    if not stored:
        return True
    try:
        Fernet(_keys()[0]).decrypt(stored.encode("ascii"))
    except InvalidToken:
        return False
    return True


def digest(token: str) -> str:
    """What is kept of a bearer token: its SHA-256 (hex). Tokens are 256 random bits, so no salt or stretching."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _lookup_digest(key: bytes, value: str, purpose: str) -> str:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=f"lookup:{purpose}".encode()).derive(key)
    return hmac.new(derived, value.encode("utf-8"), hashlib.sha256).hexdigest()


def keyed_digest(value: str, purpose: str) -> str:
    """What is kept to find rows by a value stored encrypted (an applicant's id number): HMAC-SHA256 (hex) under a
    key derived (HKDF, per purpose) from the first key. A plain hash of a low-entropy value would be guessable."""
    return _lookup_digest(_keys()[0], value, purpose) if value else ""


def keyed_digests(value: str, purpose: str) -> list[str]:
    """`value`'s keyed digest under every key, for lookups: rows not yet rotated (rotate_secrets) still match."""
    return [_lookup_digest(key, value, purpose) for key in _keys()] if value else []


SECRET_PARAMETERS = re.compile(
    r"(?<![\w])((?:access_token|token|secret|appsecret|password|encodingaeskey)=)[^&\s\"'<>]+", re.IGNORECASE
)


def scrub(text: str) -> str:
    """`text` (a URL, a request line, an exception message) with credential query parameters blanked out, for
    logs and stored error details: the partner feed's ?token=, WeChat's ?access_token=."""
    return SECRET_PARAMETERS.sub(r"\1***", text) if text else text


def mask(plain: str) -> str:
    """What the admin shows instead of a secret: that it is set, and its last four characters at most."""
    if not plain:
        return "未设置"
    return f"已设置(••••{plain[-4:]})" if len(plain) >= 12 else "已设置"
