"""The demo's applications to 历阳镇 in every state, loaded twice unchanged; its 2026 annual report's tables.

The demo is loaded once for the module (tests.module_db); each test runs in a savepoint on top of it.
"""

import datetime as dt

import pytest
from django.core.management import call_command

from interpretation.disclosure_requests import clock, queries
from interpretation.disclosure_requests.choices import ReplyType, Status
from interpretation.disclosure_requests.models import CatalogueEdition, InformationRequest
from tests.module_db import built_once_per_module

pytestmark = pytest.mark.django_db

_demo_for_module = built_once_per_module(lambda: call_command("load_demo", verbosity=0))


@pytest.fixture
def demo(_demo_for_module, db):
    return None


def snapshot():
    return list(InformationRequest.objects.order_by("pk").values_list("pk", "number", "status", "received_on"))


def test_demo_has_applications_in_every_state_and_loads_twice_unchanged(demo):
    first = snapshot()
    call_command("load_demo", verbosity=0)
    assert snapshot() == first
    applications = InformationRequest.objects.filter(disclosing_body__name="历阳镇人民政府")
    assert applications.count() >= 12
    assert set(applications.values_list("status", flat=True)) == set(Status.values)
    assert set(applications.exclude(reply=None).values_list("reply__reply_type", flat=True)) == set(ReplyType.values)
    states = {clock.compute(a).state for a in applications}
    assert {"not_started", "running", "paused_amendment", "paused_consultation", "stopped"} <= states
    overdue, soon = queries.needing_attention(applications)
    assert overdue and soon
    assert queries.proactive_candidates(applications) == [("历政〔2025〕18号", 2)]
    first_quarter = CatalogueEdition.objects.get(disclosing_body__name="历阳镇人民政府", key="2026-q1")
    assert [entry["title"] for entry in first_quarter.released] == ["2025年历阳镇农村道路建设项目资金拨付明细"]


def test_the_2026_applications_table_fills_from_the_demo_and_balances(client, demo):
    from django.urls import reverse

    from interpretation.disclosure_requests import annual_report

    town = InformationRequest.objects.filter(disclosing_body__name="历阳镇人民政府")
    table = annual_report.application_table(town, 2026)
    assert table.balanced
    received = town.exclude(received_on=None).count()
    assert table.cell("new", "total") == received and table.cell("carried_in", "total") == 0
    assert table.cell("disclosed", "total") == 3  # two disclosed and one already proactive
    assert table.cell("partly", "legal_service") == 1
    assert table.cell("withheld:process_info", "natural") == 1
    assert table.cell("unable:not_held", "total") == 2
    assert table.cell("not_processed:repeat", "natural") == 1
    assert table.cell("other:no_amendment", "natural") == 1
    assert table.cell("carried_out", "total") == received - table.cell("decided", "total")
    from django.contrib.auth import get_user_model

    from security import passwords

    reviewer = get_user_model().objects.get(username="gkb_reviewer")
    passwords.mark_changed_by_owner(reviewer)  # past the demo account's first login
    client.force_login(reviewer)
    page = client.get(reverse("disclosure_requests_admin:annual_table") + "?year=2026").content.decode()
    assert "2026年度报告" in page and "已核对一致" in page and "法律服务机构" in page


def test_the_2026_annual_report_publishes_as_a_page_with_its_table_frozen(client, demo):
    from django.urls import reverse

    from interpretation.disclosure_requests import annual_report, lifecycle
    from interpretation.disclosure_requests.models import AnnualReport
    from tests.factories import site

    report = AnnualReport.objects.get(disclosing_body=site.body("liyang"), year=2026)  # the demo's draft
    url = reverse("disclosure_requests:report", args=("liyang", 2026))
    assert client.get(url).status_code == 404  # not yet published
    annual_report.publish(report)
    page_url = client.get(url)["Location"]  # a page of the town's column in the policy library
    page = client.get(page_url).content.decode()
    assert "历阳镇人民政府2026年政府信息公开工作年度报告" in page and "坚持以公开为常态" in page
    assert "三、收到和处理政府信息公开申请情况" in page and "法律服务机构" in page
    assert "<td>126</td>" in page  # 行政许可, entered from another system
    assert page_url in client.get(reverse("disclosure_requests:index")).content.decode()
    frozen = report.applications_table["rows"]
    assert report.applications_table["balanced"]
    pending = InformationRequest.objects.filter(disclosing_body__slug="liyang", status=Status.PROCESSING).first()
    lifecycle.withdraw(pending, on=dt.date(2026, 12, 1))
    report.refresh_from_db()
    assert report.applications_table["rows"] == frozen  # cases changed after publishing do not alter the report
