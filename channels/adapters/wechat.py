"""The WeChat official account channel: a released policy (or, when enabled, a republication or an event
announcement, see channels.subjects) becomes one published article.

Steps, each checkpointed so a resumed run never repeats one: re-host the in-article images (uploadimg),
upload the generated thumbnail as a permanent thumb, draft/add (the website page as 阅读原文), and
freepublish/submit; the row is then SUBMITTED until freepublish/get (polled) or the PUBLISHJOBFINISH
callback confirms it. Mass send (群发) follows only when the editor chose it for this delivery.
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.storage import default_storage

from channels.adapters import wechat_steps as steps
from channels.adapters.base import (
    ChannelAdapter,
    Checkpoints,
    DeliveryError,
    ErrorClass,
    Outcome,
    OutcomeState,
    register,
)
from channels.adapters.wechat_callback import handle_publish_callback, remembered
from channels.subjects import POLICY, Deliverable, Subject, as_subject
from channels.wechat import accounts
from channels.wechat import client as wechat
from channels.wechat.errors import WeChatError
from cms.foundation import links
from interpretation.bundle_content import graphic_spec
from media_templates.images.base import GeneratedImage
from media_templates.images.cover import render_thumbnail
from media_templates.images.graphic import render_graphic
from media_templates.renderers.wechat import WeChatArticle, render_wechat_article

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

TARGET = accounts.DEFAULT_TARGET  # the WECHAT_* account's; an account row's target is "account:<id>"
NOT_CONFIGURED = "未配置微信公众号(后台“微信公众号”或环境变量 WECHAT_APP_ID/WECHAT_APP_SECRET)"
#: A subject's makes_article() says whether it becomes a new article: an update goes out only as an explicit
#: correction (更正), unless the policy has no article yet (its first delivery failed and the editor fixed it).


@dataclasses.dataclass
class WeChatPayload:
    article: WeChatArticle
    thumbnail: GeneratedImage
    images: dict[str, tuple[str, bytes]]  # src in the article -> (filename, bytes) to re-host
    source_url: str  # 阅读原文, carrying the delivery's mark


@register
class WeChatAdapter(ChannelAdapter):
    channel = "wechat"
    label = "微信公众号"

    def status(self) -> tuple[bool, str]:
        return (True, "") if accounts.any_configured() else (False, NOT_CONFIGURED)

    def targets(self, subject: Deliverable) -> list[str]:
        """The account of the body the page belongs to; none when that body has no account (the county may
        still take it: channels.county_queue)."""
        subject = as_subject(subject)
        if not self.makes_article(subject):
            return []
        account = accounts.for_body(body_id(subject))
        return [account.target] if account is not None else []

    def makes_article(self, subject: Subject) -> bool:
        """Whether this subject becomes an article on some account: public, wanted, a first version."""
        return subject.is_public() and subject.wants(self.channel) and subject.makes_article()

    @staticmethod
    def client(target: str) -> wechat.ConfiguredWeChatClient:
        """The client of the target's account: its own credentials, token cache and rate state."""
        return wechat.get_client(accounts.for_target(target))

    def validate(self, subject: Deliverable, target: str) -> list[str]:
        subject = as_subject(subject)
        if subject.is_public():
            return []
        if subject.kind == POLICY:
            return ["该政策文件已撤回或不再主动公开，不得发往微信公众号"]
        return [f"该{subject.label}已撤回或不再公开，不得发往微信公众号"]

    # -- render ----------------------------------------------------------------------------------------
    def render(self, subject: Deliverable, target: str, options: dict[str, Any]) -> WeChatPayload:
        subject = as_subject(subject)
        content = subject.content(options)
        graphic = next((m for m in subject.materials() if m.form == "graphic"), None)
        graphic_image = render_graphic(graphic_spec(graphic)) if graphic is not None else None
        article = render_wechat_article(content, graphic=graphic_image, summary_only=bool(options.get("summary_only")))
        images = {src: (image.filename, image.data) for src, image in article.generated_images.items()}
        for url in article.images:
            images[url] = site_image(url)
        return WeChatPayload(
            article=article,
            thumbnail=render_thumbnail(content),
            images=images,
            source_url=steps.marked_url(content.url, options["idempotency_key"]),
        )

    # -- deliver ---------------------------------------------------------------------------------------
    def deliver(
        self,
        subject: Deliverable,
        target: str,
        payload: WeChatPayload,
        checkpoints: Checkpoints,
        options: dict[str, Any],
    ) -> Outcome:
        client = self.client(target)
        if options.get("mass_send") and not checkpoints.get("mass_send"):
            checkpoints.record("mass_send", mass_send_id(options["idempotency_key"]))
        if checkpoints.get("published"):
            return self.advance(client, checkpoints)
        uploaded = dict(checkpoints.get("images") or {})
        mapping: dict[str, str] = {}
        for src, (filename, data) in payload.images.items():
            digest = hashlib.sha256(data).hexdigest()
            if digest not in uploaded:
                uploaded[digest] = wechat.upload_article_image(data, filename, client=client)
                checkpoints.record("images", uploaded)
            mapping[src] = uploaded[digest]
        article = payload.article.with_images(mapping)
        if not checkpoints.get("thumb"):
            checkpoints.record("thumb", wechat.add_thumb(payload.thumbnail.data, client=client))
        draft = {**article.draft_article(checkpoints.get("thumb")), "content_source_url": payload.source_url}
        if checkpoints.get("source_url") != payload.source_url:
            checkpoints.record("source_url", payload.source_url)
        steps.create_once(
            checkpoints,
            "draft",
            find=lambda: steps.find_draft(client, payload.source_url),
            create=lambda: wechat.add_draft(draft, client=client),
        )
        return self.advance(client, checkpoints)

    def poll(self, subject: Deliverable, target: str, external_id: str, checkpoints: Checkpoints) -> Outcome | None:
        return self.advance(self.client(target), checkpoints)

    def advance(self, client: wechat.ConfiguredWeChatClient, checkpoints: Checkpoints) -> Outcome:
        """From a saved draft to a confirmed article (and the mass send, if chosen)."""
        if not checkpoints.get("published"):
            source_url = checkpoints.get("source_url")
            publish = steps.create_once(
                checkpoints,
                "publish",
                find=lambda: steps.find_publication(client, source_url),
                create=lambda: {"publish_id": wechat.submit_publish(checkpoints.get("draft"), client=client)},
            )
            if publish.get("article_id"):  # found in the published list after a lost answer
                self.record_published(checkpoints, publish["article_id"], publish.get("url", ""))
            else:
                result = remembered(publish["publish_id"]) or wechat.get_publish_status(
                    publish["publish_id"], client=client
                )
                if result.publishing:
                    return Outcome(OutcomeState.SUBMITTED, external_id=publish["publish_id"])
                self.record_result(checkpoints, result)
        return self.finish(client, checkpoints)

    def record_result(self, checkpoints: Checkpoints, result: wechat.PublishResult) -> None:
        """A finished publish job: remember the article, or forget the job so a retry submits again.

        A job still publishing is not finished (a push may say so all the same): the job is kept, and the
        row is tried again later, when freepublish/get tells how it ended.
        """
        if result.published:
            self.record_published(checkpoints, result.article_id, (result.article_urls or [""])[0])
            return
        error = result.error
        if error is None:
            raise DeliveryError(
                ErrorClass.TRANSIENT,
                f"publish job {result.publish_id} is not finished (publish_status {result.status})",
                "微信回报文章仍在发布中，系统将稍后再次核实发布结果。",
            )
        checkpoints.record("publish", None)
        checkpoints.record("publish_pending", None)
        raise error

    @staticmethod
    def record_published(checkpoints: Checkpoints, article_id: str, url: str) -> None:
        checkpoints.record("published", {"article_id": article_id, "url": url})
        checkpoints.record("external_id", article_id)
        checkpoints.record("external_url", url)

    def finish(self, client: wechat.ConfiguredWeChatClient, checkpoints: Checkpoints) -> Outcome:
        published = checkpoints.get("published")
        client_msg_id = checkpoints.get("mass_send")
        if client_msg_id and not checkpoints.get("mass_sent"):
            sent = wechat.mass_send(checkpoints.get("draft"), client_msg_id, client=client)
            record = {"msg_id": sent.msg_id, "duplicate": sent.duplicate, "at": time.time()}  # counted: wechat.quota
            checkpoints.record("mass_sent", record)
        return Outcome(OutcomeState.DELIVERED, external_id=published["article_id"], external_url=published["url"])

    # -- callback, retract, errors -----------------------------------------------------------------------
    def handle_callback(self, request: HttpRequest) -> HttpResponse:
        return handle_publish_callback(self, request)

    def retract(
        self, subject: Deliverable, target: str, external_id: str, options: dict[str, Any] | None = None
    ) -> None:
        try:
            client = self.client(target)
            client.freepublish.delete(external_id, 0)
        except WeChatError as error:
            raise self.classify(error) from error

    def classify(self, exc: Exception) -> DeliveryError:
        if isinstance(exc, DeliveryError):
            return exc
        if isinstance(exc, WeChatError):
            kind = exc.error_class.value
            error_class = ErrorClass(kind) if kind in ErrorClass._value2member_map_ else ErrorClass.CONTENT
            return DeliveryError(
                error_class, str(exc), exc.message_zh, retry_after=exc.retry_after, code=exc.errcode or exc.http_status
            )
        if isinstance(exc, (ValueError, KeyError)) and any("\u4e00" <= ch <= "\u9fff" for ch in str(exc)):
            return DeliveryError(ErrorClass.CONTENT, f"{type(exc).__name__}: {exc}", str(exc).strip("'\""))
        return super().classify(exc)


def mass_send_id(idempotency_key: str) -> str:
    """The clientmsgid of a delivery's mass send: the same on every try, so WeChat sends it once (45065)."""
    return wechat.make_client_msg_id(idempotency_key, "mass")


def site_image(url: str) -> tuple[str, bytes]:
    """An image in the article body, read from our own media storage (we never fetch other hosts)."""
    parts = urlsplit(url)
    media = settings.MEDIA_URL
    if not links.is_ours(url) or not parts.path.startswith(media):
        raise DeliveryError(
            ErrorClass.CONTENT, f"image {url} is not ours", f"正文图片不是本站上传的图片，无法转存到微信：{url}"
        )
    name = parts.path[len(media) :]
    try:
        with default_storage.open(name, "rb") as handle:
            return name.rsplit("/", 1)[-1], handle.read()
    except OSError as exc:
        raise DeliveryError(ErrorClass.CONTENT, f"image {name}: {exc}", f"正文图片文件缺失：{name}") from exc


def body_id(subject: Subject) -> int | None:
    """The disclosing body whose page this is (a policy's, a republication's, an event's)."""
    value = getattr(subject.page, "disclosing_body_id", None)
    return int(value) if value is not None else None
