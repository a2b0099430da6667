"""The county's dashboard panel 下级主体待推送 and its two buttons (POST): 推送到本级公众号 / 不推送.

The views only translate a click into channels.county_queue.accept / decline, which check who may decide."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.ui.components import Component

from channels import county_queue
from channels.subjects import KIND_LABELS

DECISIONS = ("accept", "decline")


class CountyQueuePanel(Component):
    """Dashboard: the subordinate bodies' releases waiting for this person's body to take them or not."""

    name = "county_queue"
    order = 90
    template_name = "channels/county_queue_panel.html"
    LIMIT = 20

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        pending = county_queue.pending_for(self.user)
        offers = list(pending[: self.LIMIT])
        for offer in offers:
            offer.kind_label = KIND_LABELS.get(offer.subject.kind, "")
        total = pending.count()
        return {
            "offers": offers,
            "total": total,
            "more": total > self.LIMIT,
            "request": parent_context.get("request"),
            "csrf_token": parent_context.get("csrf_token"),  # the buttons are POST forms
        }


@hooks.register("construct_homepage_panels")
def add_county_queue_panel(request, panels):
    if county_queue.pending_for(request.user).exists():
        panels.append(CountyQueuePanel(request.user))


@require_POST
def decide(request: HttpRequest, offer_id: int, decision: str) -> HttpResponse:
    try:
        if decision == "accept":
            delivery = county_queue.accept(offer_id, request.user)
            messages.success(request, f"已加入本级公众号的分发队列:{delivery.subject_title}")
        else:
            offer = county_queue.decline(offer_id, request.user)
            messages.success(request, f"已记录不推送:{offer.page.title}")
    except county_queue.OfferRefused as refused:
        messages.error(request, refused.message_zh)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    return redirect(target or "wagtailadmin_home")


@hooks.register("register_admin_urls")
def register_county_queue_urls():
    return [
        path(
            f"channels/offers/<int:offer_id>/{decision}/",
            decide,
            {"decision": decision},
            name=f"channels_offer_{decision}",
        )
        for decision in DECISIONS
    ]
