"""The real web process (gunicorn with cms/gunicorn_conf.py, as Procfile and systemd start it) on loopback: no
`Server:` banner, the policy headers on every answer, and under production settings HSTS on https requests from the
proxy and a redirect for plain http."""

from __future__ import annotations

import http.client
import socket
import subprocess
import tempfile
from contextlib import contextmanager

import pytest

from tests import processes
from tests.processes import ROOT, VENV_BIN, child_env, stop, wait_until
from tests.security.production_env import production_env

pytestmark = pytest.mark.django_db(transaction=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(env: dict[str, str]):
    port = free_port()
    command = [str(VENV_BIN / "gunicorn"), "cms.wsgi", "--config", "cms/gunicorn_conf.py"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "2"]
    log = tempfile.NamedTemporaryFile(prefix="gunicorn-", suffix=".log", delete=False)  # noqa: SIM115
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    log.close()
    try:
        wait_until(lambda: _answers(port, process, log.name), timeout=60, message="gunicorn to answer")
        yield port
    finally:
        stop(process)


def _answers(port: int, process: subprocess.Popen, log: str) -> bool:
    if process.poll() is not None:
        with open(log, encoding="utf-8", errors="replace") as output:
            raise AssertionError(f"gunicorn exited: {output.read()[-3000:]}")
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def head(port: int, path: str, **headers: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("HEAD", path, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def test_gunicorn_announces_no_server_and_sends_the_policy_headers():
    with gunicorn(child_env()) as port:
        for path in ("/admin/login/", "/robots.txt", "/no-such-page/"):
            response = head(port, path, Host="localhost")
            assert response.status < 500, (path, response.status)
            assert response.getheader("Server") is None, (path, response.getheader("Server"))
            assert "default-src 'self'" in response.getheader("Content-Security-Policy", ""), path
            assert response.getheader("X-Frame-Options") == "DENY", path
            assert response.getheader("X-Content-Type-Options") == "nosniff", path


def test_production_sends_hsts_over_https_and_redirects_plain_http(tmp_path):
    env = production_env(processes.test_database_url(), VAR_DIR=str(tmp_path))
    with gunicorn(env) as port:
        secure = head(port, "/robots.txt", Host="www.liyang.gov.cn", **{"X-Forwarded-Proto": "https"})
        assert secure.status == 200 and secure.getheader("Server") is None
        assert secure.getheader("Strict-Transport-Security") == "max-age=31536000; includeSubDomains"
        assert secure.getheader("X-Frame-Options") == "DENY"
        assert "frame-ancestors 'none'" in secure.getheader("Content-Security-Policy", "")
        plain = head(port, "/robots.txt", Host="www.liyang.gov.cn")
        assert plain.status == 301 and plain.getheader("Location") == "https://www.liyang.gov.cn/robots.txt"
        assert plain.getheader("Strict-Transport-Security") is None  # only ever sent over https
        probe = head(port, "/healthz", Host="www.liyang.gov.cn")
        assert probe.status in (200, 503), "the monitoring probe over loopback http is not redirected"
