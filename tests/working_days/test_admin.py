"""The 工作日历 screens in the Wagtail admin, and the dashboard reminder to enter next year's notice."""

import datetime as dt

import pytest
from django.urls import reverse
from wagtail.admin.menu import admin_menu

from interpretation.working_days.calendar import uncovered_years
from interpretation.working_days.models import CoveredYear, WorkingDayOverride
from security import passwords
from tests.factories import site

pytestmark = pytest.mark.django_db

OVERRIDES = "wagtailsnippets_working_days_workingdayoverride"
COVERED = "wagtailsnippets_working_days_coveredyear"


@pytest.fixture
def entries():
    WorkingDayOverride.objects.create(
        disclosing_body=site.body("hexian"), date=dt.date(2027, 2, 8), kind="holiday", name="春节"
    )
    WorkingDayOverride.objects.create(
        disclosing_body=site.body("hexian"), date=dt.date(2027, 2, 20), kind="working_day", name="春节"
    )
    WorkingDayOverride.objects.create(
        disclosing_body=site.body("hexian"), date=dt.date(2028, 1, 1), kind="holiday", name="元旦"
    )
    CoveredYear.objects.create(year=2027, note="国办发明电（测试）")


def test_the_administrator_sees_the_overrides_by_date_with_their_weekday(admin_client, entries):
    response = admin_client.get(reverse(f"{OVERRIDES}:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "节假日调整" in html and "调休工作日" in html and "周六" in html
    listed = [row.date for row in response.context["object_list"]]
    assert listed == [dt.date(2027, 2, 8), dt.date(2027, 2, 20), dt.date(2028, 1, 1)]


def test_the_overrides_can_be_filtered_by_year_and_kind(admin_client, entries):
    response = admin_client.get(reverse(f"{OVERRIDES}:list"), {"year": "2027", "kind": "holiday"})
    assert response.status_code == 200
    listed = list(response.context["object_list"])
    assert [row.date for row in listed] == [dt.date(2027, 2, 8)]


def test_the_administrator_enters_a_day_from_the_notice(admin_client):
    response = admin_client.post(
        reverse(f"{OVERRIDES}:add"),
        {
            "disclosing_body": site.body("hexian").pk,
            "date": "2027-10-09",
            "kind": "working_day",
            "name": "国庆节",
            "note": "",
        },
    )
    assert response.status_code == 302
    assert WorkingDayOverride.objects.get(date=dt.date(2027, 10, 9)).is_working_day


def test_the_covered_years_screen_answers(admin_client, entries):
    response = admin_client.get(reverse(f"{COVERED}:list"))
    assert response.status_code == 200
    assert "2027年" in response.content.decode()
    assert admin_client.get(reverse(f"{COVERED}:add")).status_code == 200


def test_the_menu_groups_both_screens_under_working_calendar(rf, admin_user):
    request = rf.get("/admin/")
    request.user = admin_user
    group = next(item for item in admin_menu.menu_items_for_request(request) if item.label == "工作日历")
    labels = {item.label: item.url for item in group.menu.menu_items_for_request(request)}
    assert labels == {"节假日调整": reverse(f"{OVERRIDES}:list"), "已录入年份": reverse(f"{COVERED}:list")}


def test_the_dashboard_warns_about_unentered_years_until_they_are_entered(admin_client):
    missing = uncovered_years()
    assert missing, "chinesecalendar 1.11.0 stops at 2026, so next year is never covered from 2026 on"
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    for year in missing:
        assert f"{year}年节假日安排尚未录入" in html
    assert "请在 工作日历 中录入国务院办公厅通知" in html
    assert reverse(f"{OVERRIDES}:list") in html

    for year in missing:
        CoveredYear.objects.create(year=year)
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "节假日安排尚未录入" not in html


def test_an_editor_without_calendar_rights_sees_the_warning_but_no_entry_buttons(client, django_user_model):
    from django.contrib.auth.models import Permission

    editor = django_user_model.objects.create_user("editor", password="x")
    passwords.mark_changed_by_owner(editor)  # past the first login's change
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "节假日安排尚未录入" in html
    assert reverse(f"{OVERRIDES}:list") not in html
