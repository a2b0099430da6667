"""Signal receivers of the security app: importing each module connects its receivers."""

from . import passwords, sessions  # noqa: F401
