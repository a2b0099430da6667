"""A WeChat official account API simulator: a real HTTP server on loopback that behaves as the field
notes describe (tokens, image rules, field limits, link rejection, publish states, error codes, quotas).

    with WeChatSimulator("wx_app", "secret") as sim:
        client = ConfiguredWeChatClient("wx_app", "secret", base_url=sim.base_url)

Every side effect is recorded (`drafts`, `publishes`, `mass_sends`, `materials`, `uploaded_images`,
`callbacks`) so tests can count duplicates; `calls` counts requests per endpoint. The list endpoints a
sender uses to find out whether a lost call took effect are in wechat_listing.py; what a person or WeChat does
to the account behind the sender's back (deletions, a withdrawn API, an unreadable job) in wechat_backend.py.
"""

from __future__ import annotations

import itertools
import secrets
import threading
import time
from collections import Counter
from urllib.parse import urlencode

from . import wechat_rules as rules
from .faults import FaultInjector
from .loopback import DROP, LoopbackApp, Request, Response
from .wechat_accounts import AccountsMixin
from .wechat_backend import BackendMixin
from .wechat_listing import ListingMixin

PREFIX = "/cgi-bin/"
TOKEN_ENDPOINTS = {"token", "stable_token"}


class WeChatSimulator(AccountsMixin, ListingMixin, BackendMixin, LoopbackApp):
    def __init__(
        self,
        app_id: str = "wx_simulated_app",
        secret: str = "simulated-app-secret",
        *,
        accounts: dict[str, str] | None = None,
        callback_tokens: dict[str, str] | None = None,
        aes_keys: dict[str, str] | None = None,
        whitelist=None,
        block_all_ips: bool = False,
        faults: FaultInjector | dict | None = None,
        seed: int = 0,
        token_ttl: int = 7200,
        old_token_grace: int = 300,
        force_refresh_daily_limit: int = 20,
        publish_polls: int = 1,
        publish_outcome: int = 0,
        mass_daily_quota: int = 1,
        mass_minute_quota: int | None = None,
        callback_url: str | None = None,
        callback_token: str = "simulated-callback-token",
        callback_retry_delay: float = 0.1,
        hang_seconds: float = 5.0,
        host: str = "127.0.0.1",
        port: int = 0,
    ):
        super().__init__(host, port)
        self.app_id, self.secret = app_id, secret
        self.whitelist = set(whitelist) if whitelist is not None else None
        self.block_all_ips = block_all_ips
        self.faults = faults if isinstance(faults, FaultInjector) else FaultInjector(faults, seed=seed)
        self.token_ttl, self.old_token_grace = token_ttl, old_token_grace
        self.force_refresh_daily_limit = force_refresh_daily_limit
        self.publish_polls, self.publish_outcome = publish_polls, publish_outcome
        self.mass_daily_quota, self.mass_minute_quota = mass_daily_quota, mass_minute_quota
        self.callback_url, self.callback_token = callback_url, callback_token
        self.callback_retry_delay = callback_retry_delay
        self.hang_seconds = hang_seconds
        self.refuse_tokens = False  # set to answer 40001 to every token, fresh or not
        self.original_id = "gh_" + secrets.token_hex(6)
        self._lock = threading.RLock()
        self._ids = itertools.count(1)
        self._clock_offset = 0.0
        self._init_accounts(app_id, secret, accounts, callback_tokens, aes_keys)
        self._init_backend()
        self.calls: Counter = Counter()
        self.tokens_issued = 0
        self.force_refreshes = 0
        self.uploaded_images: list[dict] = []
        self.materials: dict[str, dict] = {}
        self.drafts: list[dict] = []
        self.publishes: list[dict] = []
        self.mass_sends: list[dict] = []
        self.callbacks: list[dict] = []
        self._routes = {
            "token": self._token,
            "stable_token": self._stable_token,
            "media/uploadimg": self._uploadimg,
            "material/add_material": self._add_material,
            "draft/add": self._draft_add,
            "draft/get": self._draft_get,
            "freepublish/submit": self._publish_submit,
            "freepublish/get": self._publish_get,
            "message/mass/sendall": self._mass_sendall,
            **self.listing_routes(),
            **self.backend_routes(),
        }

    # -- what tests use -------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"{self.origin}{PREFIX}"

    def now(self) -> float:
        return time.time() + self._clock_offset

    def advance(self, seconds: float):
        """Move the simulator's clock (token expiry, the 24 h clientmsgid window, daily quotas)."""
        with self._lock:
            self._clock_offset += seconds

    def draft(self, media_id: str) -> dict | None:
        return next((d for d in self.drafts if d["media_id"] == media_id), None)

    def job(self, publish_id: str) -> dict | None:
        return next((j for j in self.publishes if j["publish_id"] == str(publish_id)), None)

    def known_job(self, publish_id: str) -> dict:
        """The job, or KeyError: the simulator pushes events only for jobs it accepted."""
        job = self.job(publish_id)
        if job is None:
            raise KeyError(f"no publish job {publish_id}")
        return job

    # -- dispatch -----------------------------------------------------------------------------------
    def handle(self, request: Request):
        if not request.path.startswith(PREFIX):
            return Response.json(rules.error(47001, "unknown path"), 404)
        endpoint = request.path[len(PREFIX) :]
        route = self._routes.get(endpoint)
        if route is None:
            return Response.json({"errcode": 40066, "errmsg": "invalid url rid: sim"}, 404)
        with self._lock:
            self.calls[endpoint] += 1
        fault = self.faults.pick(endpoint)
        if fault == "http500":
            return Response(500, b"<html><body>500 Internal Server Error</body></html>", {"Content-Type": "text/html"})
        if fault == "errcode-1":
            return Response.json({"errcode": -1, "errmsg": "system error rid: sim"})
        if fault in ("45011", "45009", "45028", "40007"):
            return Response.json(rules.error(int(fault)))
        if fault == "reject":
            return Response.json(rules.error(rules.REJECTIONS.get(endpoint, 47001)))
        if fault == "hang":
            self.hang(self.hang_seconds)
        with self._lock:
            try:
                result = self._check_caller(request, endpoint) or self._denied(endpoint) or route(request)
            except (ValueError, KeyError, TypeError, AttributeError):
                result = rules.error(47001)
        return DROP if fault == "drop" else Response.json(result)

    def _check_caller(self, request: Request, endpoint: str) -> dict | None:
        if self.block_all_ips or (self.whitelist is not None and request.client_ip not in self.whitelist):
            return rules.error(40164, f"invalid ip {request.client_ip}")
        if endpoint in TOKEN_ENDPOINTS:
            return None
        token = request.query.get("access_token")
        if not token:
            return rules.error(41001)
        expires_at = self._tokens.get(token)
        if expires_at is None or self.refuse_tokens:
            return rules.error(40001)
        if expires_at <= self.now():
            return rules.error(42001)
        self.caller = self._caller_of(token)
        return None

    # -- images and materials ---------------------------------------------------------------------
    def _image_upload(self, request: Request, allowed: tuple, limit: int):
        part = rules.multipart_file(request.headers.get("content-type", ""), request.body)
        if part is None or not part[2]:
            return None, rules.error(41005)
        kind = rules.image_kind(part[2])
        if kind not in allowed:
            return None, rules.error(40005, f"{kind or 'unknown'} is not one of {'/'.join(allowed)}")
        if len(part[2]) > limit:
            return None, rules.error(40009, f"{len(part[2])} bytes, at most {limit}")
        digest = rules.content_hash(part[2])
        url = f"http://mmbiz.qpic.cn/mmbiz_{kind}/{digest[:20]}{next(self._ids)}/0?wx_fmt={kind}"
        return {"filename": part[0], "kind": kind, "size": len(part[2]), "sha256": digest, "url": url}, None

    def _uploadimg(self, request: Request) -> dict:
        image, failure = self._image_upload(request, ("jpg", "png"), rules.IMAGE_LIMIT - 1)
        if failure:
            return failure
        self.uploaded_images.append({**image, "app_id": self.caller})
        return {"url": image["url"]}

    def _add_material(self, request: Request) -> dict:
        media_type = request.query.get("type")
        if media_type == "thumb":
            image, failure = self._image_upload(request, ("jpg",), rules.THUMB_LIMIT)
        elif media_type == "image":
            image, failure = self._image_upload(request, ("jpg", "png", "gif", "bmp"), rules.MATERIAL_IMAGE_LIMIT)
        else:
            return rules.error(40004, f"type={media_type}")
        if failure:
            return failure
        media_id = f"{secrets.token_urlsafe(30)}{next(self._ids)}"
        self.materials[media_id] = {**image, "type": media_type, "media_id": media_id, "app_id": self.caller}
        return {"media_id": media_id, "url": image["url"]}

    # -- drafts and publishing ----------------------------------------------------------------------
    def _draft_add(self, request: Request) -> dict:
        articles = request.json().get("articles")
        if not articles or not isinstance(articles, list):
            return rules.error(44003)
        for article in articles:
            failure = rules.check_article(article, {m for m, v in self.materials.items() if v["app_id"] == self.caller})
            if failure:
                return failure
            deleted = self._deleted_image_in(article["content"] or "")
            if deleted:
                return rules.error(40007, f"hint: image {deleted[:80]} was deleted")
        media_id = f"{secrets.token_urlsafe(30)}{next(self._ids)}"
        stored = [{**a, "content": rules.strip_scripts(a["content"])} for a in articles]
        self.drafts.append({"media_id": media_id, "articles": stored, "created_at": self.now(), "app_id": self.caller})
        return {"media_id": media_id}

    def _draft_get(self, request: Request) -> dict:
        draft = self.draft(request.json().get("media_id"))
        if draft is None or draft["app_id"] != self.caller:
            return rules.error(40007)
        return {"news_item": draft["articles"], "create_time": int(draft["created_at"])}

    def _publish_submit(self, request: Request) -> dict:
        draft = self.draft(request.json().get("media_id"))
        if draft is None or draft["app_id"] != self.caller:
            return rules.error(40007)
        number = next(self._ids)
        job = {
            "publish_id": str(2247483000 + number),
            "app_id": self.caller,
            "media_id": draft["media_id"],
            "polls_left": self.publish_polls,
            "outcome": self.publish_outcome,
            "article_id": f"sim-article-{number}-{secrets.token_urlsafe(8)}",
            "fail_idx": [] if self.publish_outcome == 0 else [1],
        }
        count = len(draft["articles"])
        job["article_urls"] = [f"https://mp.weixin.qq.com/s/{job['article_id']}-{i}" for i in range(1, count + 1)]
        self.publishes.append(job)
        if self.callback_url:
            threading.Thread(target=self._push_later, args=(job["publish_id"],), daemon=True).start()
        return {"errcode": 0, "errmsg": "ok", "publish_id": job["publish_id"]}

    def _publish_get(self, request: Request) -> dict:
        job = self.job(request.json().get("publish_id"))
        if job is None or job["app_id"] != self.caller:
            return rules.error(40007, "invalid publish_id")
        broken = self._job_error(job)
        if broken is not None:
            return broken
        if job["polls_left"] > 0:
            job["polls_left"] -= 1
            return {"publish_id": job["publish_id"], "publish_status": 1}
        return rules.final_status(job)

    # -- PUBLISHJOBFINISH callback ----------------------------------------------------------------
    def build_publish_event(
        self,
        publish_id: str,
        token: str | None = None,
        timestamp=None,
        nonce=None,
        *,
        mode: str | None = None,
        aes_key: str | None = None,
        app_id: str | None = None,
    ):
        """(xml, query params) of the event for a job, signed as WeChat signs it; encrypted ("safe", the default for
        an account with an EncodingAESKey in `aes_keys`) or both ("compat"). `token`, `aes_key` and `app_id` (the
        one sealed inside) stand in for the account's own, to forge a push."""
        job = self.known_job(publish_id)
        token = token or self.callback_token_of(job.get("app_id"))
        aes_key = aes_key or self.aes_key_of(job.get("app_id"))
        mode = mode or ("safe" if aes_key else "plain")
        timestamp = str(int(self.now()) if timestamp is None else int(timestamp))
        nonce = nonce or str(secrets.randbelow(10**10))
        xml = rules.publish_event_xml(job, self.original_id, int(timestamp))
        sig = rules.signature(token, timestamp, nonce)
        params = {"signature": sig, "timestamp": timestamp, "nonce": nonce, "openid": "oWeChatPlatformSystem"}
        if mode != "plain":
            sealed_for = app_id or job.get("app_id") or self.app_id
            xml, msg_signature = rules.encrypted_event(
                xml, self.original_id, token, aes_key, sealed_for, timestamp, nonce, compat=mode == "compat"
            )
            params.update(encrypt_type="aes", msg_signature=msg_signature)
        return xml, params

    def send_publish_event(
        self, publish_id: str, url: str | None = None, token: str | None = None, mode: str | None = None
    ) -> list:
        """POST the event, again (fresh timestamp and nonce) while the reply is not "success", 3 tries."""
        with self._lock:
            job = self.known_job(publish_id)
            job["polls_left"] = 0  # the event means the job is over
        replies = []
        for attempt in range(1, 4):
            xml, params = self.build_publish_event(publish_id, token, mode=mode)
            target = f"{url or self.callback_url}?{urlencode(params)}"
            reply = rules.post_xml(target, xml.encode("utf-8"))
            replies.append(reply)
            self.callbacks.append({"publish_id": publish_id, "attempt": attempt, "reply": reply})
            if reply == "success" or self.stopping.is_set():
                break
            self.hang(self.callback_retry_delay)
        return replies

    def _push_later(self, publish_id: str):
        self.hang(self.callback_retry_delay)
        if not self.stopping.is_set():
            self.send_publish_event(publish_id)

    # -- mass send ----------------------------------------------------------------------------------
    def _mass_sendall(self, request: Request) -> dict:
        body = request.json()
        media_id = body["mpnews"]["media_id"]
        draft = self.draft(media_id)
        if draft is None or draft["app_id"] != self.caller:
            return rules.error(40007)
        now = self.now()
        client_msg_id = body.get("clientmsgid")
        if client_msg_id is not None and (len(client_msg_id) > 32 or not client_msg_id.isascii()):
            return rules.error(47001, "clientmsgid must be at most 32 ASCII characters")
        sends = self.mine(self.mass_sends)  # quotas and clientmsgid are per account
        earlier = [s for s in sends if client_msg_id and s["clientmsgid"] == client_msg_id]
        if earlier and now - earlier[-1]["at"] < rules.DAY:
            return {**rules.error(45065), "msg_id": earlier[-1]["msg_id"]}
        recent = [s for s in sends if now - s["at"] < 60]
        if self.mass_minute_quota is not None and len(recent) >= self.mass_minute_quota:
            return rules.error(45011)
        today = [s for s in sends if rules.beijing_day(s["at"]) == rules.beijing_day(now)]
        if len(today) >= self.mass_daily_quota:
            return rules.error(45028)
        send = {"msg_id": 1000000000 + next(self._ids), "msg_data_id": 2247000000 + next(self._ids)}
        self.mass_sends.append(
            {**send, "media_id": media_id, "clientmsgid": client_msg_id, "at": now, "app_id": self.caller}
        )
        return {"errcode": 0, "errmsg": "send job submission success", **send}
