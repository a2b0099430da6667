"""The SSRF guard on its own: which URLs and addresses may be fetched at all."""

import pytest

from channels.sources import guard
from channels.sources.errors import BlockedAddress, HostNotAllowed, UnsafeURLError
from channels.sources.guard import address_is_public, check_url, host_allowed


@pytest.fixture
def dns(monkeypatch):
    """A fake resolver: tests say what each name resolves to; no real DNS is asked."""
    table = {}
    monkeypatch.setattr(guard, "resolve_host", lambda host, port: table[host])
    return table


def test_a_public_address_passes_and_is_returned_for_pinning(dns):
    dns["www.gov.cn"] = ["1.2.4.8"]
    target = check_url("https://www.gov.cn/zhengce/", allowed_hosts={"gov.cn"})
    assert (target.host, target.port, target.address) == ("www.gov.cn", 443, "1.2.4.8")


def test_subdomains_of_an_allowed_domain_are_allowed_but_lookalikes_are_not():
    assert host_allowed("www.gov.cn", {"gov.cn"})
    assert host_allowed("WWW.GOV.CN.", {"gov.cn"})
    assert not host_allowed("evilgov.cn", {"gov.cn"})
    assert not host_allowed("gov.cn.evil.example", {"gov.cn"})
    assert not host_allowed("1.2.3.4", {"2.3.4"})


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "gopher://www.gov.cn/",
        "ftp://www.gov.cn/a",
        "http://user:pw@www.gov.cn/",
        "http://www.gov.cn@evil.example/",
        "http://www.gov.cn\\@evil.example/",
        "http://www.gov.cn:99999/",
        "http://www.gov.cn/a b",
        "//www.gov.cn/",
    ],
)
def test_odd_schemes_userinfo_and_malformed_urls_are_refused(url, dns):
    with pytest.raises(UnsafeURLError):
        check_url(url, allowed_hosts={"gov.cn", "evil.example"})


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "240.0.0.1",
        "::1",
        "fe80::1",
        "fd00:ec2::254",
        "::ffff:10.0.0.1",
        "64:ff9b::a00:1",
        "2002:a00:1::1",
    ],
)
def test_a_name_resolving_to_an_internal_address_is_refused(address, dns):
    dns["sneaky.gov.cn"] = [address]
    with pytest.raises(BlockedAddress):
        check_url("http://sneaky.gov.cn/", allowed_hosts={"gov.cn"})


def test_one_internal_answer_among_public_ones_is_enough_to_refuse(dns):
    dns["mixed.gov.cn"] = ["1.2.4.8", "10.1.2.3"]
    with pytest.raises(BlockedAddress):
        check_url("http://mixed.gov.cn/", allowed_hosts={"gov.cn"})


def test_metadata_host_names_are_refused_even_if_listed():
    with pytest.raises(HostNotAllowed):
        check_url("http://metadata.google.internal/", allowed_hosts={"metadata.google.internal"})


def test_numeric_tricks_for_loopback_are_resolved_and_refused():
    for url in ("http://2130706433/", "http://127.1/", "http://0x7f.0.0.1/"):
        host = url.split("/")[2]
        with pytest.raises(BlockedAddress):
            check_url(url, allowed_hosts={host})


def test_trusted_hosts_may_be_private_but_never_link_local(dns):
    dns["intranet.example"] = ["192.168.3.4"]
    dns["meta.example"] = ["169.254.169.254"]
    allowed = {"intranet.example", "meta.example"}
    assert check_url("http://intranet.example/", allowed_hosts=allowed, private_ok_hosts=allowed).address
    with pytest.raises(BlockedAddress):
        check_url("http://meta.example/", allowed_hosts=allowed, private_ok_hosts=allowed)


def test_public_address_check():
    assert address_is_public(guard.ipaddress.ip_address("1.2.4.8"))
    assert not address_is_public(guard.ipaddress.ip_address("::ffff:127.0.0.1"))
