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

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = config.env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "SAMEORIGIN"
