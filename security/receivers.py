"""Signal receivers of the security app: each module below connects its own."""
