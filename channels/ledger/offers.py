"""Offers written with a release: the nearest body above the page's body with a WeChat account may take the
subject onto its own account (channels.county_queue has the decisions and the rules)."""

from __future__ import annotations

import logging

from bodies.models import DisclosingBody
from channels.adapters.base import get_adapter
from channels.adapters.wechat import WeChatAdapter, body_id
from channels.models import ChannelOffer
from channels.subjects import WECHAT, Deliverable, as_subject
from channels.wechat import accounts

logger = logging.getLogger(__name__)


def _adapter() -> WeChatAdapter:
    adapter = get_adapter(WECHAT)
    assert isinstance(adapter, WeChatAdapter)
    return adapter


def offer_upwards(release: Deliverable) -> ChannelOffer | None:
    """In the publishing transaction: offer the subject to the nearest body above its own with an account."""
    subject = as_subject(release)
    own = body_id(subject)
    if own is None or not _adapter().makes_article(subject):
        return None
    body = DisclosingBody.objects.filter(pk=own).select_related("parent").first()
    receiving = accounts.nearest_above(body) if body is not None else None
    if receiving is None:
        return None
    offer, created = ChannelOffer.objects.get_or_create(
        key=subject.key(WECHAT, f"offer:{receiving.pk}"),
        defaults={**subject.row_fields(), "offering_body_id": own, "receiving_body": receiving},
    )
    if created:
        logger.info("%r offered by body %s to body %s (offer %s)", subject, own, receiving.pk, offer.pk)
    return offer
