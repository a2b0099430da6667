"""Who sees an application, and who sees the applicant: the handling office of its own body and the 审计管理员.

A case is listed to the people of its body and the bodies above it who handle applications (the office's
handlers group) or audit them (the `view_personal_data` permission), and to the members of the department it
was assigned to. Its personal data (证件号码、电话、邮箱、地址) are shown only to the handling office of the
case's *own* body, to auditors in scope and to superusers: an assigned department or the county above sees
them masked.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from bodies import scope

from .models import InformationRequest, RequestOffice

AUDIT_PERMISSION = "disclosure_requests.view_personal_data"


def _department_ids(user) -> set[int]:
    from interpretation.models import DraftingDepartment  # same layer; the taxonomy of the policy app

    groups = list(user.groups.values_list("pk", flat=True))
    if not groups:
        return set()
    return set(
        DraftingDepartment.objects.filter(Q(editors__in=groups) | Q(leaders__in=groups)).values_list("pk", flat=True)
    )


def handled_body_ids(user) -> set[int]:
    """The bodies whose handling office this person belongs to (their own body, if its office has them)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    own = scope.body_of(user)
    if own is None:
        return set()
    office = RequestOffice.objects.filter(disclosing_body=own, handlers__in=user.groups.all()).first()
    return {own.pk} if office else set()


def is_auditor(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_perm(AUDIT_PERMISSION))


def is_handler_anywhere(user) -> bool:
    """Handles applications for their body, or for bodies below it through their own office's group."""
    if scope.is_unrestricted(user):
        return True
    own = scope.body_of(user)
    return bool(own) and RequestOffice.objects.filter(handlers__in=user.groups.all(), disclosing_body=own).exists()


def visible_requests(user) -> QuerySet[InformationRequest]:
    """The cases this person may open."""
    everything = InformationRequest.objects.all()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return everything.none()
    if scope.is_unrestricted(user):
        return everything
    in_scope = scope.restrict(everything, user)
    if is_auditor(user) or is_handler_anywhere(user):
        return in_scope
    departments = _department_ids(user)
    return in_scope.filter(department__in=departments) if departments else everything.none()


def may_see_personal_data(user, request: InformationRequest) -> bool:
    if scope.is_unrestricted(user):
        return True
    if is_auditor(user) and scope.may_act_for(user, request.disclosing_body_id):
        return True
    return request.disclosing_body_id in handled_body_ids(user)


def may_handle(user, request: InformationRequest) -> bool:
    """Changes (receipt, 补正, extension, reply) belong to the handling office of the case's own body."""
    return scope.is_unrestricted(user) or request.disclosing_body_id in handled_body_ids(user)


def may_note(user, request: InformationRequest) -> bool:
    """The assigned department records its searches and consultations too."""
    return may_handle(user, request) or (
        request.department_id is not None and request.department_id in _department_ids(user)
    )


def mask(value: str) -> str:
    """Keep the first 3 and last 2 characters ("341***********34"); short values become stars."""
    value = value or ""
    if len(value) <= 5:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 5) + value[-2:]


def mask_name(name: str) -> str:
    """刘洋 -> 刘*; organisations keep their name (it is not personal data)."""
    return name[:1] + "*" * (len(name) - 1) if name else ""
