"""A press partner's webhook receiver on loopback, verifying Standard Webhooks signatures.

    with PartnerReceiver(secret) as partner:
        post(partner.url, body, headers=signed_headers(secret, "msg_1", body))
        partner.unique_count, partner.attempts["msg_1"]

Deliveries are recorded by `webhook-id`, so a retried delivery counts once in `deliveries` and
twice in `attempts`. The receiver can be told to answer 429 with Retry-After, 410, 500, or hang.
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
from collections import Counter, deque
from datetime import UTC, datetime

from standardwebhooks.webhooks import Webhook

from .loopback import DROP, LoopbackApp, Request, Response

BEHAVIOURS = ("ok", "429", "410", "500", "hang")


def generate_secret() -> str:
    """A partner secret in the Standard Webhooks form: whsec_ + base64 of 24 random bytes."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode("ascii")


def signed_headers(secret: str, webhook_id: str, body: bytes | str, timestamp: datetime | None = None) -> dict:
    """The three headers a sender adds: webhook-id, webhook-timestamp, webhook-signature."""
    timestamp = timestamp or datetime.now(tz=UTC)
    data = body.decode("utf-8") if isinstance(body, bytes) else body
    return {
        "webhook-id": webhook_id,
        "webhook-timestamp": str(int(timestamp.timestamp())),
        "webhook-signature": Webhook(secret).sign(webhook_id, timestamp, data),
        "Content-Type": "application/json",
    }


class PartnerReceiver(LoopbackApp):
    def __init__(
        self,
        secret: str,
        *,
        path: str = "/webhooks/policies",
        retry_after: int = 30,
        hang_seconds: float = 5.0,
        host: str = "127.0.0.1",
        port: int = 0,
        on_receive=None,
    ):
        super().__init__(host, port)
        self.secret = secret
        #: Called as on_receive(webhook_id, payload or None, outcome) for every signed request answered, so a
        #: person running the demo receiver sees each push arrive; outcome is accepted, duplicate or rejected.
        self.on_receive = on_receive
        self.path = path
        self.retry_after = retry_after
        self.hang_seconds = hang_seconds
        self._webhook = Webhook(secret)
        self._lock = threading.Lock()
        self._behaviour = "ok"
        self._next: deque[str] = deque()
        self.deliveries: dict[str, dict] = {}  # webhook-id -> payload of its first accepted delivery
        self.attempts: Counter = Counter()  # webhook-id -> accepted posts with that id
        self.rejected: list[dict] = []  # refused signatures: {"webhook_id", "reason"}
        self.log: list[dict] = []  # every request: {"webhook_id", "status"}

    @property
    def url(self) -> str:
        return f"{self.origin}{self.path}"

    @property
    def unique_count(self) -> int:
        return len(self.deliveries)

    @property
    def duplicate_count(self) -> int:
        return sum(self.attempts.values()) - len(self.deliveries)

    def behave(self, behaviour: str):
        """Answer every request this way from now on ("ok" to go back to normal)."""
        self._check(behaviour)
        with self._lock:
            self._behaviour = behaviour

    def fail_next(self, behaviour: str, times: int = 1):
        """Answer the next `times` requests this way, then as before."""
        self._check(behaviour)
        with self._lock:
            self._next.extend([behaviour] * times)

    def handle(self, request: Request):
        webhook_id = request.headers.get("webhook-id", "")
        if request.method != "POST" or request.path != self.path:
            return self._answer(webhook_id, Response.text("not found", 404))
        with self._lock:
            behaviour = self._next.popleft() if self._next else self._behaviour
        if behaviour == "hang":
            self.hang(self.hang_seconds)
            self.log.append({"webhook_id": webhook_id, "status": None})
            return DROP
        if behaviour == "429":
            headers = {"Retry-After": str(self.retry_after)}
            return self._answer(webhook_id, Response.text("slow down", 429, headers))
        if behaviour == "410":
            return self._answer(webhook_id, Response.text("endpoint gone", 410))
        if behaviour == "500":
            return self._answer(webhook_id, Response.text("internal error", 500))
        try:
            payload = self._webhook.verify(request.body, request.headers)
        except Exception as exc:  # the library raises several kinds for malformed headers
            with self._lock:
                self.rejected.append({"webhook_id": webhook_id, "reason": str(exc) or type(exc).__name__})
            self._notify(webhook_id, None, "rejected")
            return self._answer(webhook_id, Response.text("invalid signature", 401))
        with self._lock:
            self.attempts[webhook_id] += 1
            duplicate = webhook_id in self.deliveries
            self.deliveries.setdefault(webhook_id, payload)
        status = {"status": "duplicate" if duplicate else "accepted", "webhook_id": webhook_id}
        self._notify(webhook_id, payload, status["status"])
        return self._answer(
            webhook_id, Response(200, json.dumps(status).encode(), {"Content-Type": "application/json"})
        )

    def _notify(self, webhook_id: str, payload: dict | None, outcome: str) -> None:
        if self.on_receive is not None:
            self.on_receive(webhook_id, payload, outcome)

    def _answer(self, webhook_id: str, response: Response) -> Response:
        with self._lock:
            self.log.append({"webhook_id": webhook_id, "status": response.status})
        return response

    @staticmethod
    def _check(behaviour: str):
        if behaviour not in BEHAVIOURS:
            raise ValueError(f"unknown behaviour {behaviour!r}; expected one of {', '.join(BEHAVIOURS)}")
