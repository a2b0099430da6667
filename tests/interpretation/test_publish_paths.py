"""Every way a page becomes live, against every bundle state: the release guard holds on each path.

A publish path added to the product later must be added to PATHS below.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry

from channels.models import Delivery
from interpretation import three_sync
from interpretation.models import BundleRelease, MaterialPage, PolicyDocumentPage
from tests.factories.policies import ON_REQUEST, make_bundle, signed_bundle
from tests.interpretation.conftest import edit_url, policy_form

pytestmark = pytest.mark.django_db


@dataclass
class Outcome:
    live: bool
    reason: str = ""  # refused: a phrase of the Chinese reason; released: the history's release action
    materials_live: bool = True
    history: list[str] = field(default_factory=list)


RELEASED = Outcome(live=True, history=["interpretation.signed", "interpretation.released_together"])

#: state name → (how the bundle is made, who publishes, what must happen)
STATES = {
    "complete": ({}, "jjb_leader", RELEASED),
    "no_plan": ({"plan": False}, "jjb_leader", Outcome(False, "解读方案缺少")),
    "no_material": ({"materials": ()}, "jjb_leader", Outcome(False, "至少需要一份解读材料")),
    "invalid_material": ({"material_body": ""}, "jjb_leader", Outcome(False, "解读正文")),
    "unsigned_by_releaser": ({}, "releaser", Outcome(False, "未经起草部门负责人同步审签")),
    # Wagtail's own permission check refuses first (the guard would too: only the drafting leader signs).
    "other_department_leader": ({}, "dzb_leader", Outcome(False)),
    "on_request_without_office": (ON_REQUEST, "jjb_leader", Outcome(False, "须经政务公开办审核")),
    "on_request_with_office": (
        {**ON_REQUEST, "office_approved": True, "signed": True},
        "jjb_leader",
        Outcome(True, history=["interpretation.released_together"]),
    ),
    "override_with_right_and_reason": (
        {"override_reason": "防汛紧急通知,解读随后补发"},
        "releaser",
        Outcome(True, materials_live=False, history=["interpretation.override"]),
    ),
    "override_with_right_no_reason": ({"materials": ()}, "releaser", Outcome(False, "请填写无解读发布理由")),
    "override_reason_without_right": (
        {"materials": (), "override_reason": "想先发"},
        "jjb_leader",
        Outcome(False, "至少需要一份解读材料"),
    ),
}


# -- the paths -------------------------------------------------------------------------------------------


def via_code(client, policy, username):
    """manage.py shell, a script, a management command: revision.publish(user=...)."""
    policy.get_latest_revision().publish(user=_user(username))


def via_code_without_user(client, policy, username):
    policy.get_latest_revision().publish()


def via_edit_form(client, policy, username):
    """The edit form's 发布 (also what 更多动作 → 发布 posts)."""
    client.force_login(_user(username))
    return client.post(edit_url(policy), policy_form(**_form_fields(policy), **{"action-publish": "发布"}))


def via_bulk_action(client, policy, username):
    client.force_login(_user(username))
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish")) + f"?id={policy.pk}"
    return client.post(url, {"include_descendants": ""})


def via_scheduler(client, policy, username):
    """Scheduled by the user, then made live by the scheduler's publish_scheduled run."""
    page = policy.get_latest_revision_as_object()
    page.go_live_at = timezone.now() + timedelta(hours=1)
    revision = page.save_revision(user=_user(username))
    _carry_approvals(policy, revision)
    revision.publish(user=_user(username))  # a refusal here is raised: the editor hears it at once
    revision.refresh_from_db()
    assert revision.approved_go_live_at is not None
    # Time passes: the revision becomes due.
    due = timezone.now() - timedelta(minutes=1)
    content = {**revision.content, "go_live_at": due.isoformat()}
    type(revision).objects.filter(pk=revision.pk).update(approved_go_live_at=due, content=content)
    call_command("publish_scheduled", verbosity=0)
    return None


def via_revert(client, policy, username):
    """Revert to an earlier revision and publish it (the history's 恢复 → 发布)."""
    earlier = policy.get_latest_revision()
    page = earlier.as_object()
    revision = page.save_revision(user=_user(username), previous_revision=earlier)
    _carry_approvals(policy, revision)
    revision.publish(user=_user(username), previous_revision=earlier)


PATHS = {
    "code": via_code,
    "code_without_user": via_code_without_user,
    "edit_form": via_edit_form,
    "bulk_action": via_bulk_action,
    "scheduler": via_scheduler,
    "revert": via_revert,
}

