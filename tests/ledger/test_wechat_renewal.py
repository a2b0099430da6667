"""A retry repairs what it can: a cover, an image or a draft the row saved on WeChat and WeChat no longer takes
(40007 invalid media_id: deleted in the account's backend, or expired while the row waited for the quota) is made
again and the article goes out, instead of failing again with advice to re-upload the cover. Over HTTP, against the
simulator on loopback."""

import pytest
from django.contrib.auth import get_user_model

from channels import actions
from channels.models import ChannelTargetState, Delivery

from .conftest import run_in_process

pytestmark = pytest.mark.django_db


@pytest.fixture
def wechat_row(released_work_plan, wechat_on, rings) -> Delivery:
    return Delivery.objects.get(release__isnull=False, channel="wechat")


def releaser():
    return get_user_model().objects.get(username="releaser")


def thumbs(sim) -> list[str]:
    return [media_id for media_id, material in sim.materials.items() if material["type"] == "thumb"]


def renewed(row: Delivery) -> list[str]:
    return [entry["what"] for entry in row.checkpoints.get("renewed") or []]


def test_a_cover_and_images_deleted_in_wechat_are_uploaded_again_on_a_persons_retry(wechat_row, sim):
    sim.faults.force("draft/add", "reject")  # the editor fixes something, meanwhile someone tidies the backend
    row = run_in_process(wechat_row)
    assert (row.state, row.last_error_class) == ("failed", "content")
    cover, images = row.checkpoints["thumb"], set(row.checkpoints["images"].values())
    assert images, "the 图解 was re-hosted"
    sim.delete_material(cover)
    for url in images:
        sim.delete_image(url)
    actions.retry(row, releaser())
    row = run_in_process(row)
    assert row.state == "delivered", row.last_error_zh
    article = sim.drafts[-1]["articles"][0]
    assert article["thumb_media_id"] == row.checkpoints["thumb"] != cover
    assert thumbs(sim) == [row.checkpoints["thumb"]]
    assert not any(url in article["content"] for url in images) and "mmbiz.qpic.cn" in article["content"]
    assert len(sim.drafts) == len(sim.publishes) == 1
    assert renewed(row) == ["materials"]


def test_a_cover_gone_while_the_row_waited_for_the_quota_is_uploaded_again_the_next_day(wechat_row, sim):
    sim.faults.force("draft/add", "45009")
    row = run_in_process(wechat_row)
    assert (row.state, row.last_error_class) == ("failed", "quota")
    actions.send_tomorrow(row, releaser())
    cover = row.checkpoints["thumb"]
    sim.delete_material(cover)  # no longer valid by the time the quota is back
    row = run_in_process(Delivery.objects.get(pk=row.pk))  # the next day comes (make_due)
    assert row.state == "delivered", row.last_error_zh
    assert sim.drafts[0]["articles"][0]["thumb_media_id"] == row.checkpoints["thumb"] != cover
    assert renewed(row) == ["materials"] and len(sim.publishes) == 1


def test_a_draft_deleted_in_wechat_is_saved_again_on_retry(wechat_row, sim):
    sim.faults.force("freepublish/submit", "reject")  # 53503: the publish check refused it
    row = run_in_process(wechat_row)
    assert (row.state, row.last_error_class) == ("failed", "content")
    old_draft = row.checkpoints["draft"]
    sim.delete_draft(old_draft)
    actions.retry(row, releaser())
    row = run_in_process(row)
    assert row.state == "delivered", row.last_error_zh
    assert row.checkpoints["draft"] != old_draft and sim.publishes[-1]["media_id"] == row.checkpoints["draft"]
    assert renewed(row) == ["draft"] and len(thumbs(sim)) == 1, "the cover was still good: not uploaded again"


def test_a_cover_refused_again_after_a_fresh_upload_parks_the_row_saying_what_was_tried(wechat_row, sim):
    sim.faults.force("draft/add", "40007", times=2)
    row = run_in_process(wechat_row)
    assert (row.state, row.last_error_class) == ("failed", "row")
    assert "已自动重新上传封面和正文图片" in row.last_error_zh and "微信错误码 40007" in row.last_error_zh
    assert "请重新上传封面" not in row.last_error_zh
    assert len(thumbs(sim)) == 2 and sim.calls["draft/add"] == 2, "one renewal, then a person"
    assert not ChannelTargetState.objects.filter(enabled=False).exists()
