"""The simulator's list and delete endpoints (draft/batchget, freepublish/batchget, freepublish/delete).

A sender that lost the answer to draft/add or freepublish/submit (a dropped connection, a timeout) looks
here to find out whether its call took effect before it tries again; without them it could only guess.
A publish job appears in freepublish/batchget as soon as it is accepted with a successful outcome
(publishing is instantaneous from the list's point of view; freepublish/get still says "publishing" first).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import wechat_rules as rules
from .loopback import Request


def _page(items: list, body: dict) -> dict:
    offset, count = int(body.get("offset") or 0), int(body.get("count") or 20)
    if offset < 0 or not 1 <= count <= 20:
        return rules.error(47001, "offset >= 0, 1 <= count <= 20")
    page = items[offset : offset + count]
    return {"total_count": len(items), "item_count": len(page), "item": page}


def _news_items(articles: list, no_content: bool, urls: list | None = None) -> list:
    items = []
    for index, article in enumerate(articles):
        item = {key: value for key, value in article.items() if not (no_content and key == "content")}
        if urls is not None:
            item.update(url=urls[index] if index < len(urls) else "", is_deleted=False)
        items.append(item)
    return items


class ListingMixin:
    """Mixed into WeChatSimulator: reads its drafts and publish jobs under its lock."""

    LISTING_ROUTES = ("draft/batchget", "freepublish/batchget", "freepublish/delete")

    if TYPE_CHECKING:  # WeChatSimulator's
        drafts: list[dict]
        publishes: list[dict]

        def draft(self, media_id: str) -> dict | None: ...

        def mine(self, items: list[dict]) -> list[dict]: ...

    def _draft_batchget(self, request: Request) -> dict:
        body = request.json()
        no_content = bool(body.get("no_content"))
        items = [
            {
                "media_id": draft["media_id"],
                "content": {"news_item": _news_items(draft["articles"], no_content)},
                "update_time": int(draft["created_at"]),
            }
            for draft in reversed(self.mine(self.drafts))  # newest first, the caller's own
        ]
        return _page(items, body)

    def _publish_batchget(self, request: Request) -> dict:
        body = request.json()
        no_content = bool(body.get("no_content"))
        items = []
        for job in reversed(self.mine(self.publishes)):
            draft = self.draft(job["media_id"])
            if job["outcome"] != 0 or job.get("deleted") or job.get("broken") is not None or draft is None:
                continue
            news = _news_items(draft["articles"], no_content, job["article_urls"])
            items.append({"article_id": job["article_id"], "content": {"news_item": news}, "update_time": 0})
        return _page(items, body)

    def _publish_delete(self, request: Request) -> dict:
        article_id = request.json().get("article_id")
        job = next((j for j in self.mine(self.publishes) if j["article_id"] == article_id), None)
        if job is None:
            return rules.error(40007, "invalid article_id")
        job["deleted"] = True
        return {"errcode": 0, "errmsg": "ok"}

    def listing_routes(self) -> dict:
        return {
            "draft/batchget": self._draft_batchget,
            "freepublish/batchget": self._publish_batchget,
            "freepublish/delete": self._publish_delete,
        }