#: where a path cannot carry a state's precondition, the outcome differs for a reason of its own
EXCEPTIONS = {
    # Nobody acts: only what a leader has already signed may go out.
    ("code_without_user", "complete"): Outcome(False, "未经起草部门负责人同步审签"),
    ("code_without_user", "override_with_right_and_reason"): Outcome(False, "未经起草部门负责人同步审签"),
    ("code_without_user", "override_with_right_no_reason"): Outcome(False, "未经起草部门负责人同步审签"),
    # The edit form saves a new revision: the office approved the previous one, not this one.
    ("edit_form", "on_request_with_office"): Outcome(False, "须经政务公开办审核"),
    # The form checks the bundle before anything is saved and names what is missing first.
    ("edit_form", "override_with_right_no_reason"): Outcome(False, "至少需要一份解读材料"),
}


def _user(username):
    return get_user_model().objects.get(username=username) if username else None


def _form_fields(policy) -> dict:
    return {
        "disclosure_attribute": policy.disclosure_attribute,
        "withholding_reason": policy.withholding_reason,
        "plan_outline": policy.plan_outline,
        "first_interpreter": policy.first_interpreter,
        "override_reason": policy.override_reason,
    }


def _carry_approvals(policy, revision):
    """The states "signed" and "office approved" mean: for the revision that is published."""
    for signature in policy.signatures.all():
        signature.pk, signature.policy_revision = None, revision
        signature.save()
    for approval in policy.disclosure_approvals.all():
        approval.pk, approval.policy_revision = None, revision
        approval.save()


def _messages(response) -> str:
    if response is None:
        return ""
    text = response.content.decode() if response.status_code == 200 else ""
    return text + " ".join(str(message) for message in get_messages(response.wsgi_request))


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("state", STATES)
def test_every_publish_path_against_every_bundle_state(office, client, path, state):
    how, username, expected = STATES[state]
    expected = EXCEPTIONS.get((path, state), expected)
    policy = make_bundle(**how)
    response = None
    try:
        response = PATHS[path](client, policy, username)
        raised = ""
    except three_sync.ReleaseRefused as refusal:
        raised = refusal.message
    except PermissionDenied:
        raised = "permission denied"
    policy = PolicyDocumentPage.objects.get(pk=policy.pk)
    materials = list(MaterialPage.objects.child_of(policy))
    history = list(PageLogEntry.objects.filter(page=policy).values_list("action", flat=True))

    assert policy.live is expected.live, (path, state, raised, _messages(response)[:300], history)
    if expected.live:
        assert BundleRelease.objects.filter(policy=policy).exists()
        assert Delivery.objects.exists(), "a release queues its deliveries"
        for action in expected.history:
            assert action in history, (action, history)
        assert all(material.live is expected.materials_live for material in materials), state
        return
    # Refused: nothing of the bundle is live, nothing released, nothing queued, and someone is told why.
    assert not any(material.live for material in materials)
    assert not BundleRelease.objects.filter(policy=policy).exists()
    assert not Delivery.objects.exists()
    refusals = PageLogEntry.objects.filter(page=policy, action="interpretation.release_refused")
    told = raised + _messages(response) + " ".join(";".join(entry.data["reasons"]) for entry in refusals)
    assert expected.reason in told, (path, state, told[:500])
    if path in {"bulk_action", "scheduler"} and expected.reason and not raised:
        assert refusals.exists(), "a refusal nobody saw on screen is in the page's history"


def test_copying_a_released_policy_with_publish_ticked_makes_a_draft_that_is_signed_on_its_own(office, client):
    """Copy (复制, with 发布副本) is a publish path too: a copy is a new document, so it is never born live."""
    policy = signed_bundle()
    policy.get_latest_revision().publish()
    policy = PolicyDocumentPage.objects.get(pk=policy.pk)
    assert policy.live
    client.force_login(_user("jjb_leader"))
    response = client.post(
        reverse("wagtailadmin_pages:copy", args=(policy.pk,)),
        {
            "new_title": "关于优化营商环境的若干措施(副本)",
            "new_slug": "yingshang-cuoshi-copy",
            "new_parent_page": policy.get_parent().pk,
            "copy_subpages": "on",
            "publish_copies": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    copy = PolicyDocumentPage.objects.get(slug="yingshang-cuoshi-copy")
    assert not copy.live and copy.first_published_at is None
    assert not MaterialPage.objects.child_of(copy).live().exists()
    assert BundleRelease.objects.filter(policy=copy).count() == 0
    assert copy.index_number != policy.index_number, "a new document gets its own 索引号"


def test_setting_live_by_hand_from_a_script_is_refused(office):
    policy = signed_bundle()
    policy.live = True
    with pytest.raises(three_sync.ReleaseRefused, match="只能通过发布某一版本上线"):
        policy.save()
    assert not PolicyDocumentPage.objects.get(pk=policy.pk).live
