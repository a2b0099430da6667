"""The 三同步审签视图 shows what the leader signs: every material in full, and what changed since the last signature."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from interpretation.models import PolicyDocumentPage, TextMaterialPage
from tests.factories import policies
from tests.factories.site import editor_of

pytestmark = pytest.mark.django_db


def submit(policy):
    """Submitted for 同步审签 by the department's editor, through the installation's workflow."""
    policy = PolicyDocumentPage.objects.get(pk=policy.pk)
    policy.get_workflow().start(policy, editor_of("jingji"))
    return policy


def review(policy, username="jjb_leader"):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    response = client.get(reverse("interpretation_bundle_review", args=(policy.pk,)))
    assert response.status_code == 200
    return response.content.decode()


def edit(page, **fields):
    """A new draft revision, as the editor saves it in the admin."""
    draft = page.get_latest_revision_as_object()
    for name, value in fields.items():
        setattr(draft, name, value)
    draft.save_revision(user=editor_of("jingji"))


def test_review_shows_every_material_in_full_not_its_summary(office):
    policy = policies.draft_bundle(materials=("text", "qa", "graphic"), attachments=[policies.attachment("a.pdf")])
    page = review(submit(policy))
    assert "首次审签" in page
    assert "措施解读正文。" in page, "the text material's body, not only its summary (解读十条措施。)"
    assert "谁可以申请?" in page and "本镇登记的企业。" in page, "the Q&A items"
    assert "十条措施的要点" in page and "10条" in page and "同步发布" in page, "the 图解's key points and steps"
    assert "第一条 优化营商环境。" in page and "申请表" in page, "the document's text and attachment"


def test_review_shows_what_changed_since_the_last_signature(office):
    policy = policies.released_bundle(materials=("text", "text"))
    first, second = TextMaterialPage.objects.child_of(policy).order_by("path")
    edit(first, body="<p>措施解读正文。新增第十一条解读。</p>")
    edit(policy, plan_outline="一、背景\n二、措施\n三、问答")
    policies.add_material(policy, "qa", "企业问答", "哪些企业可以享受?本镇注册的企业", user=editor_of("jingji"))
    second.delete()

    page = review(submit(policy))
    assert "上次审签" in page and "首次审签" not in page
    assert '<span class="addition">新增第十一条解读。</span>' in page, "the material's body as a diff"
    assert '<span class="addition">\n三、问答</span>' in page, "the plan's change in the document's diff"
    assert "<dt>发布日期</dt>" not in page, "what the release filled in is no change to sign"
    assert page.count('w-status--primary">有修改<') == 1 and page.count('w-status--primary">新增<') == 1
    assert f'{second.title} <span class="w-status w-status--label">已删除</span>' in page


def test_an_unchanged_bundle_says_so(office):
    policy = policies.released_bundle()
    edit(policy, summary="十条措施优化营商环境,自发布之日起施行。")
    page = review(submit(policy))
    assert "政策文件和解读方案有修改" in page
    assert "自发布之日起施行" in page
    assert 'class="review-material' in page and "w-status--primary" not in page, "the untouched material is not marked"
