"""依申请公开目录 editions: the period's released information under its public name, frozen, compiled once per
period (again on demand), shown on the body's catalogue page and written to the static tree."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Site

from interpretation.disclosure_requests import catalogue, lifecycle
from interpretation.disclosure_requests.admin_views.case import _reply_form
from interpretation.disclosure_requests.models import CatalogueEdition
from interpretation.public.static_site import pages, publish
from tests.disclosure_requests.conftest import APPLICANT, make_request
from tests.factories import site
from tests.factories.site import UserFactory
from tests.static_site.conftest import page_file

D = dt.date
Q3 = catalogue.Period("quarterly", 2026, 3)


def test_periods_step_across_the_year_end_and_parse_as_operators_write_them():
    q4 = catalogue.Period.last_completed(D(2027, 1, 5), "quarterly")
    assert (q4.key, q4.label, q4.start, q4.end) == ("2026-q4", "2026年第四季度", D(2026, 10, 1), D(2026, 12, 31))
    december = catalogue.Period.last_completed(D(2027, 1, 1), "monthly")
    assert (december.key, december.label, december.end) == ("2026-12", "2026年12月", D(2026, 12, 31))
    february = catalogue.Period.containing(D(2028, 2, 10), "monthly")
    assert february.end == D(2028, 2, 29) and february.next().key == "2028-03"
    assert catalogue.Period.parse("2026-Q4") == q4 and catalogue.Period.parse("2026-11").label == "2026年11月"
    with pytest.raises(lifecycle.Refused, match="2026-Q4"):
        catalogue.Period.parse("2026-13")


def _reply(received, replied, reply_type="disclosed", catalogue_title="", **extra):
    application = make_request(received, **extra)
    data = {"reply_type": reply_type, "replied_on": replied, "fee": 0, "catalogue_title": catalogue_title}
    if reply_type in ("disclosed", "partly"):
        data["content"] = "提供全文"
    if reply_type in ("partly", "withheld"):
        data.update(withholding_ground="third_party", legal_basis="涉及第三方个人隐私。")
    return lifecycle.reply(application, data=data)


@pytest.fixture
def replies(db, request_office):
    """Information released on request in the third quarter of 2026 (and one in the second)."""
    return {
        "july": _reply(D(2026, 7, 1), D(2026, 7, 10), catalogue_title="历阳镇农村道路建设项目资金拨付明细"),
        "august": _reply(D(2026, 8, 3), D(2026, 8, 20), "partly", "  历阳镇征地补偿标准  "),
        "untitled": _reply(D(2026, 9, 1), D(2026, 9, 10)),
        "withheld": _reply(D(2026, 9, 1), D(2026, 9, 15), "withheld", "历阳镇老街改造会议记录"),
        "june": _reply(D(2026, 6, 1), D(2026, 6, 10), catalogue_title="历阳镇第二季度公开的信息"),
    }


def test_an_edition_lists_the_periods_released_information_by_its_public_name_and_recompiles_in_place(replies):
    assert replies["withheld"].catalogue_title == ""  # only released information carries a public name
    edition = catalogue.compile_edition(site.body("liyang"), Q3)
    assert [(e["title"], e["replied_on"], e["manner"]) for e in edition.released] == [
        ("历阳镇农村道路建设项目资金拨付明细", "2026-07-10", "予以公开"),
        ("历阳镇征地补偿标准", "2026-08-20", "部分公开"),
    ]
    replies["untitled"].catalogue_title = "后来补上的目录名称"
    replies["untitled"].save(update_fields=["catalogue_title"])
    again = catalogue.compile_edition(site.body("liyang"), Q3)
    assert again.pk == edition.pk and CatalogueEdition.objects.count() == 1
    assert [e["title"] for e in again.released][-1] == "后来补上的目录名称"
    with pytest.raises(lifecycle.Refused, match="尚未结束"):
        catalogue.compile_edition(
            site.body("liyang"), catalogue.Period.containing(lifecycle.beijing_today(), "monthly")
        )


def test_due_editions_follow_each_offices_period_and_compile_once(replies, request_office):
    request_office.catalogue_period = "monthly"
    request_office.save()
    assert [e.key for e in catalogue.compile_due(D(2026, 9, 3))] == ["2026-08"]
    assert catalogue.compile_due(D(2026, 9, 30)) == []
    assert [e["title"] for e in CatalogueEdition.objects.get(key="2026-08").released] == ["历阳镇征地补偿标准"]


def test_the_reply_form_offers_the_information_sought_as_its_public_name(db, request_office):
    application = make_request(D(2026, 9, 21), document_number="历政〔2025〕18号")
    form = _reply_form(application, None)
    assert form.initial["catalogue_title"] == "2025年历阳镇农村道路建设项目资金使用情况(历政〔2025〕18号)"
    assert "在网站公开" in form.fields["catalogue_title"].help_text


def test_the_catalogue_page_lists_editions_and_the_edition_page_and_file_show_no_personal_data(
    client, replies, django_capture_on_commit_callbacks
):
    body = site.body("liyang")
    catalog_url = site.column(body).url + "catalog/"
    assert "尚未编制依申请公开目录" in client.get(catalog_url).content.decode()
    publish._write_sites_file()  # a static tree exists: compiling rewrites its catalogue files
    with django_capture_on_commit_callbacks(execute=True):
        catalogue.compile_edition(body, Q3)

    listing = client.get(catalog_url).content.decode()
    assert f'href="{catalog_url}2026-q3/"' in listing and "2026年第三季度" in listing
    response = client.get(catalog_url + "2026-q3/")
    html = response.content.decode()
    assert response.status_code == 200 and "历阳镇征地补偿标准" in html and "部分公开" in html
    assert "期末没有依申请公开的政府信息" in html
    assert "历阳镇第二季度公开的信息" not in html and "后来" not in html
    for personal in ("刘洋", APPLICANT["id_number"], APPLICANT["phone"], APPLICANT["email"], APPLICANT["address"]):
        assert personal not in html
    assert client.get(catalog_url + "2026-q2/").status_code == 404

    written = page_file(site.column(body).url + "catalog/2026-q3/").read_text("utf-8")
    assert "历阳镇农村道路建设项目资金拨付明细" in written and "刘洋" not in written
    assert "2026年第三季度" in page_file(catalog_url).read_text("utf-8")
    assert catalog_url + "2026-q3/" in pages.all_paths(Site.objects.get(is_default_site=True))


def test_the_command_compiles_a_given_period_with_progress(replies, capsys):
    call_command("compile_request_catalogue", "--body", "liyang", "--period", "2026-Q3")
    assert "[1/1] 历阳镇人民政府 2026年第三季度:依申请公开的政府信息 0 条,本期依申请公开的信息 2 条" in (
        capsys.readouterr().out
    )


def test_a_handler_corrects_a_public_name_and_the_compiled_edition_follows(client, replies, request_office):
    edition = catalogue.compile_edition(site.body("liyang"), Q3)
    client.force_login(UserFactory(username="gkb_handler", groups=[request_office.handlers]))
    application = replies["july"].request
    response = client.post(
        reverse("disclosure_requests_admin:act", args=(application.pk, "catalogue")),
        {"catalogue_title": "历阳镇道路项目资金拨付明细"},
    )
    assert response.status_code == 302
    edition.refresh_from_db()
    assert [e["title"] for e in edition.released] == ["历阳镇道路项目资金拨付明细", "历阳镇征地补偿标准"]
    withheld = replies["withheld"].request
    case = client.get(reverse("disclosure_requests_admin:case", args=(withheld.pk,))).content.decode()
    assert "不予公开" in case and reverse("disclosure_requests_admin:act", args=(withheld.pk, "catalogue")) not in case
