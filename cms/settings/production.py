"""Production: every secret and address from the environment; refuses to start half-configured."""

import base64

from cms.foundation import config

from .base import *  # noqa: F403
from .base import ACCOUNT_ENCRYPTION_KEY, SECRET_KEY

if config.env("SECRET_KEY") is None or SECRET_KEY.startswith("insecure-"):
    raise config.ConfigError("SECRET_KEY", "must be set to a long random value in production")
if len(SECRET_KEY) < 32:
    raise config.ConfigError("SECRET_KEY", "is too short; use at least 32 random characters")
if config.env_bool("DEBUG", False):
    raise config.ConfigError("DEBUG", "must be off in production; unset it or set DEBUG=false")
DEBUG = False
if config.env("ALLOWED_HOSTS") is None:
    raise config.ConfigError("ALLOWED_HOSTS", "must list the public host names, comma-separated")
if not ACCOUNT_ENCRYPTION_KEY:
    raise config.ConfigError(
        "ACCOUNT_ENCRYPTION_KEY",
        "must be set in production to encrypt the WeChat accounts' secrets; generate one with "
        '`python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`',
    )
for _key in ACCOUNT_ENCRYPTION_KEY:
    try:
        if len(base64.urlsafe_b64decode(_key.encode("ascii"))) != 32:
            raise ValueError
    except (ValueError, UnicodeEncodeError):
        raise config.ConfigError(
            "ACCOUNT_ENCRYPTION_KEY", "each key must be 32 url-safe base64-encoded bytes (a Fernet key)"
        ) from None
if config.env("SITE_URL") is None:
    raise config.ConfigError("SITE_URL", "must be the public base URL, such as https://www.example.gov.cn")

# --- HTTPS (issue 15; the headers every mode sends are in security.py) -------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = config.env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True  # the admin reads its token from the page, never from the cookie
SECURE_HSTS_SECONDS = config.env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = config.env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Preloading is a promise to browsers' built-in lists that is slow to take back: the operator's own decision.
SECURE_HSTS_PRELOAD = config.env_bool("SECURE_HSTS_PRELOAD", False)
# Who sends http:// readers to https://: Django (default), or the reverse proxy (PROXY_REDIRECTS_HTTPS=true), in
# which case Django need not and `check --deploy` is told so; SECURE_SSL_REDIRECT=false alone still warns.
PROXY_REDIRECTS_HTTPS = config.env_bool("PROXY_REDIRECTS_HTTPS", False)
SECURE_SSL_REDIRECT = config.env_bool("SECURE_SSL_REDIRECT", not PROXY_REDIRECTS_HTTPS)
# The monitoring probe asks the web process directly over loopback http (README: /healthz).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SILENCED_SYSTEM_CHECKS = [
    *SILENCED_SYSTEM_CHECKS,  # noqa: F405
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
    *(["security.W008"] if PROXY_REDIRECTS_HTTPS else []),
]
