"""Working days per 公开主体: an override applies to its body and every body below it, the nearest body's wins.

The dates below are made up for the test (an extra provincial holiday, a town working it anyway); 2026 itself is
covered by chinesecalendar, so only the overrides move a day.
"""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from interpretation.working_days.calendar import add_working_days, add_working_hours, is_working_day
from interpretation.working_days.models import WorkingDayOverride
from tests.factories import site

pytestmark = pytest.mark.django_db

BEIJING = dt.timezone(dt.timedelta(hours=8))
FRIDAY = dt.datetime(2026, 3, 6, 10, 0, tzinfo=BEIJING)
MONDAY = dt.date(2026, 3, 9)
OVERRIDES = "wagtailsnippets_working_days_workingdayoverride"


def override(slug, day, kind, name="测试调整"):
    return WorkingDayOverride.objects.create(disclosing_body=site.body(slug), date=day, kind=kind, name=name)


@pytest.fixture
def county_holiday():
    """The county (the platform) takes Monday 9 March off."""
    return override("hexian", MONDAY, WorkingDayOverride.Kind.HOLIDAY)


def test_a_town_inherits_its_countys_holiday(county_holiday):
    liyang = site.body("liyang")

    assert not is_working_day(MONDAY, body=liyang)
    assert add_working_days(FRIDAY, 1, body=liyang).day == dt.date(2026, 3, 10)
    assert add_working_days(FRIDAY, 1).day == dt.date(2026, 3, 10), "no body: the platform's calendar"


def test_the_nearest_bodys_override_wins(county_holiday):
    override("wujiang", MONDAY, WorkingDayOverride.Kind.WORKING_DAY)

    assert is_working_day(MONDAY, body=site.body("wujiang"))
    assert add_working_days(FRIDAY, 1, body=site.body("wujiang")).day == MONDAY
    assert add_working_days(FRIDAY, 1, body=site.body("liyang")).day == dt.date(2026, 3, 10), "the other town"
    assert add_working_days(FRIDAY, 1, body=site.body("hexian")).day == dt.date(2026, 3, 10), "the county itself"
    due = add_working_hours(dt.datetime(2026, 3, 6, 20, 0, tzinfo=BEIJING), 8, body=site.body("wujiang"))
    assert due.due == dt.datetime(2026, 3, 9, 4, 0, tzinfo=BEIJING), "Friday 4 hours, Monday 4 more"


def test_a_towns_override_does_not_reach_its_county_or_a_sibling():
    override("liyang", MONDAY, WorkingDayOverride.Kind.HOLIDAY)

    assert not is_working_day(MONDAY, body=site.body("liyang"))
    assert is_working_day(MONDAY, body=site.body("wujiang"))
    assert is_working_day(MONDAY, body=site.body("hexian"))
    assert is_working_day(MONDAY)


@pytest.fixture
def town_calendar_keeper(client):
    """ly_admin keeps 历阳镇's calendar: may add and change overrides, works for the town."""
    group = site.GroupFactory(name="工作日历(历阳镇)")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="working_days", codename__endswith="workingdayoverride")
    )
    user = site.UserFactory(username="ly_admin", body=site.body("liyang"), groups=[group])
    client.force_login(user)
    return client


def test_a_town_keeps_only_its_own_overrides_in_the_admin(town_calendar_keeper, county_holiday):
    own = override("liyang", dt.date(2026, 3, 14), WorkingDayOverride.Kind.WORKING_DAY)
    override("wujiang", dt.date(2026, 3, 16), WorkingDayOverride.Kind.HOLIDAY)
    client = town_calendar_keeper

    listed = client.get(reverse(f"{OVERRIDES}:list")).context["object_list"]
    form = client.get(reverse(f"{OVERRIDES}:add")).context["form"]

    assert [row.pk for row in listed] == [own.pk]
    assert list(form.fields["disclosing_body"].queryset) == [site.body("liyang")]
    assert form["disclosing_body"].value() == site.body("liyang").pk, "their own body by default"
    assert client.get(reverse(f"{OVERRIDES}:edit", args=(county_holiday.pk,))).status_code == 404


def test_a_town_cannot_enter_a_day_for_its_county(town_calendar_keeper):
    data = {"date": "2026-03-21", "kind": "working_day", "name": "测试", "note": ""}

    refused = town_calendar_keeper.post(
        reverse(f"{OVERRIDES}:add"), {**data, "disclosing_body": site.body("hexian").pk}
    )
    accepted = town_calendar_keeper.post(
        reverse(f"{OVERRIDES}:add"), {**data, "disclosing_body": site.body("liyang").pk}
    )

    assert refused.status_code == 200 and "disclosing_body" in refused.context["form"].errors
    assert accepted.status_code == 302
    assert WorkingDayOverride.objects.get().disclosing_body == site.body("liyang")
