"""Press partner channels for the delivery ledger: signed webhook push and e-mail (pull needs no ledger row).

Targets are "partner:<id>", one ledger row per partner of the owning body and subject (a policy release, a
republication, an event phase; see channels.subjects). Deliveries resume from checkpoints, so a
delivery the partner already acknowledged is never sent again, whatever happens to the worker afterwards.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.utils import timezone

from channels.adapters.base import (
    ChannelAdapter,
    Checkpoints,
    DeliveryError,
    ErrorClass,
    Outcome,
    OutcomeState,
    register,
)
from channels.subjects import POLICY, as_subject
from channels.subjects.base import variant
from media_templates.common import guid_uri, iso
from media_templates.renderers.email import DEFAULT_MAX_ATTACHMENT_BYTES, render_email

from . import mail, webhook
from .audience import partners_for
from .conf import email_attachment_budget
from .models import PressPartner, partner_for_target

ACKNOWLEDGED = "acknowledged"  # checkpoint: the partner (or the mail server) took it
WEBHOOK_ID = "webhook_id"  # checkpoint of earlier versions: the id every attempt of this row sent
NOT_PUBLIC = "该政策文件已撤回或不再主动公开,不得向媒体分发"


def not_public(subject) -> str:
    return NOT_PUBLIC if subject.kind == POLICY else subject.not_public_message.replace("不得分发", "不得向媒体分发")


def idempotency_key(release, channel: str, target: str, options: dict[str, Any]) -> str:
    """The ledger's stable row key (options["idempotency_key"]); without a ledger, the same value derived."""
    key = options.get("idempotency_key") if options else None
    return str(key) if key else as_subject(release).key(channel, target)


class _PartnerChannel(ChannelAdapter):
    mode: str  # "webhook" or "email"

    def targets(self, subject) -> list[str]:
        """The partners of the body the page belongs to (a town's release goes to the town's press, not the
        county's); a page without a body (none since 公开主体) reaches no partner."""
        body_id = getattr(as_subject(subject).page, "disclosing_body_id", None)
        return [p.target for p in partners_for(subject, mode=self.mode) if p.disclosing_body_id == body_id]

    def validate(self, subject, target: str) -> list[str]:
        """Content problems only; a stopped partner is a configuration error raised by deliver (the ledger pauses
        the target, and re-enabling resumes its rows)."""
        subject = as_subject(subject)
        return [] if subject.is_public() else [not_public(subject)]

    def partner(self, subject, target: str) -> PressPartner:
        """The partner, or a DeliveryError for a person: the content is no longer public (content), or the
        partner was deleted, stopped or no longer takes this channel (config: the ledger pauses the target)."""
        subject = as_subject(subject)
        if not subject.is_public():
            raise DeliveryError(ErrorClass.CONTENT, f"{subject!r} is not public", not_public(subject))
        partner = partner_for_target(target)
        if partner is None:
            problem = "该合作媒体已被删除"
        elif not partner.active:
            problem = f"合作媒体“{partner.name}”已停用:{partner.disabled_reason or '管理员停用'}"
        elif not getattr(partner, f"{self.mode}_enabled"):
            problem = f"合作媒体“{partner.name}”已不再使用{self.label}"
        else:
            return partner
        raise DeliveryError(ErrorClass.CONFIG, f"{self.channel} {target}: partner unavailable", problem)

    @staticmethod
    def acknowledged(checkpoints: Checkpoints) -> Outcome | None:
        ack = checkpoints.get(ACKNOWLEDGED)
        if ack is None:
            return None
        return Outcome(OutcomeState.DELIVERED, external_id=ack.get("external_id", ""), detail=ack)


