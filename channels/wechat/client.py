"""Our wrapper over wechatpy 2.0.0a26 for the official account channel.

`ConfiguredWeChatClient` sends every call, the token included, to one configurable base URL (a simulator
in tests); fetches the token with `stable_token`, shares it through Django's cache under a lock; sets a
timeout on every call; turns wechatpy's unbounded token retry off and refreshes-then-retries once itself;
and raises only `WeChatError` subclasses (see errors.py), never a requests or wechatpy exception.

Transient failures (-1, 5xx, timeouts, dropped connections) are retried here a bounded number of times
(`transient_retries`, default once) only for calls that are safe to repeat: reads such as freepublish/get,
and mass send with a clientmsgid (WeChat answers a repeat with 45065 and the earlier msg_id, which we treat
as success). Calls that create something (draft/add, freepublish/submit, materials) are not: a dropped
connection may hide a success, so the caller's ledger decides.
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import time
from dataclasses import dataclass, field

import requests
from django.conf import settings
from wechatpy import WeChatClient
from wechatpy.exceptions import WeChatClientException

from .errors import (
    ConfigurationError,
    ErrorClass,
    TransientError,
    WeChatError,
    error_for_code,
    error_for_exception,
    error_for_http,
    error_for_publish_status,
)
from .tokens import TokenStore

logger = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.weixin.qq.com/cgi-bin/"
OFFICIAL_ORIGIN = "https://api.weixin.qq.com/"
DEFAULT_TIMEOUT = 10.0
DUPLICATE_MASS_SEND = 45065
MASS_SEND = "message/mass/sendall"
# Calls that change nothing, or whose repetition WeChat recognises: a transient failure is retried here.
REPEATABLE = {"draft/get", "draft/count", "draft/batchget", "freepublish/get", "freepublish/batchget"}


class ConfiguredWeChatClient(WeChatClient):
    def __init__(
        self,
        appid: str,
        secret: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        timeout: float | tuple = DEFAULT_TIMEOUT,
        cache_alias: str = "default",
        transient_retries: int = 1,
        retry_backoff: float = 0.5,
    ):
        super().__init__(appid, secret, timeout=timeout, auto_retry=False)
        self.transient_retries, self.retry_backoff = transient_retries, retry_backoff
        self.API_BASE_URL = base_url if base_url.endswith("/") else base_url + "/"
        self.tokens = TokenStore(appid, self.API_BASE_URL, cache_alias)
        read_timeout = timeout[-1] if isinstance(timeout, tuple) else timeout
        self.lock_timeout = 2 * read_timeout + 5  # a crashed holder frees the lock after this
        self.lock_wait = read_timeout + 1  # then fetch without it: stable_token is idempotent

    # -- the token ------------------------------------------------------------------------------
    @property
    def access_token(self) -> str:
        return self.tokens.get() or self._obtain_token()

    def fetch_access_token(self) -> dict:
        """wechatpy's hook: the shared stable token (never the classic /token, never a forced refresh)."""
        token = self._obtain_token()
        return {"access_token": token}

    def _obtain_token(self, rejected: str | None = None) -> str:
        lock = self.tokens.lock(self.lock_timeout)
        lock.acquire(wait=self.lock_wait)
        try:
            token = self.tokens.get()
            if token and token != rejected:
                return token  # another caller fetched it while we waited
            result = self._stable_token(force_refresh=False)
            if result["access_token"] == rejected:
                if not self.tokens.may_force_refresh():
                    raise error_for_code(40001, "token rejected and a forced refresh was used recently")
                result = self._stable_token(force_refresh=True)
            self.tokens.put(result["access_token"], result.get("expires_in", 7200))
            return result["access_token"]
        finally:
            lock.release()

    def _stable_token(self, force_refresh: bool) -> dict:
        body = {
            "grant_type": "client_credential",
            "appid": self.appid,
            "secret": self.secret,
            "force_refresh": force_refresh,
        }
        logger.info("wechat: fetching stable_token for %s (force_refresh=%s)", self.appid, force_refresh)
        try:
            response = self._http.post(f"{self.API_BASE_URL}stable_token", json=body, timeout=self.timeout)
        except requests.RequestException as exc:
            raise error_for_exception(exc, endpoint="stable_token") from exc
        if response.status_code >= 400:
            raise error_for_http(response.status_code, endpoint="stable_token", detail=response.text)
        result = _json(response, "stable_token")
        if result.get("errcode"):
            raise error_for_code(int(result["errcode"]), result.get("errmsg", ""), endpoint="stable_token")
        if not result.get("access_token"):
            raise TransientError("微信未返回接口凭证，系统将稍后重试。", "no access_token in the answer")
        return result

    # -- every other call ---------------------------------------------------------------------------
    def _request(self, method, url_or_endpoint, **kwargs):
        url = self._rebase(url_or_endpoint, kwargs.pop("api_base_url", None))
        endpoint = url.removeprefix(self.API_BASE_URL).split("?")[0]
        kwargs["timeout"] = kwargs.get("timeout") or self.timeout
        params = kwargs.pop("params", None)
        params = dict(params) if isinstance(params, dict) else {}
        data = kwargs.get("data")
        repeatable = endpoint in REPEATABLE or (
            endpoint == MASS_SEND and isinstance(data, dict) and data.get("clientmsgid")
        )
        retries_left = self.transient_retries if repeatable else 0
        while True:
            try:
                return self._request_with_token(method, url, endpoint, params, kwargs)
            except WeChatError as error:
                if error.error_class is not ErrorClass.TRANSIENT or retries_left <= 0:
                    raise
                retries_left -= 1
                logger.warning("wechat: %s failed (%s); trying again", endpoint, error)
                time.sleep(self.retry_backoff)

    def _request_with_token(self, method, url, endpoint, params, kwargs):
        """One call, and one more with a fresh token if WeChat refused the one we sent."""
        token = params.get("access_token") or self.access_token
        for attempt in (1, 2):
            try:
                return super()._request(method, url, params={**params, "access_token": token}, **kwargs)
            except WeChatClientException as exc:
                error = _translate(exc, endpoint)
            except requests.RequestException as exc:
                raise error_for_exception(exc, endpoint=endpoint) from exc
            if error.error_class is not ErrorClass.AUTH or attempt == 2:
                raise error
            logger.warning("wechat: %s refused the token (%s); refreshing once", endpoint, error.errcode)
            self.tokens.discard(token)
            token = self._obtain_token(rejected=token)

    def _rebase(self, url: str, api_base_url: str | None) -> str:
        """Relative endpoints and absolute official URLs alike go to the configured base URL."""
        if not url.startswith(("http://", "https://")):
            url = f"{api_base_url or self.API_BASE_URL}{url}"
        if url.startswith(DEFAULT_BASE_URL):
            return self.API_BASE_URL + url.removeprefix(DEFAULT_BASE_URL)
        if url.startswith(OFFICIAL_ORIGIN):
            return self.API_BASE_URL.removesuffix("cgi-bin/") + url.removeprefix(OFFICIAL_ORIGIN)
        return url


