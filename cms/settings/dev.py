"""The embedded default that `make run` uses: DEBUG on, SQLite, the on-disk broker."""

from cms import config

from .base import *  # noqa: F403

DEBUG = config.env_bool("DEBUG", True)
EMAIL_BACKEND = config.env("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = str(VAR_DIR / "mail")  # noqa: F405
