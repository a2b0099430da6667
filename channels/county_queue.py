"""下级主体待推送: a subordinate body's release offered to the nearest body above it with a WeChat account.

When a town (or a county department) releases something that would become a WeChat article, the release also
writes an offer (`ChannelOffer`) to the nearest body above it that has an account: the county. People of the
county decide: 推送到本级公众号 writes one ledger row for the county's account (same subject, same ledger) and
rings the bell; 不推送 records who declined and when. The town's own account, if it has one, is not affected.

Who decides: anyone who works for the receiving body or a body above it (bodies.scope.may_act_for), that is the
county's people generally, and superusers; the 可向渠道分发 permission is not required, because the county
office that runs the county's account decides what it carries. A town's people never see or decide the county's
offers. The rule is checked here, in the service, whatever the view.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from bodies import scope
from channels.ledger.offers import offer_upwards
from channels.ledger.rows import new_row, ring_after_commit, write_rows
from channels.models import ChannelOffer, Delivery, DeliveryAttempt
from channels.subjects import WECHAT
from channels.wechat import accounts
from security import audit

State = ChannelOffer.State
__all__ = ["OfferRefused", "accept", "decline", "may_decide", "offer_upwards", "pending_for"]


class OfferRefused(Exception):
    """The decision is not allowed; `message_zh` says why, for the person who tried."""

    def __init__(self, message_zh: str):
        super().__init__(message_zh)
        self.message_zh = message_zh


# -- who sees and decides -------------------------------------------------------------------------------------
def may_decide(user: Any, offer: ChannelOffer) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    return scope.may_act_for(user, offer.receiving_body_id)


def pending_for(user: Any) -> QuerySet[ChannelOffer]:
    """The offers waiting for this person's body (and the bodies below it), newest first."""
    if not (user and user.is_authenticated and user.is_active):
        return ChannelOffer.objects.none()
    queryset = ChannelOffer.objects.filter(state=State.PENDING)
    return scope.restrict(queryset, user, "receiving_body").select_related("page", "offering_body", "receiving_body")


def _decidable(offer_id: int, user: Any) -> ChannelOffer:
    offer = ChannelOffer.objects.select_related("receiving_body").filter(pk=offer_id).first()
    if offer is None or not may_decide(user, offer):
        raise OfferRefused("您不属于该推送的接收主体,不能处理此推送。")
    return offer


def _decided_message(offer: ChannelOffer) -> str:
    person = offer.decided_by
    who = (person.get_full_name() or person.get_username()) if person else "他人"
    return f"该推送已由{who}处理({offer.get_state_display()}),无需重复操作。"


# -- deciding ---------------------------------------------------------------------------------------------------
@transaction.atomic
def accept(offer_id: int, user: Any) -> Delivery:
    """推送到本级公众号: one row for the receiving body's account; a repeated accept adds nothing."""
    offer = _decidable(offer_id, user)
    if offer.state == State.ACCEPTED and offer.delivery_id:
        return Delivery.objects.get(pk=offer.delivery_id)
    if offer.state != State.PENDING:
        raise OfferRefused(_decided_message(offer))
    account = accounts.for_body(offer.receiving_body_id)
    if account is None:
        raise OfferRefused(f"“{offer.receiving_body}”没有启用的微信公众号,请先在后台“微信公众号”中配置。")
    subject = offer.subject
    if not subject.is_public():
        raise OfferRefused(f"该{subject.label}已撤回或不再公开,不能推送到公众号。")
    now = timezone.now()
    taken = ChannelOffer.objects.filter(pk=offer.pk, state=State.PENDING).update(
        state=State.ACCEPTED, decided_by=user, decided_at=now
    )
    if not taken:  # someone decided in the meantime
        offer.refresh_from_db()
        if offer.state == State.ACCEPTED and offer.delivery_id:
            return Delivery.objects.get(pk=offer.delivery_id)
        raise OfferRefused(_decided_message(offer))
    row = new_row(subject, WECHAT, account.target, options={"offer": offer.pk})
    created = write_rows([row])
    delivery = created[0] if created else Delivery.objects.get(key=row.key)
    ChannelOffer.objects.filter(pk=offer.pk).update(delivery=delivery)
    name = user.get_full_name() or user.get_username()
    DeliveryAttempt.objects.create(
        delivery=delivery,
        started_at=now,
        outcome=DeliveryAttempt.Outcome.ACTION,
        message_zh=f"{name}:采用{offer.offering_body}的推送,发往{account.name}",
        worker=f"user:{user.get_username()}",
    )
    audit.record(
        "channel.offer_accept", actor=user, target=delivery, detail={"offer": offer.pk, "account": account.name}
    )
    ring_after_commit(created)
    return delivery


@transaction.atomic
def decline(offer_id: int, user: Any) -> ChannelOffer:
    """不推送: recorded with who and when; the offer stays for the record."""
    offer = _decidable(offer_id, user)
    declined = ChannelOffer.objects.filter(pk=offer.pk, state=State.PENDING).update(
        state=State.DECLINED, decided_by=user, decided_at=timezone.now()
    )
    offer.refresh_from_db()
    if not declined and offer.state != State.DECLINED:
        raise OfferRefused(_decided_message(offer))
    if declined:
        audit.record("channel.offer_decline", actor=user, target=offer, detail={"offer": offer.pk})
    return offer
