"""Wagtail 8's autosave on the create view, then 保存草稿 or 提交审核: one page, never a slug clash."""

import pytest

from interpretation.models import PolicyDocumentPage
from tests.interpretation.conftest import add_url, policy_form, text_material_form

pytestmark = pytest.mark.django_db

#: What Wagtail's title sync types into the slug field for a Chinese title.
CHINESE_SLUG = "关于优化营商环境的若干措施"


def autosave(client, url, data):
    """The autosave controller's background POST: the whole form, asking for JSON."""
    response = client.post(url, data, HTTP_ACCEPT="application/json")
    assert response.status_code == 200, response.content.decode()[:500]
    body = response.json()
    assert body["success"]
    return body


def test_autosave_then_save_draft_on_the_edit_form(office, login):
    client = login("jjb_editor")
    section = office["sections"]["jingji"]
    saved = autosave(client, add_url("policydocumentpage", section), policy_form(slug=CHINESE_SLUG))
    policy = PolicyDocumentPage.objects.get(pk=saved["pk"])
    assert policy.slug == "2026-3" and saved["field_updates"]["slug"] == "2026-3"
    assert client.get(saved["hydrate_url"]).status_code == 200

    response = client.post(saved["url"], policy_form(slug=CHINESE_SLUG, summary="改过的摘要。"))
    assert response.status_code == 302
    assert PolicyDocumentPage.objects.count() == 1
    assert PolicyDocumentPage.objects.get().get_latest_revision().content["summary"] == "改过的摘要。"


@pytest.mark.parametrize("action", [{}, {"action-submit": "提交"}])
def test_a_submission_that_still_reaches_the_create_view_goes_to_the_autosaved_page(office, login, action):
    client = login("jjb_editor")
    section = office["sections"]["jingji"]
    url = add_url("policydocumentpage", section)
    saved = autosave(client, url, policy_form(slug=CHINESE_SLUG))
    # A material, so that 提交 passes the three-sync gate.
    autosave(client, add_url("textmaterialpage", PolicyDocumentPage.objects.get()), text_material_form(slug=""))

    followed = client.post(url, policy_form(slug=CHINESE_SLUG, **action), follow=True)
    assert followed.redirect_chain[0] == (saved["url"], 307)
    page = followed.content.decode()
    assert "already in use" not in page and "已被使用" not in page
    assert PolicyDocumentPage.objects.count() == 1
    policy = PolicyDocumentPage.objects.get()
    if action:
        assert policy.current_workflow_state is not None, "提交审核 started the workflow on the autosaved page"


def test_a_fresh_create_form_makes_a_new_page(office, login):
    client = login("jjb_editor")
    section = office["sections"]["jingji"]
    url = add_url("policydocumentpage", section)
    autosave(client, url, policy_form(slug=CHINESE_SLUG))
    assert client.get(url).status_code == 200
    response = client.post(url, policy_form(slug=CHINESE_SLUG, document_number="历政〔2026〕4号"))
    assert response.status_code == 302
    assert sorted(PolicyDocumentPage.objects.values_list("slug", flat=True)) == ["2026-3", "2026-4"]
