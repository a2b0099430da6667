"""Signal receivers of the security app: importing each module connects its receivers."""

from security.audit import receivers as audit_receivers

from . import passwords, sessions  # noqa: F401

audit_receivers.connect()
