"""HTTPS sources: we connect to the checked address yet verify the certificate by host name."""

import pytest

from channels.sources.errors import CertificateError
from channels.sources.fetch import FetchStatus, fetch
from tests.sources.upstream_server import UpstreamServer, self_signed_certificate, serve_tls


@pytest.fixture(scope="module")
def tls_upstream(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tls")
    cert_file, key_file = self_signed_certificate(folder, "upstream.test")
    server = serve_tls(UpstreamServer(), cert_file, key_file).start()
    server.cert_file = str(cert_file)
    yield server
    server.stop()


@pytest.fixture
def resolves_to_loopback(monkeypatch):
    monkeypatch.setattr("channels.sources.guard.resolve_host", lambda host, port: ["127.0.0.1"])


def test_an_https_source_is_verified_against_its_host_name_while_pinned_to_the_checked_address(
    tls_upstream, resolves_to_loopback
):
    result = fetch(
        f"https://upstream.test:{tls_upstream.port}/feed.xml",
        allowed_hosts={"upstream.test"},
        allow_private=True,
        verify=tls_upstream.cert_file,
        timeout=(2, 2),
    )
    assert result.status is FetchStatus.OK and b"<rss" in result.content
    assert tls_upstream.requests[-1][1]["host"] == f"upstream.test:{tls_upstream.port}"


def test_a_certificate_for_another_name_is_rejected(tls_upstream, resolves_to_loopback):
    with pytest.raises(CertificateError, match="doesn't match 'upstream.test'"):
        fetch(
            f"https://other.test:{tls_upstream.port}/feed.xml",
            allowed_hosts={"other.test"},
            allow_private=True,
            verify=tls_upstream.cert_file,
            timeout=(2, 2),
        )


def test_an_untrusted_certificate_is_rejected(tls_upstream, resolves_to_loopback):
    with pytest.raises(CertificateError, match="CERTIFICATE_VERIFY_FAILED") as caught:
        fetch(
            f"https://upstream.test:{tls_upstream.port}/feed.xml",
            allowed_hosts={"upstream.test"},
            allow_private=True,
            timeout=(2, 2),
        )
    assert "证书" in caught.value.user_message
