"""The client's address is read through trusted proxies only (cms.foundation.client)."""

import pytest
from django.test import RequestFactory

from cms.foundation.client import client_address


@pytest.fixture
def proxies(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "::1"]
    return settings


def address(**meta) -> str:
    return client_address(RequestFactory().get("/", **meta))


def test_without_trusted_proxies_the_peer_is_the_client(settings):
    settings.TRUSTED_PROXIES = []
    assert address(REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="192.0.2.1") == "203.0.113.5"


def test_a_trusted_proxy_passes_the_client_on(proxies):
    assert address(REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR="198.51.100.7") == "198.51.100.7"


def test_an_address_the_client_wrote_itself_is_not_believed(proxies):
    forged = "192.0.2.66, 198.51.100.7"  # the client sent the first; our proxy appended the real one
    assert address(REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR=forged) == "198.51.100.7"


def test_a_chain_of_trusted_proxies_is_walked_back(proxies):
    assert address(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7, 10.0.0.9") == "198.51.100.7"


def test_garbage_in_the_header_is_not_an_address(proxies):
    assert address(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="<script>") == "unknown"


def test_ipv6_and_ports(proxies):
    assert address(REMOTE_ADDR="::1", HTTP_X_FORWARDED_FOR="[2001:db8::7]:443") == "2001:db8::7"
    assert address(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7:5123") == "198.51.100.7"
