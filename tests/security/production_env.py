"""The production variables the README lists (生产环境配置), with throwaway secrets, for child processes."""

from __future__ import annotations

import os
import secrets

from cryptography.fernet import Fernet

#: Variables of the host environment a production child must not inherit (each changes what it checks; the browser
#: tests set DJANGO_ALLOW_ASYNC_UNSAFE in the test process, which production's checks rightly refuse).
_INHERITED_OUT = (
    "DEBUG",
    "SECURE_",
    "PROXY_REDIRECTS_HTTPS",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SITE_URL",
    "ACCOUNT_",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def production_env(database_url: str, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(_INHERITED_OUT)}
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="www.liyang.gov.cn",
        SITE_URL="https://www.liyang.gov.cn",
        ACCOUNT_ENCRYPTION_KEY=Fernet.generate_key().decode(),
        DATABASE_URL=database_url,
    )
    env.update(extra)
    return env
