"""Pausing is precise: an account is paused only by the account's own errors, and the reason says what WeChat said
(its code, its meaning, the call); one row's trouble (a publish job WeChat will not report on) parks that row alone
while the account's other rows go on; re-enabling the account resumes the rows that waited for it, never a parked
one, which waits for a person's retry. All over HTTP, against the simulator on loopback."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.urls import reverse

from channels import actions
from channels.ledger.runs import process
from channels.models import ChannelTargetState, Delivery
from tests.factories.ledger import numbered_release

from .conftest import make_due, run_in_process

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_rows(released_work_plan, wechat_on, rings) -> tuple[Delivery, Delivery]:
    """Two articles for the same account: the work plan's and another policy's."""
    first = Delivery.objects.get(release__policy=released_work_plan, channel="wechat")
    second = Delivery.objects.get(release=numbered_release(1), channel="wechat")
    assert first.target == second.target
    return first, second


def person(username: str):
    return get_user_model().objects.get(username=username)


def submitted(row: Delivery) -> Delivery:
    """Run until WeChat took the publish job (freepublish/get still says "publishing")."""
    make_due(row)
    assert process(row.pk) == "submitted"
    row.refresh_from_db()
    return row


def paused() -> list[ChannelTargetState]:
    return list(ChannelTargetState.objects.filter(enabled=False))


@pytest.mark.parametrize(("errcode", "meaning"), [(48001, "API 功能未授权"), (40007, "不合法的媒体文件 id")])
def test_a_publish_job_wechat_will_not_report_on_parks_its_row_alone(two_rows, sim, errcode, meaning):
    first, second = two_rows
    first = submitted(first)
    sim.break_job(first.external_id, errcode)  # freepublish/get of this job alone: 48001 (config class) or 40007
    first = run_in_process(first)
    assert (first.state, first.last_error_class) == ("failed", "row")
    assert f"查询发布结果时微信拒绝了本条（微信错误码 {errcode}：{meaning}" in first.last_error_zh
    assert "其他分发照常进行" in first.last_error_zh and "重试" in first.last_error_zh
    assert "权限" not in first.last_error_zh and "封面" not in first.last_error_zh
    assert paused() == [], "the account is not paused for one row's job"
    second = run_in_process(second)
    assert second.state == "delivered", second.last_error_zh
    assert first.checkpoints["publish"] is None, "the job is forgotten: a retry looks for the article, then submits"


def test_an_account_error_pauses_with_wechats_reason_and_re_enabling_leaves_the_parked_row_to_a_person(
    two_rows, sim, rings, client, django_capture_on_commit_callbacks
):
    first, second = two_rows
    sim.break_job(submitted(first).external_id)
    first = run_in_process(first)
    assert first.state == "failed"
    sim.deny_api("freepublish")  # then the account itself loses the publishing API
    second = run_in_process(second)
    [state] = paused()
    assert state.target == second.target
    assert "微信错误码 48001：API 功能未授权" in state.reason_zh and "接口 freepublish/submit" in state.reason_zh
    assert "暂停" in state.reason_zh
    assert (second.state, second.last_error_class, second.attempts) == ("retrying", "config", 0), "it waits"
    assert second.last_error_zh == state.reason_zh

    sim.allow_api("freepublish")  # the administrator had it granted again
    logged = first.attempt_log.count()
    rings.clear()
    client.force_login(person("admin"))
    with django_capture_on_commit_callbacks(execute=True):  # 已修复,重新启用 on the dashboard
        answer = client.post(reverse("channels_enable_target"), {"channel": "wechat", "target": second.target})
    assert "另有 1 项分发因自身原因失败,重新启用不会重新运行" in "".join(
        m.message for m in get_messages(answer.wsgi_request)
    )
    rung = [delivery_id for delivery_id, _ in rings]
    assert second.pk in rung and first.pk not in rung
    assert run_in_process(second).state == "delivered"
    assert process(first.pk) == "skipped", "a parked row is not due"
    first.refresh_from_db()
    assert first.state == "failed" and first.attempt_log.count() == logged, "re-enabling did not run the parked row"

    client.force_login(person("releaser"))
    client.post(reverse("channels_delivery_action", args=(first.pk, "retry")))  # 重试 on 分发状态
    first = run_in_process(first)
    assert first.state == "delivered", first.last_error_zh
    jobs = [job for job in sim.publishes if job["media_id"] == first.checkpoints["draft"]]
    assert [job.get("broken") for job in jobs] == [48001, None], "not in the published list: submitted again"
    assert first.external_id == jobs[-1]["article_id"]


def test_a_server_off_the_ip_allow_list_pauses_the_account_without_asking_it_again(two_rows, sim):
    first, _second = two_rows
    sim.whitelist = {"203.0.113.7"}
    first = run_in_process(first)
    [state] = paused()
    assert "微信错误码 40164：调用接口的 IP 地址不在白名单中；接口 stable_token" in state.reason_zh
    assert "白名单" in state.reason_zh and "暂停" in state.reason_zh
    assert (first.state, first.attempts) == ("retrying", 0)
    assert sim.calls["freepublish/batchget"] == sim.calls["draft/count"] == 0, "an IP is the account's: no probe"


def test_a_retry_is_refused_while_the_account_is_paused_and_says_why(two_rows, sim):
    first, _second = two_rows
    sim.deny_api("media")  # uploadimg and material/add_material alike
    sim.deny_api("material")
    first = run_in_process(first)
    [state] = paused()
    assert "微信错误码 48001" in state.reason_zh and "接口 media/uploadimg" in state.reason_zh
    with pytest.raises(actions.ActionRefused) as refused:
        actions.retry(first, person("releaser"))
    assert state.reason_zh in refused.value.message_zh and "重新启用" in refused.value.message_zh
