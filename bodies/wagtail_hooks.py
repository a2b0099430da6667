"""The bodies' admin: every hook module of this app is imported here, one concern per module."""

from bodies import (  # noqa: F401 - files and images, users: each body's own
    admin_bodies,  # noqa: F401 - 公开主体 screen
    admin_media,
    admin_users,
)
