"""The bodies' admin: every hook module of this app is imported here, one concern per module."""

from bodies import admin_bodies  # noqa: F401 - 公开主体 screen
