"""The recorded approvals a release rests on: the department leader's signature and the openness office's
agreement to a non-proactive disclosure attribute."""

from __future__ import annotations

from typing import TYPE_CHECKING

from interpretation import audit
from interpretation.models import BundleSignature, DisclosureApproval

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from wagtail.models import Revision

    from interpretation.models import MaterialPage, PolicyDocumentPage


def sign_bundle(
    policy: PolicyDocumentPage, revision: Revision, user: User | None, comment: str = ""
) -> BundleSignature:
    """Record that `user` signed this policy revision together with the current draft of every material."""
    materials = {
        str(material.pk): material.get_latest_revision().pk
        for material in policy.materials
        if material.get_latest_revision() is not None
    }
    signature = BundleSignature.objects.create(
        policy=policy, policy_revision=revision, material_revisions=materials, signed_by=user, comment=comment
    )
    audit.record(policy, audit.SIGNED, user, revision=revision.pk, materials=materials, comment=comment)
    return signature


def sign_follow_up(material: MaterialPage, revision: Revision, user: User | None, comment: str = "") -> BundleSignature:
    """A material added after release is signed on its own, against the policy's live revision."""
    policy = material.get_parent().specific
    signature = BundleSignature.objects.create(
        policy=policy,
        policy_revision_id=policy.live_revision_id or policy.latest_revision_id,
        material_revisions={str(material.pk): revision.pk},
        signed_by=user,
        comment=comment,
    )
    audit.record(
        policy, audit.SIGNED, user, revision=signature.policy_revision_id, materials=signature.material_revisions
    )
    return signature


def signature_for(policy: PolicyDocumentPage, revision: Revision) -> BundleSignature | None:
    return policy.signatures.filter(policy_revision=revision).order_by("-signed_at").first()


def follow_up_signed(material: MaterialPage, revision: Revision) -> bool:
    """True when a leader signed exactly this revision of the material (JSON lookups differ per database)."""
    signatures = BundleSignature.objects.filter(policy_id=material.get_parent().pk).values_list(
        "material_revisions", flat=True
    )
    return any(revisions.get(str(material.pk)) == revision.pk for revisions in signatures)


def approve_disclosure(
    policy: PolicyDocumentPage, revision: Revision, user: User | None, comment: str = ""
) -> DisclosureApproval:
    approval = DisclosureApproval.objects.create(
        policy=policy,
        policy_revision=revision,
        disclosure_attribute=policy.disclosure_attribute,
        approved_by=user,
        comment=comment,
    )
    audit.record(
        policy,
        audit.DISCLOSURE_APPROVED,
        user,
        revision=revision.pk,
        attribute=policy.disclosure_attribute,
        comment=comment,
    )
    return approval


def disclosure_approved(policy: PolicyDocumentPage, revision: Revision) -> bool:
    return DisclosureApproval.objects.filter(
        policy_id=policy.pk, policy_revision=revision, disclosure_attribute=policy.disclosure_attribute
    ).exists()
