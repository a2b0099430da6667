"""转载到下级主体: from a county policy's admin, one click drafts its republication in each chosen town."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from bodies import scope
from interpretation.models import PolicyDocumentPage

from . import internal
from .models import RepublicationPage

URL_NAME = "watcher_internal_republication"


def targets_for(user, policy: PolicyDocumentPage):
    """The bodies below the policy's body that this person may republish into."""
    return scope.restrict(internal.bodies_below(policy), user, field="pk").order_by("sort_order", "pk")


def internal_republication(request, policy_id: int):
    policy = get_object_or_404(PolicyDocumentPage, pk=policy_id)
    if not scope.may_act_for(request.user, policy.disclosing_body_id):
        raise PermissionDenied
    targets = list(targets_for(request.user, policy))
    if request.method == "POST":
        chosen = targets if "all" in request.POST else [b for b in targets if str(b.pk) in request.POST.getlist("body")]
        made, errors = [], []
        for body in chosen:
            try:
                page, created = internal.republish(policy, body, user=request.user)
            except internal.RepublicationRefused as refusal:
                errors.append(str(refusal))
                continue
            if created:
                made.append(body.short_name or body.name)
        if made:
            messages.success(request, f"已为{'、'.join(made)}生成转载草稿。")
        elif not errors:
            messages.info(request, "所选主体已有本文件的转载,未重复生成。")
        for error in dict.fromkeys(errors):
            messages.error(request, error)
        return redirect(reverse(URL_NAME, args=(policy.pk,)))
    pages = {
        page.disclosing_body_id: page
        for page in RepublicationPage.objects.filter(original_policy=policy, disclosing_body__in=targets)
    }
    rows = [
        {
            "body": body,
            "page": pages.get(body.pk),
            "edit_url": reverse("wagtailadmin_pages:edit", args=(pages[body.pk].pk,)) if body.pk in pages else "",
        }
        for body in targets
    ]
    return TemplateResponse(
        request,
        "watcher/admin/internal_republication.html",
        {
            "page_title": "转载到下级主体",
            "policy": policy,
            "rows": rows,
            "eligible": policy.live and policy.is_public,
            "pending": any(row["page"] is None for row in rows),
            "edit_url": reverse("wagtailadmin_pages:edit", args=(policy.pk,)),
        },
    )
