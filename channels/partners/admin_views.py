"""Admin actions on a partner that are not plain edits: rotate the secret or token, re-enable after a stop.

Each shows a confirmation page (GET) and acts on POST and records the action in the partner's history. A
rotation answers its POST with the new secret or token, shown this once (never stored in clear, never shown again);
re-enabling returns to the edit page.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail.log_actions import log

from bodies import scope
from channels import actions as ledger_actions
from channels.models import ChannelTargetState
from security import audit

from .models import PressPartner

logger = logging.getLogger(__name__)
PARTNER_CHANNELS = ("partner_webhook", "partner_email")

CHANGE_PERMISSION = "partners.change_presspartner"


@dataclass(frozen=True)
class PartnerAction:
    name: str
    label: str
    question: str
    done: str
    log_message: str

    @property
    def log_action(self) -> str:
        return f"partners.{self.name}"


ACTIONS = {
    action.name: action
    for action in (
        PartnerAction(
            "rotate_secret",
            "轮换签名密钥",
            "生成新的签名密钥后,旧密钥立即失效。请在轮换后把新密钥告知对方,否则对方将无法校验推送。",
            "已生成新的签名密钥,请告知对方。",
            "轮换合作媒体的推送签名密钥",
        ),
        PartnerAction(
            "rotate_token",
            "轮换获取令牌",
            "生成新的获取令牌后,旧令牌立即失效,对方须改用新令牌访问接口和订阅源。",
            "已生成新的获取令牌,请告知对方。",
            "轮换合作媒体的获取令牌",
        ),
        PartnerAction(
            "enable",
            "重新启用",
            "确认对方问题已解决(例如已提供新的推送地址)后重新启用:等待中的分发记录继续发送,此后发布的文件也将分发给该媒体。",
            "已重新启用。",
            "重新启用合作媒体",
        ),
    )
}


def register_log_actions(actions):
    for action in ACTIONS.values():
        actions.register_action(action.log_action, action.label, action.log_message)


def paused_channels(partner: PressPartner) -> list[str]:
    """The partner channels the ledger paused for this partner after a configuration error (410, wrong secret)."""
    return list(
        ChannelTargetState.objects.filter(channel__in=PARTNER_CHANNELS, target=partner.target, enabled=False)
        .order_by("channel")
        .values_list("channel", flat=True)
    )


def _resume_ledger(request, partner: PressPartner) -> None:
    """Re-enabling the partner also resumes its paused ledger targets, so the rows that waited go on."""
    for channel in paused_channels(partner):
        try:
            resumed = ledger_actions.enable_target(channel, partner.target, request.user)
        except ledger_actions.ActionRefused as refused:
            messages.warning(request, f"{partner.name}:{refused.message_zh}分发记录仍在等待。")
        else:
            logger.info("Partner %s: %s resumed with %d waiting deliveries", partner.pk, channel, resumed)


def issued_response(request, partner: PressPartner, *, edit_url: str, secret: str = "", token: str = ""):
    """The one page that shows a new secret or token: not cached, not kept, not logged."""
    response = TemplateResponse(
        request,
        "partners/issued.html",
        {
            "partner": partner,
            "secret": secret,
            "token": token,
            "edit_url": edit_url,
            "page_title": f"{partner.name}:请记录签名密钥和获取令牌",
        },
    )
    response["Cache-Control"] = "no-store"
    return response


def partner_action(request, pk, action: str, *, edit_url_name: str):
    if not request.user.has_perm(CHANGE_PERMISSION):
        raise PermissionDenied
    partner = get_object_or_404(scope.restrict(PressPartner.objects.all(), request.user), pk=pk)
    spec = ACTIONS[action]
    edit_url = reverse(edit_url_name, args=(partner.pk,))
    if request.method == "POST":
        issued = {}
        if action == "rotate_secret":
            issued["secret"] = partner.rotate_secret()
        elif action == "rotate_token":
            issued["token"] = partner.rotate_token()
        else:
            partner.enable()
            _resume_ledger(request, partner)
        log(instance=partner, action=spec.log_action, user=request.user)
        audit.record(spec.log_action, request=request, actor=request.user, target=partner)
        messages.success(request, f"{partner.name}:{spec.done}")
        if issued:
            return issued_response(request, partner, edit_url=edit_url, **issued)
        return redirect(edit_url)
    return TemplateResponse(
        request,
        "partners/confirm_action.html",
        {"partner": partner, "action": spec, "edit_url": edit_url, "page_title": f"{spec.label}:{partner.name}"},
    )
