"""Production: every secret and address from the environment; refuses to start half-configured."""

from cms.foundation import config

from .base import *  # noqa: F403
from .base import SECRET_KEY

if config.env("SECRET_KEY") is None or SECRET_KEY.startswith("insecure-"):
    raise config.ConfigError("SECRET_KEY", "must be set to a long random value in production")
if len(SECRET_KEY) < 32:
    raise config.ConfigError("SECRET_KEY", "is too short; use at least 32 random characters")
if config.env_bool("DEBUG", False):
    raise config.ConfigError("DEBUG", "must be off in production; unset it or set DEBUG=false")
DEBUG = False
if config.env("ALLOWED_HOSTS") is None:
    raise config.ConfigError("ALLOWED_HOSTS", "must list the public host names, comma-separated")
if config.env("SITE_URL") is None:
    raise config.ConfigError("SITE_URL", "must be the public base URL, such as https://www.example.gov.cn")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = config.env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "SAMEORIGIN"
