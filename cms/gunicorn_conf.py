"""Gunicorn's configuration for the web process (Procfile, README's systemd unit: `gunicorn -c cms/gunicorn_conf.py`).

Gunicorn names itself in a `Server:` header on every response and has no setting to stop it; 等保 2.0 asks that a
server not announce its software. This file runs in the master before the workers fork, so dropping the line from
the response's default headers here holds for every worker. The access log goes through a logger that blanks
credentials in query strings (a partner's pull token). Command-line options still apply as given."""

from gunicorn.http import wsgi  # type: ignore[import-untyped]

_default_headers = wsgi.Response.default_headers


def _without_server(self) -> list[str]:
    return [line for line in _default_headers(self) if not line.startswith("Server:")]


wsgi.Response.default_headers = _without_server

logger_class = "cms.foundation.access_log.ScrubbingLogger"
