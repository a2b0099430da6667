"""The fetch deadline cuts a dripping HTTPS upstream too (the watchdog shuts the socket under TLS)."""

import time

import pytest

from channels.sources.errors import FetchTimeout
from channels.sources.fetch import fetch
from tests.sources.drip import add_drip_routes
from tests.sources.upstream_server import UpstreamServer, self_signed_certificate, serve_tls


@pytest.fixture(scope="module")
def tls_drip(tmp_path_factory):
    cert_file, key_file = self_signed_certificate(tmp_path_factory.mktemp("tls-drip"), "drip.test")
    server = serve_tls(UpstreamServer(), cert_file, key_file)
    add_drip_routes(server)
    server.start()
    server.cert_file = str(cert_file)
    yield server
    server.stop()


@pytest.mark.timeout(20)
def test_an_https_body_dripping_is_cut_at_the_deadline(tls_drip, monkeypatch):
    monkeypatch.setattr("channels.sources.guard.resolve_host", lambda host, port: ["127.0.0.1"])
    started = time.monotonic()
    with pytest.raises(FetchTimeout) as caught:
        fetch(
            f"https://drip.test:{tls_drip.port}/drip",
            allowed_hosts={"drip.test"},
            allow_private=True,
            verify=tls_drip.cert_file,
            timeout=(5, 15),
            total_timeout=3.0,
        )
    assert time.monotonic() - started < 4.0
    assert "总时限" in caught.value.user_message
