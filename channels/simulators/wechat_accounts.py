"""The simulator's accounts and their tokens: one simulator serves several official accounts at once (a county's
and a town's), each with its own app id, secret, tokens, callback token and EncodingAESKey, as WeChat does; every draft,
material, publish job and mass send remembers the app id that made it, so a test can tell who published what.
"""

from __future__ import annotations

import secrets
import threading
from typing import TYPE_CHECKING

from . import wechat_rules as rules
from .loopback import Request


class AccountsMixin:
    """Mixed into WeChatSimulator: app ids and secrets, tokens per app id, and the caller of each request."""

    if TYPE_CHECKING:  # WeChatSimulator's
        app_id: str
        token_ttl: int
        old_token_grace: int
        force_refresh_daily_limit: int
        force_refreshes: int
        tokens_issued: int
        callback_token: str
        _lock: threading.RLock

        def now(self) -> float: ...

    def _init_accounts(
        self, app_id: str, secret: str, accounts: dict | None, callback_tokens: dict | None, aes_keys: dict | None
    ) -> None:
        self.secrets = {app_id: secret, **(accounts or {})}
        self.callback_tokens = dict(callback_tokens or {})
        self.aes_keys = dict(aes_keys or {})  # app id -> EncodingAESKey: that account pushes in 安全模式
        self._tokens: dict[str, float] = {}  # token -> expires at
        self._token_app: dict[str, str] = {}  # token -> the app id it was issued to
        self._currents: dict[str, str] = {}  # app id -> its newest token
        self.caller: str | None = None  # the app id of the request being answered (under the simulator's lock)

    @property
    def _current(self) -> str | None:
        return self._currents.get(self.app_id)

    @property
    def current_token(self) -> str | None:
        return self._current

    def token_of(self, app_id: str) -> str | None:
        return self._currents.get(app_id)

    def callback_token_of(self, app_id: str | None) -> str:
        return self.callback_tokens.get(app_id or "", self.callback_token)

    def aes_key_of(self, app_id: str | None) -> str:
        return self.aes_keys.get(app_id or "", "")

    def invalidate_tokens(self):
        """Every token stops working (40001), as when someone else fetched a new one long ago."""
        with self._lock:
            self._tokens.clear()
            self._currents.clear()

    def expire_tokens(self):
        """Every token is past its expiry (42001)."""
        with self._lock:
            for token in self._tokens:
                self._tokens[token] = self.now() - 1

    def _credentials_error(self, grant_type, appid, secret) -> dict | None:
        if grant_type != "client_credential":
            return rules.error(40002)
        if appid not in self.secrets:
            return rules.error(40013)
        if secret != self.secrets[appid]:
            return rules.error(40125)
        return None

    def _issue_token(self, app_id: str) -> str:
        now, current = self.now(), self._currents.get(app_id)
        if current in self._tokens:  # the old token keeps working for a few minutes
            self._tokens[current] = min(self._tokens[current], now + self.old_token_grace)
        token = secrets.token_urlsafe(96)
        self._currents[app_id], self._tokens[token], self._token_app[token] = token, now + self.token_ttl, app_id
        self.tokens_issued += 1
        return token

    def _token(self, request: Request) -> dict:
        q = request.query
        failure = self._credentials_error(q.get("grant_type"), q.get("appid"), q.get("secret"))
        return failure or {"access_token": self._issue_token(q["appid"]), "expires_in": self.token_ttl}

    def _stable_token(self, request: Request) -> dict:
        body = request.json()
        app_id = body.get("appid")
        failure = self._credentials_error(body.get("grant_type"), app_id, body.get("secret"))
        if failure:
            return failure
        current = self._currents.get(app_id)
        if body.get("force_refresh"):
            self.force_refreshes += 1
            if self.force_refreshes > self.force_refresh_daily_limit:
                return rules.error(45009, "force_refresh is limited to 20 a day")
            token = self._issue_token(app_id)
        elif current is None or self._tokens.get(current, 0) - self.now() < self.old_token_grace:
            token = self._issue_token(app_id)
        else:
            token = current
        return {"access_token": token, "expires_in": int(self._tokens[token] - self.now())}

    def _caller_of(self, token: str) -> str | None:
        return self._token_app.get(token)

    def mine(self, items: list[dict]) -> list[dict]:
        """The caller's own items (drafts, jobs, sends) of a list the simulator keeps for every account."""
        return [item for item in items if item.get("app_id") == self.caller]
