"""Sources are watched once, at the county: every body following a source gets its own draft of each new item,
in its own department and due on its own working-day calendar, and the upstream site is fetched once for all."""

import datetime as dt

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset

from channels.watcher.models import RepublicationPage, Source, SourceFollower, UpstreamRecord
from channels.watcher.polling import poll_source
from interpretation.working_days.models import WorkingDayOverride
from tests.factories import site
from tests.factories.watcher import DEMO, demo_source
from tests.watcher.conftest import beijing

pytestmark = pytest.mark.django_db

NOW = beijing(2025, 3, 3, 10, 0)  # a Monday
LISTING = f"/samples/{DEMO['state_council'].listing}"
DETAIL = "/samples/state_council/content_7001.html"


def end_of(day: str) -> dt.datetime:
    return beijing(*map(int, day.split("-")), 23, 59, 59, 999999)


@pytest.fixture
def county_source(office, upstream):
    """The county watches the State Council; it republishes nothing itself, its two towns follow."""
    source = demo_source(upstream, "state_council", republish_for_own_body=False, name="国务院最新政策(关注测试)")
    SourceFollower.objects.create(
        source=source, disclosing_body=site.body("liyang"), department=site.department("jingji", "liyang")
    )
    SourceFollower.objects.create(source=source, disclosing_body=site.body("wujiang"))  # its first department
    site.department("dangzheng", "wujiang")
    return source


def test_two_towns_following_one_county_source_get_one_draft_each_from_one_fetch(county_source, upstream):
    # 乌江镇 has a day off on Tuesday 4 March (made up); 历阳镇 works as usual.
    WorkingDayOverride.objects.create(
        disclosing_body=site.body("wujiang"), date=dt.date(2025, 3, 4), kind="holiday", name="测试调整"
    )
    listing_hits, detail_hits = upstream.hits(LISTING), upstream.hits(DETAIL)

    report = poll_source(county_source, now=NOW)

    assert report.ok
    assert upstream.hits(LISTING) == listing_hits + 1 and upstream.hits(DETAIL) == detail_hits + 1, "fetched once"
    pages = RepublicationPage.objects.filter(document_number="国发〔2025〕7号")
    by_body = {page.disclosing_body.slug: page for page in pages}
    assert set(by_body) == {"liyang", "wujiang"}, "one draft per following town, none for the county"
    liyang, wujiang = by_body["liyang"], by_body["wujiang"]
    assert (liyang.department.name, liyang.department.disclosing_body.slug) == ("经济发展办公室", "liyang")
    assert (wujiang.department.name, wujiang.department.disclosing_body.slug) == ("党政办公室", "wujiang")
    assert liyang.deadline_at == end_of("2025-03-04")
    assert wujiang.deadline_at == end_of("2025-03-05"), "its own calendar skips its day off"
    assert not liyang.live and not wujiang.live
    assert "集中公开政策文件" in liyang.body and liyang.body == wujiang.body
    assert liyang.source_organ == "国务院" and liyang.source_id == county_source.pk


def test_polling_again_makes_no_second_draft_for_any_town(county_source, upstream):
    poll_source(county_source, now=NOW)
    upstream_count = RepublicationPage.objects.count()

    poll_source(county_source, now=NOW + dt.timedelta(minutes=10))

    assert RepublicationPage.objects.count() == upstream_count == 4  # two items × two towns
    for record in UpstreamRecord.objects.filter(source=county_source):
        assert sorted(p.disclosing_body.slug for p in record.pages.all()) == ["liyang", "wujiang"]


def test_the_county_gets_its_own_draft_too_when_it_republishes(county_source, upstream):
    county_source.republish_for_own_body = True
    county_source.save()

    poll_source(county_source, now=NOW)

    slugs = RepublicationPage.objects.filter(document_number="国发〔2025〕7号").values_list(
        "disclosing_body__slug", flat=True
    )
    assert sorted(slugs) == ["hexian", "liyang", "wujiang"]


def test_a_follower_must_receive_drafts_in_a_department_of_its_own(county_source):
    from django.core.exceptions import ValidationError

    follower = SourceFollower(
        source=county_source, disclosing_body=site.body("wujiang"), department=site.department("jingji", "liyang")
    )
    with pytest.raises(ValidationError) as refused:
        follower.full_clean(exclude=["source"])
    assert "负责部门必须属于该公开主体。" in str(refused.value)


def test_the_source_form_sets_the_watching_body_and_its_followers(client, office):
    from tests.watcher.test_admin import ADD_URL, source_form

    client.force_login(site.user("admin"))
    followers = inline_formset([{"disclosing_body": site.body("wujiang").pk, "department": ""}])

    response = client.post(reverse(ADD_URL), source_form(followers=followers))

    assert response.status_code == 302
    source = Source.objects.get()
    assert source.disclosing_body.slug == "hexian"
    assert [f.disclosing_body.slug for f in source.followers.all()] == ["wujiang"]
    listing = client.get(reverse("wagtailsnippets_watcher_source:list")).content.decode()
    assert "关注主体" in listing and site.body("wujiang").short_name in listing


def test_a_town_editor_is_offered_only_its_own_body_as_watcher_or_follower(client, office):
    from django.contrib.auth.models import Permission

    from tests.watcher.test_admin import ADD_URL

    group = site.GroupFactory(name="信息源管理(历阳镇)")
    group.permissions.add(*Permission.objects.filter(content_type__app_label="watcher", codename__endswith="_source"))
    client.force_login(site.UserFactory(username="ly_admin", body=site.body("liyang"), groups=[group]))

    form = client.get(reverse(ADD_URL)).context["form"]

    assert list(form.fields["disclosing_body"].queryset) == [site.body("liyang")]
    assert form["disclosing_body"].value() == site.body("liyang").pk
    template_row = form.formsets["followers"].empty_form
    assert list(template_row.fields["disclosing_body"].queryset) == [site.body("liyang")]


def test_each_town_works_only_on_its_own_drafts(client, county_source):
    from channels.watcher.demo import grant_department_rights
    from channels.watcher.drafts import ensure_index

    poll_source(county_source, now=NOW)
    grant_department_rights(ensure_index())  # every department may prepare republications, as in the demo
    client.force_login(site.user("jjb_editor"))  # 历阳镇

    listed = client.get(reverse("republications:index")).context["pages"]

    assert {page.disclosing_body.slug for page in listed} == {"liyang"} and len(listed) == 2
