"""The WeChat official account channel: a released policy (or, when enabled, a republication or an event
announcement, see channels.subjects) becomes one published article.

Steps, each checkpointed so a resumed run never repeats one: re-host the in-article images (uploadimg),
upload the generated thumbnail as a permanent thumb, draft/add (the website page as 阅读原文), and
freepublish/submit; the row is then SUBMITTED until freepublish/get (polled) or the PUBLISHJOBFINISH
callback confirms it. Mass send (群发) follows only when the editor chose it for this delivery.

An error pauses the account only when it is the account's (wechat_scope): one row's trouble (a publish job WeChat
will not report on) parks that row alone. Saved ids WeChat no longer takes (a cover deleted in its backend) are
made again rather than failing the row with them again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import time
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.storage import default_storage

from channels.adapters import wechat_scope as scope
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
from channels.wechat.errors import ErrorClass as WeChatErrorClass
from channels.wechat.errors import WeChatError
from channels.wechat.meanings import describe
from cms.foundation import links
from interpretation.bundle_content import graphic_spec
from media_templates.images.base import GeneratedImage
from media_templates.images.cover import render_thumbnail
from media_templates.images.graphic import render_graphic
from media_templates.renderers.wechat import WeChatArticle, render_wechat_article

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)
TARGET = accounts.DEFAULT_TARGET  # the WECHAT_* account's; an account row's target is "account:<id>"
NOT_CONFIGURED = "未配置微信公众号(后台“微信公众号”或环境变量 WECHAT_APP_ID/WECHAT_APP_SECRET)"
LOOK_AGAIN = (
    "请先在公众平台“发表记录”中核实本文是否已发表；点“重试”会先在已发表的文章中查找本文，找不到再重新提交发布，"
    "或点“取消”。"
)
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
        """Resume from the checkpoints. Saved ids WeChat no longer takes (40007: a cover or an image deleted in the
        account's backend, or expired while the row waited for the quota; a deleted draft) are forgotten and made
        again, once each per run, instead of failing the row with them again."""
        client = self.client(target)
        if options.get("mass_send") and not checkpoints.get("mass_send"):
            checkpoints.record("mass_send", mass_send_id(options["idempotency_key"]))
        renewed: set[str] = set()
        while True:
            try:
                if not checkpoints.get("published"):
                    self.save_draft(client, payload, checkpoints, fresh_images="materials" in renewed)
                return self.advance(client, checkpoints)
            except WeChatError as error:
                saved = steps.stale(error)
                if saved is None or saved in renewed:
                    raise self.blame(client, error, renewed) from error
                logger.info("wechat: %s no longer takes our saved %s (%s); making them again", target, saved, error)
                renewed.add(saved)
                steps.forget(checkpoints, saved)

    def save_draft(
        self,
        client: wechat.ConfiguredWeChatClient,
        payload: WeChatPayload,
        checkpoints: Checkpoints,
        fresh_images: bool,
    ) -> None:
        """The images re-hosted, the cover uploaded and the draft saved, each step once."""
        uploaded = dict(checkpoints.get("images") or {})
        mapping: dict[str, str] = {}
        for src, (filename, data) in payload.images.items():
            digest = hashlib.sha256(data).hexdigest()
            if digest not in uploaded:
                uploaded[digest] = wechat.upload_article_image(data, filename, client=client, fresh=fresh_images)
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

    def blame(self, client: wechat.ConfiguredWeChatClient, error: WeChatError, renewed: set[str]) -> DeliveryError:
        """The row's error, the account's, or a saved id WeChat refused again after it was made anew."""
        saved = steps.stale(error)
        if saved is None or saved not in renewed:
            return scope.blame(client, error)
        what = "封面和正文图片" if saved == "materials" else "草稿"
        return DeliveryError(
            ErrorClass.ROW,
            f"{error}; refused again after the saved {saved} were made anew",
            f"微信不再接受本条保存的{what}，系统已自动重新上传{what}，微信仍拒绝（{describe(error)}）。"
            "请管理员在公众平台核实素材库后点“重试”，或“取消”本条。",
            code=error.errcode,
        )

    def poll(self, subject: Deliverable, target: str, external_id: str, checkpoints: Checkpoints) -> Outcome | None:
        client = self.client(target)
        try:
            return self.advance(client, checkpoints)
        except WeChatError as error:
            raise scope.blame(client, error) from error

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
                result = remembered(publish["publish_id"]) or self.publish_status(
                    client, checkpoints, publish["publish_id"]
                )
                if result.publishing:
                    return Outcome(OutcomeState.SUBMITTED, external_id=publish["publish_id"])
                self.record_result(checkpoints, result)
        return self.finish(client, checkpoints)

    def publish_status(
        self, client: wechat.ConfiguredWeChatClient, checkpoints: Checkpoints, publish_id: str
    ) -> wechat.PublishResult:
        """freepublish/get of the row's job. An error about the job itself (an id WeChat no longer knows; a call
        refused for this job while the account answers) parks this row alone, never the account: the article is
        looked for in the published list first, else the job is forgotten, so that a person's retry looks again
        and then submits anew."""
        try:
            return wechat.get_publish_status(publish_id, client=client)
        except WeChatError as error:
            if error.retryable:
                raise
            checked = error.error_class is WeChatErrorClass.CONFIG
            account = scope.account_error(client, error) if checked else None
            if account is not None:
                raise scope.as_delivery_error(account) from error
            refused = error
        source_url = checkpoints.get("source_url")
        found = steps.find_publication(client, source_url) if source_url else None
        if found:
            return wechat.PublishResult(publish_id, 0, article_id=found["article_id"], article_urls=[found["url"]])
        checkpoints.record("publish", None)
        checkpoints.record("publish_pending", steps.SETTLED)
        raise scope.row_error(refused, checked=checked, advice=LOOK_AGAIN)

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
            return scope.as_delivery_error(exc)
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
