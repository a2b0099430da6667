"""Released policies built the way the office releases them (factories), partners, and a partner receiver on
loopback. The office is built once per module; a transactional test (a real worker) releases with
`release_committed_policy`, which builds the office in the test itself."""

from __future__ import annotations

import pytest

from channels.adapters.base import Checkpoints
from channels.simulators.partner import PartnerReceiver, generate_secret
from tests.factories.partners import make_partner as new_partner
from tests.factories.partners import partner_release
from tests.factories.site import office as build_the_office
from tests.interpretation import conftest as _office
from tests.module_db import built_once_per_module

# Partners receive 经济发展办公室's policies: the office with that department, built once per module.
user, login, office_pages = _office.user, _office.login, _office.office_pages


def build_office():
    return build_the_office(departments=("jingji",))


_office_for_module = built_once_per_module(build_office)


@pytest.fixture
def office(_office_for_module, db):
    return office_pages()


@pytest.fixture(autouse=True)
def _loopback_partners(settings):
    """Tests push to the receiver on 127.0.0.1; production trusts no private host."""
    settings.PARTNER_WEBHOOK_PRIVATE_HOSTS = ["127.0.0.1"]
    settings.PARTNER_WEBHOOK_TIMEOUT = (1.0, 1.0)
    settings.DEFAULT_FROM_EMAIL = "政务公开办 <gongkai@liyang.example.cn>"


@pytest.fixture
def release_policy(office):
    """release_policy(title=..., document_type=..., topic="yingshang-huanjing", disclosure=..., attachment=True):
    a 经济发展办公室 policy with its text and Q&A released; returns the release."""
    return partner_release


@pytest.fixture
def release_committed_policy(transactional_db):
    """release_policy() for a transactional test: the office is built (and committed) first."""

    def release(*args, **kwargs):
        build_office()
        return partner_release(*args, **kwargs)

    return release


@pytest.fixture
def make_partner(db):
    """make_partner(name="县融媒体中心", webhook_enabled=..., topics=[codes], ...)."""
    return new_partner


@pytest.fixture
def secret():
    return generate_secret()


@pytest.fixture
def receiver(secret):
    with PartnerReceiver(secret, retry_after=120, hang_seconds=3.0) as partner_receiver:
        yield partner_receiver


@pytest.fixture
def webhook_partner(make_partner, receiver, secret):
    return make_partner(webhook_enabled=True, webhook_url=receiver.url, webhook_secret=secret)


class Saved:
    """Checkpoints as the ledger keeps them: every record() is saved at once."""

    def __init__(self):
        self.data: dict = {}
        self.saves = 0

    def __call__(self, data):
        self.data = data
        self.saves += 1

    def checkpoints(self) -> Checkpoints:
        return Checkpoints(self.data, self)


@pytest.fixture
def saved():
    return Saved()
