"""The office with its work plan released and its events section, press partners with a loopback receiver, and
bells recorded instead of rung; republications come from tests.factories.watcher."""

from __future__ import annotations

import pytest

from interpretation.events.models import EventIndexPage
from interpretation.models import DraftingDepartment, PolicyDocumentPage
from tests.factories.events import events_section
from tests.factories.library import WORK_PLAN_SLUG, work_plan
from tests.factories.site import office as build_the_office
from tests.module_db import built_once_per_module
from tests.partners import conftest as _partners

# Partners and their loopback receiver, as the partner tests set them up.
_loopback_partners, make_partner, receiver = _partners._loopback_partners, _partners.make_partner, _partners.receiver
secret, webhook_partner = _partners.secret, _partners.webhook_partner


def build_office():
    """The office, its work plan released (the first subject of every kind), and the events section."""
    build_the_office(departments=("dangzheng",))
    work_plan()
    events_section()


_office_for_module = built_once_per_module(build_office)


@pytest.fixture
def office(_office_for_module, db):
    return {
        "index": EventIndexPage.objects.get(),
        "policy": PolicyDocumentPage.objects.get(slug=WORK_PLAN_SLUG),
        "departments": {department.code: department for department in DraftingDepartment.objects.all()},
    }


@pytest.fixture
def rings(monkeypatch):
    """Bells are recorded here instead of reaching the broker (no worker is listening)."""
    rung: list[int] = []
    monkeypatch.setattr("channels.bells._send", lambda delivery_id, countdown: rung.append(delivery_id) or True)
    return rung


@pytest.fixture
def mail_partner(make_partner):
    return make_partner("市日报社", email_enabled=True, email="zhengwu@ribao.example.cn")
