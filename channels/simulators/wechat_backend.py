"""What happens to an account behind the sender's back, as tests stage it: a person deletes a cover, an image or a
draft in the 公众平台 backend (a later use of its id answers 40007 invalid media_id), WeChat withdraws an API from
the account (48001 on every call of it, api unauthorized), or one publish job's status cannot be read (an error
about that job alone, which is not in the published list either); and the calls that ask about the account as a
whole (draft/count, material/get_materialcount), with which a sender tells the account's errors from one call's.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from . import wechat_rules as rules
from .loopback import Request


class BackendMixin:
    """Mixed into WeChatSimulator: deletions, withdrawn APIs and unreadable jobs, under its lock."""

    if TYPE_CHECKING:  # WeChatSimulator's
        _lock: threading.RLock
        materials: dict[str, dict]
        drafts: list[dict]
        caller: str | None

        def job(self, publish_id: str) -> dict | None: ...

        def mine(self, items: list[dict]) -> list[dict]: ...

    def _init_backend(self) -> None:
        self.deleted_images: set[str] = set()
        self.denied_apis: dict[str, int] = {}  # endpoint prefix -> errcode

    # -- what tests do ----------------------------------------------------------------------------------
    def delete_material(self, media_id: str) -> dict:
        """A person deletes a permanent material (a cover) in the backend; KeyError for an unknown id."""
        with self._lock:
            return self.materials.pop(media_id)

    def delete_image(self, url: str) -> None:
        """An image uploaded with uploadimg is gone: a draft whose text shows it is refused with 40007."""
        with self._lock:
            self.deleted_images.add(url)

    def delete_draft(self, media_id: str) -> dict:
        """A person deletes a draft in the backend; KeyError for an unknown id."""
        with self._lock:
            draft = next(d for d in self.drafts if d["media_id"] == media_id)
            self.drafts.remove(draft)
            return draft

    def deny_api(self, prefix: str, errcode: int = 48001) -> None:
        """Every call whose endpoint starts with `prefix` ("freepublish") answers `errcode`, for every account."""
        with self._lock:
            self.denied_apis[prefix] = errcode

    def allow_api(self, prefix: str) -> None:
        with self._lock:
            self.denied_apis.pop(prefix, None)

    def break_job(self, publish_id: str, errcode: int = 48001) -> None:
        """freepublish/get of this job answers `errcode` (other jobs answer as usual), and the job is not among the
        published articles; KeyError for an unknown job."""
        with self._lock:
            job = self.job(publish_id)
            if job is None:
                raise KeyError(f"no publish job {publish_id}")
            job["broken"] = errcode

    # -- what the HTTP side asks --------------------------------------------------------------------------
    def _denied(self, endpoint: str) -> dict | None:
        for prefix, errcode in self.denied_apis.items():
            if endpoint.startswith(prefix):
                return rules.error(errcode, f"api {endpoint} unauthorized")
        return None

    @staticmethod
    def _job_error(job: dict) -> dict | None:
        errcode = job.get("broken")
        return rules.error(errcode, f"publish_id {job['publish_id']}") if errcode is not None else None

    def _deleted_image_in(self, html: str) -> str | None:
        return next((url for url in self.deleted_images if url in html), None)

    def _draft_count(self, request: Request) -> dict:
        return {"total_count": len(self.mine(self.drafts))}

    def _material_count(self, request: Request) -> dict:
        mine = [m for m in self.materials.values() if m["app_id"] == self.caller]
        counts = {kind: sum(1 for m in mine if m["type"] == kind) for kind in ("image", "thumb")}
        return {"voice_count": 0, "video_count": 0, "image_count": counts["image"] + counts["thumb"], "news_count": 0}

    def backend_routes(self) -> dict:
        return {"draft/count": self._draft_count, "material/get_materialcount": self._material_count}
