"""A policy amended or repealed links the newer one, and the newer one lists what it amends or repeals, in the
portal's words; only public, live policies are named on either page or in the outputs."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from interpretation.bundle_content import policy_content
from interpretation.models import PolicyDocumentPage
from media_templates.renderers.atom import render_atom_entry
from media_templates.renderers.ninjs import render_ninjs
from tests.factories.policies import publish_update
from tests.module_db import built_once_per_module
from tests.public.conftest import build_library

pytestmark = pytest.mark.django_db

# The documents these tests name, with the two never seen: the whole library takes seconds more and adds nothing.
NAMED = frozenset({"fangxun", "fangxun-2023", "weifang", "cesuo"})
_named_for_module = built_once_per_module(lambda: build_library(only=NAMED), on="_office_for_module")


@pytest.fixture
def library(_named_for_module, demo):
    """Slug → fresh instance of every policy in the module's library."""
    return {policy.slug: policy for policy in PolicyDocumentPage.objects.all()}


def words(client, page) -> str:
    """The page's text without tags, so that a sentence around a link reads as one."""
    response = client.get(page.url)
    assert response.status_code == 200, response.status_code
    return re.sub(r"<[^>]+>", "", response.content.decode("utf-8"))


def html(client, page) -> str:
    return client.get(page.url).content.decode("utf-8")


def link(page) -> str:
    return f'<a href="{page.url}">{page.title}</a>'


def supersede(old, new, validity):
    old.validity, old.superseded_by = validity, new
    publish_update(old)


def test_amended_policy_and_its_amendment_link_each_other(client, library):
    old, new = library["fangxun"], library["fangxun-2023"]
    assert "本文件已被《历阳镇防汛抗旱应急预案(2023年修订)》修改，以新文件为准。" in words(client, old)
    assert link(new) in html(client, old)
    assert "本文件修改《历阳镇防汛抗旱应急预案》。" in words(client, new)
    assert link(old) in html(client, new)


def test_repealed_policy_and_the_one_repealing_it_link_each_other(client, library):
    old, new = library["weifang"], library["fangxun-2023"]
    supersede(old, new, "repealed")
    assert "本文件已废止，以《历阳镇防汛抗旱应急预案(2023年修订)》为准。" in words(client, old)
    assert link(new) in html(client, old)
    listed = words(client, new)
    assert "本文件废止《历阳镇农村危房改造实施方案》。" in listed
    assert "本文件修改《历阳镇防汛抗旱应急预案》。" in listed  # both relations, each in its own words
    assert link(old) in html(client, new)


def test_without_a_public_newer_policy_the_banner_points_to_the_policies_in_force(client, library):
    assert "本文件已失效，请以现行有效的文件为准。" in words(client, library["cesuo"])
    assert "本文件已废止，请以现行有效的文件为准。" in words(client, library["weifang"])


def test_a_non_public_older_policy_is_never_named_by_the_public_newer_one(client, library):
    new = library["fangxun-2023"]
    # 依申请公开, 不予公开: set in the table (their release needs the openness office, beside the point here).
    hidden = [library["cehui"].pk, library["renshi"].pk]
    PolicyDocumentPage.objects.filter(pk__in=hidden).update(validity="repealed", superseded_by=new)
    page = html(client, new)
    assert "绝密测绘" not in page and library["cehui"].url not in page
    content = policy_content(new)
    assert [r.title for r in content.relations] == ["历阳镇防汛抗旱应急预案"]
    assert "绝密测绘" not in render_atom_entry(content) and "绝密测绘" not in str(render_ninjs(content))


def test_a_withdrawn_older_policy_is_no_longer_listed(client, library):
    old, new = library["fangxun"], library["fangxun-2023"]
    old.unpublish()
    assert old.title not in words(client, new).replace(new.title, "")
    assert policy_content(new).relations == ()


def test_outputs_carry_both_directions(library):
    old, new = library["fangxun"], library["fangxun-2023"]
    (back,) = policy_content(new).relations
    assert (back.rel, back.title, back.statement) == ("amends", old.title, f"本文件修改《{old.title}》。")
    (forward,) = policy_content(old).relations
    assert forward.rel == "amended-by" and forward.url.endswith(new.url)
    assert forward.statement == f"本文件已被《{new.title}》修改，以新文件为准。"
    doc = render_ninjs(policy_content(new))  # validates against the ninjs 2.1 schema
    assert [a["name"] for a in doc["associations"] if a["name"].startswith("amends")] == ["amends-1"]


def test_an_editor_may_link_only_a_public_live_newer_policy_with_a_matching_validity(library):
    old = library["weifang"]
    old.superseded_by = library["cehui"]
    with pytest.raises(ValidationError) as refused:
        old.clean()
    assert refused.value.message_dict["superseded_by"] == ["新文件须已发布且主动公开。"]
    old.superseded_by, old.validity = library["fangxun-2023"], "valid"
    with pytest.raises(ValidationError) as refused:
        old.clean()
    assert refused.value.message_dict["validity"] == ["选择了新文件时,有效性须为已修改、已废止或已失效。"]
    old.validity = "repealed"
    old.clean()


def test_the_edit_forms_name_the_relation_in_chinese(client, library):
    client.force_login(get_user_model().objects.get(username="jjb_leader"))
    edit = reverse("wagtailadmin_pages:edit", args=(library["fangxun-2023"].pk,))
    newer = client.get(edit).content.decode()
    assert "本文件修改或废止的文件" in newer and "本文件修改《历阳镇防汛抗旱应急预案》。" in newer
    older = client.get(reverse("wagtailadmin_pages:edit", args=(library["fangxun"].pk,))).content.decode()
    assert "修改或废止本文件的新文件" in older and "已废止" in older