def _json(response, endpoint: str) -> dict:
    try:
        result = response.json()
    except ValueError:
        result = None
    if not isinstance(result, dict):
        raise TransientError(
            "微信返回了无法识别的内容，系统将稍后重试。", "answer is not a JSON object", endpoint=endpoint
        )
    return result


def _translate(exc: WeChatClientException, endpoint: str) -> WeChatError:
    if exc.errcode is None:  # raise_for_status(): an HTTP error
        response = exc.response
        status = response.status_code if response is not None else None
        return error_for_http(status, endpoint=endpoint, detail=response.text if response is not None else "")
    try:
        payload = exc.response.json()
    except (AttributeError, ValueError):
        payload = {}
    return error_for_code(int(exc.errcode), str(exc.errmsg or ""), endpoint=endpoint, payload=payload)


def get_client(account=None) -> ConfiguredWeChatClient:
    """A client for one account (channels.wechat.accounts.Account), by default the WECHAT_* one; the base URL
    and timeout come from settings (WECHAT_API_BASE_URL, WECHAT_TIMEOUT) for every account."""
    appid = account.app_id if account is not None else getattr(settings, "WECHAT_APP_ID", "")
    secret = account.secret if account is not None else getattr(settings, "WECHAT_APP_SECRET", "")
    if not appid or not secret:
        raise ConfigurationError(
            "尚未配置微信公众号的 AppID 和 AppSecret，请管理员设置后再推送。",
            "WECHAT_APP_ID / WECHAT_APP_SECRET are not set",
        )
    return ConfiguredWeChatClient(
        appid,
        secret,
        base_url=getattr(settings, "WECHAT_API_BASE_URL", None) or DEFAULT_BASE_URL,
        timeout=getattr(settings, "WECHAT_TIMEOUT", None) or DEFAULT_TIMEOUT,
    )


# -- what the channel does ----------------------------------------------------------------------------
def upload_article_image(
    data: bytes, filename: str, *, client: ConfiguredWeChatClient | None = None, fresh: bool = False
) -> str:
    """Re-host an in-article image on mmbiz.qpic.cn; the same bytes are uploaded once per account, unless `fresh`
    (WeChat no longer takes the URL we kept: deleted in the account's backend), which uploads them again."""
    client = client or get_client()
    key = f"{client.tokens.namespace}:image:{hashlib.sha256(data).hexdigest()}"
    url = None if fresh else client.tokens.cache.get(key)
    if url:
        return url
    content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    try:
        url = client.media.upload_image((filename, data, content_type))  # bytes: a retry can re-send them
    except (KeyError, TypeError):  # an answer without "url"
        url = None
    if not isinstance(url, str) or not url:
        raise TransientError(
            "微信未返回图片地址，系统将稍后重试。", "uploadimg gave no url", endpoint="media/uploadimg"
        )
    client.tokens.cache.set(key, url, timeout=None)
    return url


