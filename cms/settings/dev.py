"""The embedded default that `make run` uses: DEBUG on, SQLite, the on-disk broker."""

from cms.foundation import config

from .base import *  # noqa: F403

DEBUG = config.env_bool("DEBUG", True)
EMAIL_BACKEND = config.env("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = str(VAR_DIR / "mail")  # noqa: F405

# The embedded demo pushes to a partner receiver on this machine (manage.py partner_receiver); production: empty.
PARTNER_WEBHOOK_PRIVATE_HOSTS = ["127.0.0.1"]
