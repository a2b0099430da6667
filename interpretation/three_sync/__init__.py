"""三同步: a policy, its interpretation plan and materials are organized, signed and released together.

Every check and state change of the rule lives in this package; forms, workflow tasks, admin views and signal
handlers only call it:
- `rules`: what a bundle must hold (gaps in Chinese);
- `records`: the signatures and openness-office approvals a release rests on;
- `guard`: the release guard every publish path passes through (called from the page models' `save()`);
- `release`: what a release does (materials published with the policy, the record, the override clock).
"""

from interpretation.three_sync.guard import (
    Actor,
    Clearance,
    ReleaseRefused,
    ThreeSyncViolation,
    acting_as,
    check_follow_up,
    check_release,
    current_actor,
    display_name,
    is_openness_office,
    may_override,
    may_sign,
)
from interpretation.three_sync.records import (
    approve_disclosure,
    disclosure_approved,
    follow_up_signed,
    sign_bundle,
    sign_follow_up,
    signature_for,
)
from interpretation.three_sync.release import (
    check_schedule,
    goes_live,
    is_part_of_bundle_release,
    overdue_overrides,
    pending_overrides,
    publish_guarded,
    record_refusal,
    refused_schedules,
    release_bundle,
    release_follow_up,
    save_material_going_live,
    save_policy_going_live,
    withdraw_bundle,
)
from interpretation.three_sync.rules import (
    OVERRIDE_DEADLINE_WORKING_DAYS,
    bundle_gaps,
    disclosure_gaps,
    draft_materials,
    gate_message,
    interpretation_gaps,
    material_problems,
    needs_openness_office,
)

__all__ = [
    "OVERRIDE_DEADLINE_WORKING_DAYS",
    "Actor",
    "Clearance",
    "ReleaseRefused",
    "ThreeSyncViolation",
    "acting_as",
    "approve_disclosure",
    "bundle_gaps",
    "check_follow_up",
    "check_release",
    "check_schedule",
    "current_actor",
    "disclosure_approved",
    "disclosure_gaps",
    "display_name",
    "draft_materials",
    "follow_up_signed",
    "gate_message",
    "goes_live",
    "interpretation_gaps",
    "is_openness_office",
    "is_part_of_bundle_release",
    "material_problems",
    "may_override",
    "may_sign",
    "needs_openness_office",
    "overdue_overrides",
    "pending_overrides",
    "publish_guarded",
    "record_refusal",
    "refused_schedules",
    "release_bundle",
    "release_follow_up",
    "save_material_going_live",
    "save_policy_going_live",
    "sign_bundle",
    "sign_follow_up",
    "signature_for",
    "withdraw_bundle",
]
