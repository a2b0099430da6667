"""Django's zh_Hans formats with the portal's dates: 2026-12-06 and 2026-12-06 15:30 (Beijing time).

In Django 5 the locale's formats win over DATE_FORMAT and friends in settings, so they are set here.
"""

from django.conf.locale.zh_Hans.formats import *  # type: ignore[import-untyped]  # noqa: F403 - the locale's input formats and separators

DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d H:i"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