@register
class PartnerWebhookAdapter(_PartnerChannel):
    channel = "partner_webhook"
    label = "新闻媒体接口推送"
    mode = "webhook"

    def render(self, subject, target: str, options: dict[str, Any]) -> str:
        """The exact JSON text that is signed and posted: a Standard Webhooks event whose data is ninjs 2.x."""
        subject, options = as_subject(subject), options or {}

        def build() -> str:
            event = {
                "type": subject.event_type(options),
                "timestamp": iso(subject.released_at),
                "data": subject.ninjs(options),
            }
            return json.dumps(event, ensure_ascii=False, separators=(",", ":"))

        # The same text for every partner of a version (only the webhook-id and signature differ); a kind that
        # shows live state (an event's schedule) is built each time.
        return subject.shared(("webhook", *variant(options)), build)

    def deliver(self, subject, target: str, payload: str, checkpoints: Checkpoints, options: dict[str, Any]) -> Outcome:
        done = self.acknowledged(checkpoints)
        if done is not None:
            return done
        partner = self.partner(subject, target)
        # The row's key, stored with the row, so every attempt sends the same id (no checkpoint write needed
        # before the post; rows from before this change may still carry one).
        webhook_id = checkpoints.get(WEBHOOK_ID) or idempotency_key(subject, self.channel, target, options)
        answer = webhook.post_signed(partner, webhook_id, payload)
        external_id: str = answer.ack_id or webhook_id
        ack = {
            "partner": partner.name,
            "webhook_id": webhook_id,
            "http_status": answer.status,
            "external_id": external_id,
            "acknowledgement": f"{partner.name}已确认接收" + (f"(回执 {answer.ack_id})" if answer.ack_id else ""),
            "answer": answer.body,
            "at": timezone.now().isoformat(),
        }
        checkpoints.record(ACKNOWLEDGED, ack)
        return Outcome(OutcomeState.DELIVERED, external_id=external_id, detail=ack)

    def retract(self, subject, target: str, external_id: str, options: dict[str, Any] | None = None) -> None:
        """Tell the partner the item is withdrawn: a signed <kind>.retracted event (their system takes it down).

        The row's options say which item it delivered: a follow-up's own item (row key ending ":item") is
        withdrawn by its own uri (policy.interpretation_retracted), and the policy stays with the partner."""
        subject, options = as_subject(subject), options or {}
        partner = partner_for_target(target)
        if partner is None or not partner.active or not partner.webhook_enabled:
            raise DeliveryError(ErrorClass.CONFIG, f"{target} cannot be reached", "该合作媒体已停用,无法通知撤回")
        content = subject.content(options)
        event = {
            "type": subject.retraction_type(options),
            "timestamp": iso(timezone.now()),
            "data": {"uri": guid_uri(content.guid, content.url), "version": str(content.version)},
        }
        body = json.dumps(event, ensure_ascii=False, separators=(",", ":"))
        webhook.post_signed(partner, f"{idempotency_key(subject, self.channel, target, options)}:retracted", body)

    def classify(self, exc: Exception) -> DeliveryError:
        if isinstance(exc, DeliveryError):
            return exc
        return DeliveryError(ErrorClass.TRANSIENT, f"{type(exc).__name__}: {exc}", "推送失败,将自动重试")


@register
class PartnerEmailAdapter(_PartnerChannel):
    channel = "partner_email"
    label = "新闻媒体邮件"
    mode = "email"

    def render(self, subject, target: str, options: dict[str, Any]):
        """An e-mail.message.EmailMessage: the text and HTML, attachments, and the interpretation as files."""
        subject = as_subject(subject)
        partner = self.partner(subject, target)
        budget = email_attachment_budget(DEFAULT_MAX_ATTACHMENT_BYTES)
        content = subject.with_attachment_data(subject.content(options), budget)
        message = render_email(
            content, sender=settings.DEFAULT_FROM_EMAIL, to=[partner.email], max_attachment_bytes=budget
        )
        for filename, html in subject.interpretation_documents(options):
            message.add_attachment(html, subtype="html", filename=filename)
        # One Message-ID per ledger row: a retry is recognisably the same message, a correction a new one.
        del message["Message-ID"]
        message["Message-ID"] = mail.message_id(idempotency_key(subject, self.channel, target, options))
        return message

    def deliver(self, subject, target: str, payload, checkpoints: Checkpoints, options) -> Outcome:
        done = self.acknowledged(checkpoints)
        if done is not None:
            return done
        partner = self.partner(subject, target)
        mail.send(payload, to=partner.email)
        message_id = str(payload["Message-ID"] or "")
        ack = {
            "partner": partner.name,
            "to": partner.email,
            "external_id": message_id,
            "acknowledgement": f"邮件已发往 {partner.email}(发件服务器已接收)",
            "at": timezone.now().isoformat(),
        }
        checkpoints.record(ACKNOWLEDGED, ack)
        return Outcome(OutcomeState.DELIVERED, external_id=message_id, detail=ack)

    def classify(self, exc: Exception) -> DeliveryError:
        return mail.classify_smtp(exc)
