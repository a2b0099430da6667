"""The bodies' admin: every hook module of this app is imported here, one concern per module."""
