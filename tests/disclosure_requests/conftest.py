"""Applications in the states a handler knows, for the town (历阳镇) unless told otherwise."""

import datetime as dt

import pytest

from interpretation.disclosure_requests import lifecycle
from interpretation.disclosure_requests.choices import Channel
from tests.factories import site

APPLICANT = {
    "applicant_kind": "citizen",
    "applicant_name": "刘洋",
    "id_type": "resident_id",
    "id_number": "341523199001011234",
    "phone": "13905551234",
    "email": "liuyang@example.com",
    "address": "和县历阳镇和州路1号",
    "title": "2025年历阳镇农村道路建设项目资金使用情况",
    "document_number": "",
    "description": "",
    "purpose": "",
    "information_form": "electronic",
    "delivery_method": "email",
}


def make_request(received_on: dt.date | None = dt.date(2026, 9, 21), *, body=None, channel=None, **fields):
    body = body or site.body("liyang")
    request, _code = lifecycle.create(
        body,
        fields={**APPLICANT, **fields},
        channel=channel or (Channel.IN_PERSON if received_on else Channel.PORTAL),
        received_on=received_on,
    )
    return request


@pytest.fixture
def town():
    return site.body("liyang")


@pytest.fixture
def request_office(town):
    from interpretation.disclosure_requests.models import RequestOffice
    from tests.factories.site import GroupFactory

    handlers = GroupFactory(name="依申请公开办理")
    office, _ = RequestOffice.objects.get_or_create(
        disclosing_body=town,
        defaults={"name": "历阳镇党政办公室", "handlers": handlers, "head_name": "张明", "phone": "0555-5312001"},
    )
    return office
