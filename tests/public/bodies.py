"""Two towns on one platform: 历阳镇 (the office and its 2018 work plan) and 乌江镇 with a policy of its own,
each released through the three-sync path by its own department's leader."""

from datetime import date

from bodies.models import DisclosingBody
from interpretation import three_sync
from interpretation.models import PolicyDocumentPage, Topic
from tests.factories.library import work_plan
from tests.factories.policies import PolicyFactory, add_material, approve_attribute
from tests.factories.site import UserFactory, body, column, department, office, section

WUJIANG_TITLE = "乌江镇农村人居环境整治实施方案"
WUJIANG_SLUG = "wujiang-renju-huanjing"
GUIDE = "<p>乌江镇人民政府信息公开指南:本机关主动公开的政府信息,通过本栏目发布。</p>"
ON_REQUEST_TITLE = "乌江镇征地补偿安置台账"


def release_in(body_slug: str, *, title: str, slug: str, disclosure: str = "proactive", **fields) -> PolicyDocumentPage:
    """A policy of the body's 党政办公室 with one text material, signed and published by that office's leader."""
    office_of_body = department("dangzheng", body_slug=body_slug)
    leader = UserFactory(
        username=f"{body_slug}_dzb_leader",
        groups=[office_of_body.leaders],
        body=DisclosingBody.objects.get(slug=body_slug),
    )
    policy = PolicyFactory(
        parent=section("dangzheng", body_slug),
        author=leader,
        title=title,
        slug=slug,
        issuing_organ="",  # the body's name, as the edit form leaves it
        document_number="乌政〔2026〕5号",
        date_written=date(2026, 3, 1),
        date_published=date(2026, 3, 5),
        topic=Topic.objects.get(code="xiangcun-zhenxing"),
        plan_channels=["website", "wechat"],
        disclosure_attribute=disclosure,
        withholding_reason="涉及个人隐私,依申请公开" if disclosure != "proactive" else "",
        **fields,
    )
    add_material(policy, "text", f"《{title}》解读", "整治村庄环境的十项任务。", user=leader)
    revision = policy.get_latest_revision()
    three_sync.sign_bundle(policy, revision, leader, comment="同意")
    if three_sync.needs_openness_office(policy):
        approve_attribute(policy, revision)
    revision.publish(user=leader)
    return PolicyDocumentPage.objects.get(pk=policy.pk)


def build_two_towns():
    office()
    work_plan()
    wujiang = body("wujiang")
    wujiang.guide = GUIDE
    wujiang.address = "和县乌江镇乌江街1号"
    wujiang.phone = "0555-5388001"
    wujiang.save()
    column(wujiang)
    release_in("wujiang", title=WUJIANG_TITLE, slug=WUJIANG_SLUG)
    release_in("wujiang", title=ON_REQUEST_TITLE, slug="wujiang-taizhang", disclosure="on_request")
