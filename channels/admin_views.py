"""分发状态: every channel's state for one policy, with the manual actions; and the POST endpoints behind them.

Every delivery belongs to the 公开主体 of the page it delivers (the policy, republication or event): a person sees,
counts and acts on the rows of the bodies in their scope only (bodies.scope), and another body's rows answer 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from bodies import scope
from channels import actions, follow_ups
from channels.adapters.base import all_adapters
from channels.models import ChannelTargetState, Delivery, DeliveryAttempt
from channels.models.delivery import with_target_names
from channels.partners.models import PressPartner
from channels.watcher.models import RepublicationPage
from channels.wechat import quota
from interpretation.bundle_content import page_url
from interpretation.events.models import EventPage
from interpretation.models import BundleRelease, PolicyDocumentPage

ATTEMPTS_SHOWN = 8


#: The page types whose releases are delivered (their rows point at them: Delivery.page), each with its body.
DELIVERED_PAGES = (PolicyDocumentPage, RepublicationPage, EventPage)


def in_scope(deliveries, user):
    """The rows whose page belongs to a body in the person's scope; still one query (subqueries, no join)."""
    ids = scope.body_ids(user)
    if ids is None:
        return deliveries
    pages = Q()
    for model in DELIVERED_PAGES:
        pages |= Q(page_id__in=model.objects.filter(disclosing_body__in=ids).values("pk"))
    return deliveries.filter(pages)


def may_see_page(user, page) -> bool:
    return scope.may_act_for(user, getattr(page.specific_deferred, "disclosing_body_id", None))


def paused_in_scope(user):
    """Paused channel targets, without the press partners of bodies outside the person's scope."""
    paused = with_target_names(ChannelTargetState.objects.filter(enabled=False))
    if scope.body_ids(user) is None:
        return paused
    foreign = PressPartner.objects.exclude(scope.in_scope_q(user)).values_list("pk", flat=True)
    return paused.exclude(target__in=[f"partner:{pk}" for pk in foreign])


def may_view(user, policy) -> bool:
    return actions.can_release(user) or policy.permissions_for_user(user).can_edit()


def channel_summary(user=None) -> list[dict]:
    """Each channel: on or off (with the Chinese reason), and its paused targets (those the person may see)."""
    if user is None:
        paused = list(with_target_names(ChannelTargetState.objects.filter(enabled=False)))
    else:
        paused = list(paused_in_scope(user))
    return [
        {
            "channel": adapter.channel,
            "label": adapter.label,
            "enabled": adapter.status()[0],
            "reason": adapter.status()[1],
            "paused": [p for p in paused if p.channel == adapter.channel],
        }
        for adapter in all_adapters()
    ]


def delivery_rows(queryset):
    """The rows with their latest attempts and paused flags: a fixed number of queries however many partners."""
    paused = ChannelTargetState.disabled_targets()
    latest = Prefetch("attempt_log", queryset=DeliveryAttempt.objects.all()[:ATTEMPTS_SHOWN], to_attr="recent_attempts")
    rows = list(queryset.for_people().select_related("corrects").prefetch_related(latest))
    allowances: dict[str, quota.Allowance] = {}
    for delivery in rows:
        delivery.is_paused = (delivery.channel, delivery.target) in paused
        if delivery.channel == "wechat":  # told before the releaser chooses 群发
            if delivery.target not in allowances:
                allowances[delivery.target] = quota.allowance(delivery.target)
            delivery.mass_allowance = allowances[delivery.target]
    return rows


def policy_deliveries(request, policy_id):
    policy = get_object_or_404(scope.restrict(PolicyDocumentPage.objects.all(), request.user), pk=policy_id)
    if not may_view(request.user, policy):
        raise PermissionDenied
    releases = []
    for release in policy.releases.order_by("-released_at", "-pk"):
        releases.append(
            {
                "release": release,
                "deliveries": delivery_rows(release.deliveries.order_by("channel", "pk")),
                "wechat_rule": follow_ups.wechat_rule(release),
            }
        )
    return TemplateResponse(
        request,
        "channels/policy_deliveries.html",
        {
            "policy": policy,
            "policy_url": page_url(policy),
            "releases": releases,
            "channels": channel_summary(request.user),
            "can_release": actions.can_release(request.user),
            "has_delivered": Delivery.objects.filter(page=policy, state=Delivery.State.DELIVERED).exists(),
            "page_title": f"分发状态:{policy.title}",
        },
    )


def _back(request, fallback: str):
    target = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(fallback)


@require_POST
def delivery_action(request, delivery_id, action):
    delivery = get_object_or_404(in_scope(Delivery.objects.all(), request.user), pk=delivery_id)
    handlers = {
        "retry": (actions.retry, "已安排重试"),
        "cancel": (actions.cancel, "已取消"),
        "retract": (actions.retract, "已撤回"),
        "mass_send": (actions.choose_mass_send, "已选择群发，将在文章发布后群发给关注者"),
        "send_tomorrow": (actions.send_tomorrow, "已安排明天再发，额度恢复后自动发出"),
    }
    if action not in handlers:
        raise PermissionDenied
    handler, done = handlers[action]
    try:
        handler(delivery, request.user)
    except actions.ActionRefused as refused:
        messages.error(request, refused.message_zh)
    else:
        messages.success(request, f"{delivery.channel_label}:{done}")
    return _back(request, delivery.status_url)


@require_POST
def policy_correction(request, policy_id):
    policy = get_object_or_404(scope.restrict(PolicyDocumentPage.objects.all(), request.user), pk=policy_id)
    try:
        created = actions.send_correction(policy, request.user, request.POST.get("note", ""))
    except actions.ActionRefused as refused:
        messages.error(request, refused.message_zh)
    else:
        labels = "、".join(sorted({row.channel_label for row in created}))
        messages.success(request, f"已向 {labels} 发送更正({len(created)} 项)")
    return redirect("channels_policy_deliveries", policy.pk)


@require_POST
def follow_up_wechat(request, release_id):
    """The releaser chooses (or withdraws) a WeChat article for one follow-up (追加解读)."""
    policies = scope.restrict(PolicyDocumentPage.objects.all(), request.user)
    release = get_object_or_404(BundleRelease.objects.filter(policy__in=policies), pk=release_id)
    chosen = request.POST.get("chosen") == "1"
    try:
        created = follow_ups.choose_wechat_article(release, request.user, chosen)
    except actions.ActionRefused as refused:
        messages.error(request, refused.message_zh)
    else:
        if not chosen:
            messages.success(request, "已取消选择,本次追加解读不发布微信公众号文章")
        elif created:
            messages.success(request, "已选择发布微信公众号文章,将以追加解读自己的标题发布")
        else:
            messages.warning(request, "已记录选择,但目前没有可发布的微信公众号(未配置、已暂停或内容不再公开)")
    return redirect("channels_policy_deliveries", release.policy_id)


@require_POST
def enable_target(request):
    channel, target = request.POST.get("channel", ""), request.POST.get("target", "")
    try:
        waiting = actions.enable_target(channel, target, request.user)
    except actions.ActionRefused as refused:
        messages.error(request, refused.message_zh)
    else:
        parked = Delivery.objects.filter(channel=channel, target=target).parked().count()
        left = f";另有 {parked} 项分发因自身原因失败,重新启用不会重新运行,请逐条重试或取消" if parked else ""
        messages.success(request, f"已重新启用,{waiting} 项分发继续进行{left}")
    return _back(request, reverse("wagtailadmin_home"))
