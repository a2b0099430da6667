"""No credential in the logs: the web server's access log (the real gunicorn, as the Procfile starts it) blanks a
partner's feed token, and a failed WeChat call's stored error blanks the access_token in the URL requests names."""

import http.client
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest
import requests

from channels.wechat.errors import error_for_exception
from tests.processes import ROOT, VENV_BIN, child_env, wait_until

PROCFILE = (ROOT / "Procfile").read_text(encoding="utf-8")
TOKEN = "ppt_" + "s3cr3t" * 7


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port: int, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1", "Referer": f"http://127.0.0.1/x?token={TOKEN}"})
        return connection.getresponse().status
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_the_access_log_keeps_the_request_but_not_the_feed_token():
    assert "--config cms/gunicorn_conf.py" in PROCFILE, "the web process runs with the scrubbing logger"
    log = Path(tempfile.mkdtemp(prefix="access-log-")) / "access.log"
    port = free_port()
    command = [
        str(VENV_BIN / "gunicorn"), "cms.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1",
        "--access-logfile", str(log), "--config", "cms/gunicorn_conf.py",
    ]  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, env=child_env(), stderr=subprocess.DEVNULL)
    try:

        def answered():
            try:
                return get(port, f"/partners/feed.atom?token={TOKEN}")
            except OSError:
                return None

        assert wait_until(answered, timeout=30, message="gunicorn on loopback") == 401
        wait_until(lambda: log.exists() and " 401 " in log.read_text(), timeout=10, message="the access log line")
        text = log.read_text(encoding="utf-8")
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert "GET /partners/feed.atom?token=*** HTTP/1.1" in text and " 401 " in text
    assert TOKEN not in text


def test_a_failed_wechat_call_keeps_no_access_token():
    try:
        requests.get(f"http://127.0.0.1:{free_port()}/cgi-bin/draft/add?access_token=ACCESS-TOKEN-VALUE", timeout=2)
    except requests.RequestException as exc:
        error = error_for_exception(exc, endpoint="draft/add")
    assert "ACCESS-TOKEN-VALUE" not in error.errmsg and "access_token=***" in error.errmsg
