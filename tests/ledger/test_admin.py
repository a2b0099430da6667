"""The admin: a deliveries listing, the per-policy 分发状态 view with retry, cancel, mass send and correction,
and a dashboard panel for what needs a person. Manual actions need 可向渠道分发."""

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import reverse

from channels.models import ChannelTargetState, Delivery
from channels.panels import DeliveryPanel
from interpretation.models import PolicyDocumentPage

from .conftest import release_work_plan, run_in_process

pytestmark = pytest.mark.django_db


def with_rows(policy):
    return (
        policy,
        Delivery.objects.get(release__isnull=False, channel="wechat"),
        Delivery.objects.get(release__isnull=False, channel="website"),
    )


@pytest.fixture
def released(released_work_plan, wechat_on, rings):
    return with_rows(released_work_plan)


@pytest.fixture
def released_and_committed(wechat_on, rings):
    """For a test with the live server, which sees only committed rows: released in the test itself."""
    return with_rows(release_work_plan())


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def fail(row, error_class="content", message="文章未通过微信平台审核"):
    Delivery.objects.filter(pk=row.pk).update(state="failed", last_error_class=error_class, last_error_zh=message)
    row.refresh_from_db()
    return row


def test_the_releaser_lists_deliveries_filtered_by_state_channel_and_policy(client, released):
    policy, wechat, website = released
    fail(wechat)
    login(client, "releaser")
    url = reverse("delivery_channels_delivery:index")
    html = client.get(url, {"state": "failed"}).content.decode()
    assert "文章未通过微信平台审核" in html and "失败，需人工处理" in html
    filtered = client.get(url, {"channel": "website", "page": policy.pk})
    assert filtered.status_code == 200
    assert [row.pk for row in filtered.context["object_list"]] == [website.pk]
    assert client.get(reverse("delivery_channels_delivery:inspect", args=(wechat.pk,))).status_code == 200


def test_an_editor_of_the_drafting_department_sees_the_status_but_cannot_act(client, released):
    policy, wechat, _website = released
    fail(wechat)
    login(client, "dzb_editor")
    page = client.get(reverse("channels_policy_deliveries", args=(policy.pk,)))
    assert page.status_code == 200
    html = page.content.decode()
    assert "微信公众号" in html and "政府网站" in html and "重试" not in html
    client.post(reverse("channels_delivery_action", args=(wechat.pk, "retry")))
    wechat.refresh_from_db()
    assert wechat.state == "failed", "no 可向渠道分发 permission: nothing changes"
    login(client, "jjb_editor")
    assert client.get(reverse("channels_policy_deliveries", args=(policy.pk,))).status_code in (302, 403)


def test_retry_and_cancel_are_logged_with_the_person(client, released, rings):
    policy, wechat, website = released
    fail(wechat)
    login(client, "releaser")
    client.post(reverse("channels_delivery_action", args=(wechat.pk, "retry")))
    wechat.refresh_from_db()
    assert (wechat.state, wechat.attempts) == ("retrying", 0)
    assert "手动重试" in wechat.attempt_log.get(outcome="action").message_zh
    client.post(reverse("channels_delivery_action", args=(website.pk, "cancel")))
    website.refresh_from_db()
    assert website.state == "cancelled"
    answer = client.post(reverse("channels_delivery_action", args=(website.pk, "cancel")), follow=True)
    assert "不能取消" in answer.content.decode()


def test_mass_send_chosen_after_delivery_notifies_followers_once(client, released, sim):
    policy, wechat, _website = released
    wechat = run_in_process(wechat)
    assert wechat.state == "delivered" and sim.mass_sends == []
    login(client, "releaser")
    client.post(reverse("channels_delivery_action", args=(wechat.pk, "mass_send")))
    wechat = run_in_process(wechat)
    assert wechat.state == "delivered" and len(sim.mass_sends) == 1
    assert len(sim.publishes) == 1, "the article is not published again"


def test_a_delivered_article_can_be_retracted(client, released, sim):
    _policy, wechat, _website = released
    wechat = run_in_process(wechat)
    login(client, "releaser")
    client.post(reverse("channels_delivery_action", args=(wechat.pk, "retract")))
    wechat.refresh_from_db()
    assert wechat.state == "retracted"
    assert sim.publishes[0]["deleted"] is True
    assert "撤回" in wechat.attempt_log.get(outcome="action").message_zh


def test_a_correction_goes_to_every_channel_that_got_the_original(
    client, released_and_committed, sim, live_server, settings
):
    settings.SITE_URL = live_server.url
    policy, wechat, website = released_and_committed
    assert run_in_process(wechat).state == "delivered"
    assert run_in_process(website).state == "delivered"
    login(client, "releaser")
    client.post(reverse("channels_policy_correction", args=(policy.pk,)), {"note": "第三条日期有误,已更正。"})
    corrections = Delivery.objects.filter(corrects__isnull=False).order_by("channel")
    assert [(c.channel, c.corrects_id) for c in corrections] == [("website", website.pk), ("wechat", wechat.pk)]
    correction = run_in_process(corrections.get(channel="wechat"))
    assert correction.state == "delivered"
    article = sim.drafts[-1]["articles"][0]
    assert article["title"].startswith("【更正】") and "第三条日期有误" in article["content"]
    assert len(sim.publishes) == 2 and correction.key.endswith(":correction-1")


def test_the_dashboard_lists_failures_and_a_paused_target_that_an_admin_re_enables(
    client, released, rings, django_capture_on_commit_callbacks
):
    policy, wechat, _website = released
    # The row that met the account's error waits with the account (not failed: re-enabling resumes waiting rows).
    Delivery.objects.filter(pk=wechat.pk).update(state="retrying", last_error_class="config", last_error_zh="无效")
    ChannelTargetState.objects.create(channel="wechat", target="account", enabled=False, reason_zh="AppSecret 无效")
    login(client, "releaser")
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "分发需要处理" in html and "AppSecret 无效" in html and "重新启用" in html
    form = html[html.index(f'action="{reverse("channels_enable_target")}"') :]
    assert 'name="csrfmiddlewaretoken"' in form[: form.index("</form>")], "the POST form carries the CSRF token"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("channels_enable_target"), {"channel": "wechat", "target": "account"})
    wechat.refresh_from_db()
    assert wechat.state == "retrying" and not ChannelTargetState.objects.filter(enabled=False).exists()
    assert wechat.pk in [delivery_id for delivery_id, _ in rings]
    assert "渠道已重新启用" in wechat.attempt_log.get(outcome="action").message_zh


def test_every_policy_links_to_its_delivery_status_and_the_panel_shows_it(client, released):
    policy, wechat, _website = released
    login(client, "admin")
    html = client.get(reverse("wagtailadmin_pages:edit", args=(policy.pk,))).content.decode()
    assert reverse("channels_policy_deliveries", args=(policy.pk,)) in html
    request = RequestFactory().get("/")
    request.user = get_user_model().objects.get(username="admin")
    panel = DeliveryPanel().bind_to_model(PolicyDocumentPage).get_bound_panel(instance=policy, request=request)
    rendered = panel.render_html()
    assert "微信公众号" in rendered and "待分发" in rendered
