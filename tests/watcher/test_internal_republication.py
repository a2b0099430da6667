"""内部转载: a county policy its towns must republish, by one click in the admin or by a town's rule, one draft per
town with a link to the original and one working day on the town's calendar; nothing is fetched."""

import datetime as dt

import pytest
from django.urls import reverse

from channels.watcher import internal
from channels.watcher.models import InternalRepublicationRule, RepublicationPage
from interpretation import bundle_content
from interpretation.working_days.calendar import add_working_days
from interpretation.working_days.models import WorkingDayOverride
from tests.factories import site
from tests.factories.watcher import county_correction, county_office, county_policy

pytestmark = pytest.mark.django_db

URL = "watcher_internal_republication"


@pytest.fixture
def towns(office):
    """历阳镇 (the office's town, 党政办公室 and 经济发展办公室) and 乌江镇 with its 党政办公室."""
    site.department("dangzheng", "wujiang")
    county_office()
    return site.body("liyang"), site.body("wujiang")


@pytest.fixture
def county_editor(client, towns):
    client.force_login(site.user("hx_editor"))
    return client


def test_one_click_republishes_a_county_policy_into_the_chosen_town(county_editor, towns, no_outbound_traffic):
    liyang, wujiang = towns
    policy = county_policy()
    page_url = reverse(URL, args=(policy.pk,))
    edit = county_editor.get(reverse("wagtailadmin_pages:edit", args=(policy.pk,))).content.decode()
    listed = county_editor.get(page_url).content.decode()

    response = county_editor.post(page_url, {"body": liyang.pk})

    assert page_url in edit, "the policy's admin offers 转载到下级主体"
    assert "历阳镇人民政府" in listed and "乌江镇人民政府" in listed and "全部转载" in listed
    assert response.status_code == 302
    draft = RepublicationPage.objects.get()
    assert (draft.disclosing_body, draft.original_policy_id, draft.live) == (liyang, policy.pk, False)
    assert draft.department == site.department("dangzheng", "liyang"), "the town's first department"
    assert draft.original_url == bundle_content.page_url(policy) and draft.source_organ == "和县人民政府"
    assert draft.title == policy.title and draft.document_number == "和政〔2026〕5号"
    assert "企业开办一日办结" in draft.body
    released_at = policy.releases.order_by("released_at").first().released_at
    assert draft.deadline_at == add_working_days(released_at, 1, body=liyang).due
    assert "历阳镇人民政府" in county_editor.get(page_url).content.decode()
    county_editor.force_login(site.user("admin"))
    edit_draft = county_editor.get(reverse("wagtailadmin_pages:edit", args=(draft.pk,)))
    assert edit_draft.status_code == 200, "the copied body opens in the editor"
    assert "原政策文件为本平台的" in edit_draft.content.decode(), "the editor sees the link to the original"


def test_republishing_to_all_towns_gives_each_its_own_calendar_and_never_twice(county_editor, towns):
    liyang, wujiang = towns
    policy = county_policy()
    released = policy.releases.order_by("released_at").first().released_at
    next_working_day = add_working_days(released, 1, body=wujiang).day
    WorkingDayOverride.objects.create(disclosing_body=wujiang, date=next_working_day, kind="holiday", name="测试")
    page_url = reverse(URL, args=(policy.pk,))

    county_editor.post(page_url, {"all": "1"})
    county_editor.post(page_url, {"all": "1"})
    county_editor.post(page_url, {"body": wujiang.pk})

    drafts = {page.disclosing_body.slug: page for page in RepublicationPage.objects.all()}
    assert sorted(drafts) == ["liyang", "wujiang"] and RepublicationPage.objects.count() == 2
    assert drafts["liyang"].deadline_at.date() == next_working_day
    assert drafts["wujiang"].deadline_at > drafts["liyang"].deadline_at, "乌江镇's day off moves its deadline"


def test_a_town_user_cannot_republish_into_another_town(client, towns):
    liyang, wujiang = towns
    policy = county_policy()
    town_editor = site.user("dzb_editor")

    with pytest.raises(internal.RepublicationRefused, match="无权为乌江镇人民政府转载"):
        internal.republish(policy, wujiang, user=town_editor)
    client.force_login(town_editor)
    refused = client.post(reverse(URL, args=(policy.pk,)), {"body": wujiang.pk})
    assert refused.status_code == 302 and refused.url == reverse("wagtailadmin_home"), "Wagtail's permission denied"
    assert not RepublicationPage.objects.exists()


def test_only_live_proactive_policies_go_down_and_only_to_bodies_below(towns):
    liyang, _wujiang = towns
    draft_policy = county_policy(released=False)

    with pytest.raises(internal.RepublicationRefused, match="只有已发布的主动公开政策文件可以转载"):
        internal.republish(draft_policy, liyang)
    policy = county_policy(slug="hexian-2", document_number="和政〔2026〕6号")
    with pytest.raises(internal.RepublicationRefused, match="不是和县人民政府的下级主体"):
        internal.republish(policy, site.body("hexian"))


def test_a_towns_rule_drafts_every_county_release_once_and_flags_a_correction(towns):
    liyang, wujiang = towns
    InternalRepublicationRule.objects.create(
        disclosing_body=liyang, from_body=site.body("hexian"), department=site.department("jingji", "liyang")
    )
    InternalRepublicationRule.objects.create(
        disclosing_body=wujiang, from_body=site.body("hexian"), document_type="regulation"
    )

    policy = county_policy()  # a 规范性文件: 乌江镇's rule takes 规章 only

    draft = RepublicationPage.objects.get()
    assert (draft.disclosing_body, draft.department.name, draft.original_policy_id) == (
        liyang,
        "经济发展办公室",
        policy.pk,
    )
    assert draft.deadline_at == add_working_days(policy.releases.get().released_at, 1, body=liyang).due

    # An editor of the town works on the draft; then the county corrects and re-releases the original.
    editor = site.user("jjb_editor")
    draft.get_latest_revision_as_object().save_revision(user=editor)
    county_correction(policy, "<p>第一条 全县推行企业开办半日办结。</p>")

    assert RepublicationPage.objects.count() == 1, "a re-release drafts nothing twice"
    flagged = RepublicationPage.objects.get()
    assert flagged.upstream_changed_at is not None and "正文" in flagged.upstream_change_note
    assert "一日办结" in flagged.get_latest_revision_as_object().body, "the editor's text is left alone"


def test_an_untouched_draft_follows_the_corrected_original(towns):
    liyang, _wujiang = towns
    InternalRepublicationRule.objects.create(disclosing_body=liyang, from_body=site.body("hexian"))
    policy = county_policy()

    county_correction(policy, "<p>第一条 全县推行企业开办半日办结。</p>")

    draft = RepublicationPage.objects.get()
    assert "半日办结" in draft.get_latest_revision_as_object().body and draft.upstream_changed_at is None
    assert dt.timedelta(0) < draft.deadline_at - policy.releases.order_by("pk").first().released_at
