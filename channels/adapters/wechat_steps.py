"""Calls that create something on WeChat, made at most once per delivery even when an answer is lost.

draft/add and freepublish/submit are not repeatable: a dropped connection or a timeout may hide a success
(WeChat processed the call, we never heard). Before such a call we checkpoint that it is pending; if a run
resumes with the call still pending, it first looks for the effect in WeChat's own lists (draft/batchget,
freepublish/batchget), recognising our article by its 阅读原文 link, which carries a mark derived from the
delivery's idempotency key. Only when the effect has not appeared after a settling time (longer than any
request WeChat may still be processing) is the call made again.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from channels import conf
from channels.adapters.base import Checkpoints, DeliveryError, ErrorClass
from channels.wechat.client import ConfiguredWeChatClient
from channels.wechat.errors import WeChatError

MARK_PARAM = "wx"
LIST_PAGES = 5  # 100 newest drafts or publications: far more than can appear within the settling time
#: A `<step>_pending` value: the earlier call's effect has settled, whatever it was (its publish job could not be
#: read): look in WeChat's list, and create again at once if it is not there.
SETTLED = "settled"
INVALID_MEDIA_ID = 40007
#: What a 40007 (invalid media_id) says we saved in vain: draft/add names the cover's thumb_media_id and the images
#: in the text; freepublish/submit names the draft.
STALE = {"draft/add": "materials", "freepublish/submit": "draft"}


def marked_url(url: str, idempotency_key: str) -> str:
    """The 阅读原文 link with our mark: `?wx=<12 hex>`, harmless to readers, unique to the delivery."""
    mark = hashlib.sha256(idempotency_key.encode("utf-8")).hexdigest()[:12]
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != MARK_PARAM]
    query.append((MARK_PARAM, mark))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), parts.fragment))


def _pages(fetch: Callable[[int], dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """The items of the first LIST_PAGES pages (20 each) of one of WeChat's lists."""
    for page in range(LIST_PAGES):
        answer = fetch(page * 20)
        items = answer.get("item") or []
        yield from items
        if len(items) < 20:
            return


def find_draft(client: ConfiguredWeChatClient, source_url: str) -> str | None:
    """media_id of a draft whose article links to `source_url`, if WeChat has one."""
    for item in _pages(lambda offset: client.draft.batchget(offset=offset, count=20, no_content=1)):
        for article in (item.get("content") or {}).get("news_item") or []:
            if article.get("content_source_url") == source_url:
                media_id: str | None = item.get("media_id")
                return media_id
    return None


def find_publication(client: ConfiguredWeChatClient, source_url: str) -> dict[str, str] | None:
    """{"article_id", "url"} of a published article that links to `source_url`, if WeChat has one."""
    for item in _pages(lambda offset: client.freepublish.batchget(offset, 20, no_content=1)):
        for article in (item.get("content") or {}).get("news_item") or []:
            if article.get("content_source_url") == source_url and not article.get("is_deleted"):
                return {"article_id": item.get("article_id") or "", "url": article.get("url") or ""}
    return None


def create_once(checkpoints: Checkpoints, step: str, find: Callable[[], Any], create: Callable[[], Any]) -> Any:
    """The checkpointed result of `step`, creating it with `create()` at most once (see module docstring).

    `find()` returns the result if an earlier call took effect after all, else None.
    """
    done = checkpoints.get(step)
    if done:
        return done
    pending = checkpoints.get(f"{step}_pending")
    if pending:
        found = find()
        if found:
            checkpoints.record(step, found)
            return found
        wait = 0.0 if pending == SETTLED else conf.wechat_settle_seconds() - (time.time() - float(pending))
        if wait > 0:
            raise DeliveryError(
                ErrorClass.RATE,
                f"{step}: the previous call's outcome is unknown; checking again in {wait:.0f} s",
                "上次提交微信的结果未知，正在等待微信处理完毕后核对，以免重复发文，稍后自动继续。",
                retry_after=wait,
            )
    checkpoints.record(f"{step}_pending", time.time())
    try:
        result = create()
    except WeChatError as error:
        if error.errcode is not None:  # WeChat answered with an error code: nothing was created
            checkpoints.record(f"{step}_pending", None)
        raise
    checkpoints.record(step, result)
    return result


def stale(error: WeChatError) -> str | None:
    """Which saved ids WeChat no longer takes ("materials", "draft"), when its answer says so; else None."""
    return STALE.get(error.endpoint) if error.errcode == INVALID_MEDIA_ID else None


def forget(checkpoints: Checkpoints, saved: str) -> None:
    """Drop saved ids WeChat no longer takes (deleted in the account's backend, or expired while the row waited for
    the quota), so that the run uploads the cover and images, or saves the draft, again; and note it on the row."""
    if saved == "materials":
        checkpoints.record("thumb", None)
        checkpoints.record("images", {})
    elif saved == "draft":
        checkpoints.record("draft", None)
        checkpoints.record("draft_pending", None)
    checkpoints.record("renewed", [*(checkpoints.get("renewed") or []), {"what": saved, "at": time.time()}])
