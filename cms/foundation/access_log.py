"""gunicorn's access log without credentials: a partner's feed is fetched with ?token=, so the request line, the
query and the referrer are scrubbed (cms.foundation.vault.scrub) before they are written.

Used with `gunicorn --logger-class cms.foundation.access_log.ScrubbingLogger` (Procfile, README's systemd unit).
"""

from __future__ import annotations

from gunicorn.glogging import Logger  # type: ignore[import-untyped]

from cms.foundation.vault import scrub


class ScrubbingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for name in ("r", "q", "f"):
            if isinstance(atoms.get(name), str):
                atoms[name] = scrub(atoms[name])
        return atoms
