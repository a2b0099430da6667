"""The embedded default that `make run` (DEBUG off, as the public sees it) and `make dev` (DEBUG on) use: SQLite,
the on-disk broker. Run by hand (manage.py), DEBUG is on unless DEBUG=false."""

from urllib.parse import urlsplit

from cms.foundation import config

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, SITE_URL

DEBUG = config.env_bool("DEBUG", True)
EMAIL_BACKEND = config.env("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = str(VAR_DIR / "mail")  # noqa: F405
# The host the demo's links point at (SITE_URL, e.g. make run PORT=… on a LAN address) answers too.
if config.env("ALLOWED_HOSTS") is None and urlsplit(SITE_URL).hostname not in ALLOWED_HOSTS:
    ALLOWED_HOSTS = [*ALLOWED_HOSTS, urlsplit(SITE_URL).hostname or "127.0.0.1"]

# The embedded demo pushes to a partner receiver on this machine (manage.py partner_receiver); production: empty.
PARTNER_WEBHOOK_PRIVATE_HOSTS = ["127.0.0.1"]
