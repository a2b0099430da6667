"""The test data's named states are what an editor would call them, checked through the product's own rules:
a test that asks for a signed bundle or a withheld one gets exactly that."""

import pytest
from django.contrib.auth import get_user_model

from channels.models import Delivery
from interpretation import three_sync
from interpretation.events.choices import EventState
from interpretation.models import BundleRelease, MaterialPage
from tests.factories.events import STEPS, events_section, make_event
from tests.factories.library import WORK_PLAN_SLUG, work_plan
from tests.factories.policies import (
    draft_bundle,
    on_request_bundle,
    overridden_release,
    released_bundle,
    signed_bundle,
    withheld_bundle,
)
from tests.factories.site import PASSWORD, PEOPLE, office
from tests.module_db import built_once_per_module

pytestmark = pytest.mark.django_db

_office_for_module = built_once_per_module(office)


@pytest.fixture
def user(_office_for_module, db):
    return lambda username: get_user_model().objects.get(username=username)


def materials_of(policy):
    return list(MaterialPage.objects.child_of(policy).specific())


def test_the_office_has_one_person_per_role_with_that_roles_rights(user):
    policy = draft_bundle()  # 经济发展办公室's
    assert set(get_user_model().objects.values_list("username", flat=True)) >= set(PEOPLE)
    assert all(user(username).check_password(PASSWORD) for username in PEOPLE)
    assert three_sync.may_sign(user("jjb_leader"), policy) and not three_sync.may_sign(user("dzb_leader"), policy)
    assert not three_sync.may_sign(user("jjb_editor"), policy)
    assert three_sync.is_openness_office(user("gkb_reviewer")) and not three_sync.is_openness_office(user("releaser"))
    assert user("releaser").has_perm("interpretation.release_without_interpretation")
    assert not user("jjb_leader").has_perm("interpretation.release_without_interpretation")
    assert user("admin").is_superuser
    assert policy.permissions_for_user(user("jjb_editor")).can_edit()
    assert not policy.permissions_for_user(user("dzb_editor")).can_edit(), "谁起草、谁解读: only its own section"


def test_a_draft_bundle_is_complete_and_nobody_has_signed_it(user):
    policy = draft_bundle()
    assert not policy.live and three_sync.bundle_gaps(policy) == []
    assert three_sync.signature_for(policy, policy.get_latest_revision()) is None
    assert [m.form for m in materials_of(policy)] == ["text"] and not any(m.live for m in materials_of(policy))
    assert policy.get_latest_revision().user == user("jjb_editor")


def test_a_signed_bundle_carries_the_leaders_signature_of_the_policy_and_every_material(user):
    policy = signed_bundle(materials=("text", "qa", "graphic"))
    signature = three_sync.signature_for(policy, policy.get_latest_revision())
    assert signature.signed_by == user("jjb_leader") and not policy.live
    assert set(signature.material_revisions) == {str(m.pk) for m in materials_of(policy)}


def test_a_released_bundle_is_live_with_its_materials_its_release_and_its_deliveries(user):
    policy = released_bundle(department="dangzheng")
    assert policy.live and all(m.live for m in materials_of(policy))
    release = BundleRelease.objects.get(policy=policy)
    assert release.kind == BundleRelease.Kind.RELEASE and release.released_by == user("dzb_leader")
    assert Delivery.objects.filter(release=release, channel="website").exists()


def test_an_overridden_release_goes_out_without_its_interpretation_and_starts_the_clock(user):
    policy = overridden_release()
    assert policy.live and policy.requires_interpretation and not materials_of(policy)
    assert policy.override_by == user("releaser") and policy.interpretation_due_at is not None
    assert BundleRelease.objects.get(policy=policy).kind == BundleRelease.Kind.OVERRIDE


@pytest.mark.parametrize(("builder", "attribute"), [(withheld_bundle, "withheld"), (on_request_bundle, "on_request")])
def test_withheld_and_on_request_bundles_are_approved_by_the_openness_office_and_never_shown(
    user, client, builder, attribute
):
    policy = builder()
    revision = policy.get_latest_revision()
    assert policy.disclosure_attribute == attribute and policy.withholding_reason
    assert three_sync.disclosure_approved(policy, revision) and three_sync.signature_for(policy, revision)
    assert not policy.live
    released = builder(released=True, slug=f"{attribute}-released")
    assert released.live and client.get(released.url).status_code == 404


def test_the_work_plan_is_released_with_its_text_qa_and_graphic(user, client):
    policy = work_plan()
    assert policy.slug == WORK_PLAN_SLUG and policy.url == f"/policies/liyang/dangzheng/{WORK_PLAN_SLUG}/"
    assert policy.live and three_sync.bundle_gaps(policy) == []
    assert {m.form for m in policy.live_materials()} == {"text", "qa", "graphic"}
    assert "2018年历阳镇政务公开工作方案" in client.get(policy.url).content.decode()


def test_events_in_named_states_went_through_the_lifecycle(user):
    index = events_section()
    assert user("dzb_editor").groups.filter(name="发布会与访谈编辑").exists()
    expected = {
        "provisional": (EventState.SCHEDULED, False),
        "confirmed": (EventState.SCHEDULED, True),
        "live": (EventState.LIVE, True),
        "concluded": (EventState.CONCLUDED, True),
        "cancelled": (EventState.CANCELLED, False),
    }
    assert set(expected) == {*STEPS, "cancelled"}
    for name, (state, confirmed) in expected.items():
        event = make_event(index, state=name)
        assert (event.state, bool(event.date_confirmed)) == (state, confirmed), name
        assert event.live, "announced"
