"""The portal: a citizen applies, keeps a query code, and looks the status up; bad input is refused in Chinese."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from interpretation.disclosure_requests.choices import Status
from interpretation.disclosure_requests.models import InformationRequest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counts():
    """The submission counts live in the shared cache: each test starts from none."""
    cache.clear()


GOOD = {
    "applicant_kind": "citizen",
    "applicant_name": "刘洋",
    "id_type": "resident_id",
    "id_number": "11010519491231002X",
    "phone": "13905551234",
    "email": "liuyang@example.com",
    "address": "和县历阳镇和州路1号",
    "postcode": "238200",
    "title": "2025年历阳镇农村道路建设项目资金使用情况",
    "document_number": "",
    "description": "包括项目名称、金额和施工单位。",
    "purpose": "",
    "information_form": "electronic",
    "delivery_method": "email",
    "truthful": "on",
    "homepage": "",
}


def apply_url(office):
    return reverse("disclosure_requests:apply", args=(office.disclosing_body.slug,))


def test_a_citizen_applies_gets_a_code_once_and_looks_up_the_status(client, request_office):
    response = client.post(apply_url(request_office), GOOD)
    html = response.content.decode()
    assert response.status_code == 200 and "申请已提交" in html
    code = re.search(r'class="dr-code">([A-Z0-9]{12})<', html).group(1)
    assert "no-store" in response["Cache-Control"]
    application = InformationRequest.objects.get()
    assert application.status == Status.SUBMITTED and application.received_on is None
    assert application.channel == "portal" and code not in application.code_digest

    found = client.post(reverse("disclosure_requests:status"), {"code": code.lower()})
    page = found.content.decode()
    assert "待确认收到" in page and application.number in page and "2025年历阳镇农村道路" in page
    assert "11010519491231002X" not in page and "13905551234" not in page and "刘洋" not in page


def test_a_wrong_code_finds_nothing(client, request_office):
    client.post(apply_url(request_office), GOOD)
    response = client.post(reverse("disclosure_requests:status"), {"code": "ABCDEFGHJKMN"})
    assert "没有找到该查询码对应的申请" in response.content.decode()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"applicant_name": ""}, "请填写申请人姓名或名称。"),
        ({"id_number": "110105194912310021"}, "居民身份证号码有误"),
        ({"title": "   "}, "请填写所需政府信息的名称。"),
        ({"email": "", "delivery_method": "email"}, "选择电子邮件获取的,请填写电子邮箱。"),
        ({"phone": "12345"}, "请填写有效的手机号码或固定电话"),
        ({"truthful": ""}, "请确认所填信息真实有效。"),
        ({"applicant_kind": "organization", "id_type": "resident_id"}, "法人或者其他组织请选择“统一社会信用代码”。"),
        ({"postcode": "2382"}, "邮政编码为6位数字。"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_nothing_typed_is_lost(client, request_office, change, message):
    data = {**GOOD, **change}
    response = client.post(apply_url(request_office), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html and "您填写的内容已保留" in html
    assert InformationRequest.objects.count() == 0
    for field in ("description", "address", "title"):
        if data[field].strip():
            assert data[field] in html
    assert 'value="13905551234"' in html or data["phone"] != GOOD["phone"]


def test_a_robot_filling_the_hidden_field_is_not_recorded(client, request_office):
    response = client.post(apply_url(request_office), {**GOOD, "homepage": "http://spam.example"})
    assert response.status_code == 400 and InformationRequest.objects.count() == 0


def test_bodies_without_an_office_take_no_applications(client, request_office):
    from tests.factories import site

    other = site.body("wujiang")
    assert client.get(reverse("disclosure_requests:apply", args=(other.slug,))).status_code == 404
    index = client.get(reverse("disclosure_requests:index")).content.decode()
    assert "向历阳镇人民政府提出申请" in index and "乌江镇" not in index


def test_too_many_applications_from_one_address_are_held_back_keeping_what_was_typed(client, request_office):
    for _ in range(10):
        assert client.post(apply_url(request_office), GOOD).status_code == 200
    held = client.post(apply_url(request_office), GOOD)
    assert held.status_code == 429 and "提交过于频繁" in held.content.decode()
    assert GOOD["description"] in held.content.decode()
    assert InformationRequest.objects.count() == 10