def add_thumb(jpeg: bytes, *, filename: str = "cover.jpg", client: ConfiguredWeChatClient | None = None) -> str:
    """Upload a cover as a permanent thumb material (JPEG, at most 64 KB); returns its media_id."""
    client = client or get_client()
    result = client.material.add("thumb", (filename, jpeg, "image/jpeg"))
    return _field(result, "media_id", "material/add_material")


def add_draft(article: dict, *, client: ConfiguredWeChatClient | None = None) -> str:
    """Create a one-article draft; `article` has title, content (WeChat-safe HTML), thumb_media_id,
    and optionally author, digest, content_source_url, need_open_comment, only_fans_can_comment."""
    client = client or get_client()
    return _field(client.draft.add([article]), "media_id", "draft/add")


def submit_publish(media_id: str, *, client: ConfiguredWeChatClient | None = None) -> str:
    """Start publishing a draft; errcode 0 only means the job was accepted. Returns the publish_id."""
    client = client or get_client()
    return str(_field(client.freepublish.submit(media_id), "publish_id", "freepublish/submit"))


@dataclass
class PublishResult:
    publish_id: str
    status: int  # 0 published, 1 publishing, 2..6 failed (see errors.PUBLISH_STATUSES)
    article_id: str = ""
    article_urls: list[str] = field(default_factory=list)
    fail_idx: list[int] = field(default_factory=list)

    @property
    def publishing(self) -> bool:
        return self.status == 1

    @property
    def published(self) -> bool:
        return self.status == 0

    @property
    def error(self) -> WeChatError | None:
        return error_for_publish_status(self.status, publish_id=self.publish_id, fail_idx=self.fail_idx)


def get_publish_status(publish_id: str, *, client: ConfiguredWeChatClient | None = None) -> PublishResult:
    client = client or get_client()
    result = client.freepublish.get(publish_id)
    status = int(_field(result, "publish_status", "freepublish/get"))
    return publish_result(publish_id, status, result)


def publish_result(publish_id: str, status: int, info: dict) -> PublishResult:
    """From a freepublish/get answer or a PUBLISHJOBFINISH event's PublishEventInfo."""
    detail = info.get("article_detail") or {}
    items = detail.get("item") or []
    items = [items] if isinstance(items, dict) else items  # one <item> comes as a dict, several as a list
    fail_idx = info.get("fail_idx") or []
    if isinstance(fail_idx, dict):  # from XML: <fail_idx><value>1</value>...</fail_idx>
        fail_idx = fail_idx.get("value") or []
    fail_idx = fail_idx if isinstance(fail_idx, list) else [fail_idx]
    return PublishResult(
        publish_id=str(publish_id),
        status=int(status),
        article_id=info.get("article_id") or "",
        article_urls=[item["article_url"] for item in items if item and item.get("article_url")],
        fail_idx=[int(i) for i in fail_idx],
    )


@dataclass
class MassSendResult:
    msg_id: int | None
    msg_data_id: int | None = None
    duplicate: bool = False  # WeChat had already accepted this clientmsgid (45065): not sent again


def make_client_msg_id(*parts) -> str:
    """A deterministic clientmsgid (32 ASCII characters) from what identifies one send (page, version)."""
    return "pi" + hashlib.sha256(":".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:30]


def mass_send(media_id: str, client_msg_id: str, *, client: ConfiguredWeChatClient | None = None) -> MassSendResult:
    """Notify every follower of a draft; a repeat of the same client_msg_id within 24 h is a success."""
    if not client_msg_id or len(client_msg_id) > 32 or not client_msg_id.isascii():
        raise ValueError("client_msg_id must be 1 to 32 ASCII characters")
    client = client or get_client()
    try:
        result = client.message.send_mass_article(media_id, is_to_all=True, client_msg_id=client_msg_id)
    except WeChatError as error:
        if error.errcode != DUPLICATE_MASS_SEND:
            raise
        logger.info("wechat: clientmsgid %s was already sent as msg_id %s", client_msg_id, error.payload)
        return MassSendResult(msg_id=error.payload.get("msg_id"), duplicate=True)
    return MassSendResult(
        msg_id=_field(result, "msg_id", "message/mass/sendall"), msg_data_id=result.get("msg_data_id")
    )


def _field(result, name: str, endpoint: str):
    if not isinstance(result, dict) or result.get(name) in (None, ""):
        raise TransientError(
            "微信返回的内容不完整，系统将稍后重试。",
            f"answer has no {name}",
            endpoint=endpoint,
            payload=result,
        )
    return result[name]
