"""What a bundle must hold before it may be submitted, signed or released, in the words an editor reads."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from interpretation.choices import DisclosureAttribute

if TYPE_CHECKING:
    from interpretation.models import MaterialPage, PolicyDocumentPage

OVERRIDE_DEADLINE_WORKING_DAYS = 3


def disclosure_gaps(policy: PolicyDocumentPage) -> list[str]:
    """Every document needs its disclosure attribute, and a legal reason unless proactive: no override exists."""
    if not policy.disclosure_attribute:
        return [_("未明确公开属性")]
    if policy.disclosure_attribute != DisclosureAttribute.PROACTIVE and not policy.withholding_reason.strip():
        return [_("依申请公开或不予公开须说明理由")]
    return []


def material_problems(materials: Iterable[MaterialPage]) -> list[str]:
    """Each material checked by its own model validation, required fields included.

    Wagtail saves drafts without their required fields; what goes out must be complete, so the bundle is
    refused at submission (not at the final approval) when a material would not pass `full_clean()`.
    """
    problems: list[str] = []
    for material in materials:
        try:
            material.full_clean()
        except ValidationError as error:
            problems.append(
                _("解读材料《%(title)s》%(fields)s")
                % {"title": material.title, "fields": ";".join(_field_messages(material, error))}
            )
    return problems


def _field_messages(material: MaterialPage, error: ValidationError) -> list[str]:
    messages: list[str] = []
    for field_name, errors in error.message_dict.items():
        try:
            field = material._meta.get_field(field_name)
        except Exception:  # NON_FIELD_ERRORS or a form-only name
            field = None
        label = str(field.verbose_name) if isinstance(field, models.Field) else ""
        text = "".join(str(message) for message in errors)
        messages.append(f"{label}:{text}" if label else text)
    return messages


def interpretation_gaps(policy: PolicyDocumentPage, materials: Sequence[MaterialPage] | None = None) -> list[str]:
    """What the interpretation side lacks; only this part may be overridden, with a reason."""
    if not policy.requires_interpretation:
        return []
    gaps: list[str] = []
    plan_missing = policy.plan_gaps()
    if plan_missing:
        gaps.append(_("解读方案缺少:%(items)s") % {"items": "、".join(plan_missing)})
    if materials is None:
        materials = draft_materials(policy)
    if not materials:
        gaps.append(_("至少需要一份解读材料(先保存草稿,再在本文件下添加解读材料)"))
    return gaps + material_problems(materials)


def draft_materials(policy: PolicyDocumentPage) -> list[MaterialPage]:
    """Every material as its latest draft: what a submission or a signature would carry."""
    if not policy.pk:
        return []
    return [material.get_latest_revision_as_object() for material in policy.materials]


def bundle_gaps(policy: PolicyDocumentPage, materials: Sequence[MaterialPage] | None = None) -> list[str]:
    """What the bundle still lacks before it may be submitted or released, in Chinese; empty when complete."""
    if materials is None:
        materials = draft_materials(policy)
    gaps = disclosure_gaps(policy) + interpretation_gaps(policy, materials)
    if not policy.requires_interpretation:
        gaps += material_problems(materials)  # optional materials must still be whole
    return gaps


def gate_message(gaps: list[str]) -> str:
    return _("三同步要求未满足,无法提交:") + ";".join(gaps) + "。"


def needs_openness_office(policy: PolicyDocumentPage) -> bool:
    return bool(policy.disclosure_attribute) and policy.disclosure_attribute != DisclosureAttribute.PROACTIVE
