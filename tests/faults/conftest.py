"""The fault drill's fixtures: the WeChat simulator with its fault mix, and the environment of the drill's
processes (tests/faults/drill.py has the rest)."""

from __future__ import annotations

import pytest

from channels.simulators.wechat import WeChatSimulator
from tests.ledger.conftest import APP_ID, CALLBACK_TOKEN, SECRET
from tests.ledger.workers import purge_stale_bells

from .drill import DRILL, FAULT_MIX


@pytest.fixture
def fault_mix():
    """The WeChat simulator's faults; a module overrides this fixture for a milder mix."""
    return FAULT_MIX


@pytest.fixture
def drill(settings, live_server, fault_mix):
    purge_stale_bells()
    with WeChatSimulator(
        APP_ID,
        SECRET,
        faults=fault_mix,
        seed=20261126,
        hang_seconds=3.0,
        callback_token=CALLBACK_TOKEN,
        callback_url=f"{live_server.url}/channels/wechat/callback",
        mass_daily_quota=10_000,
    ) as sim:
        settings.WECHAT_APP_ID, settings.WECHAT_APP_SECRET = APP_ID, SECRET
        settings.WECHAT_API_BASE_URL, settings.WECHAT_TOKEN = sim.base_url, CALLBACK_TOKEN
        settings.SITE_URL = live_server.url
        env = {
            **DRILL,
            "WECHAT_APP_ID": APP_ID,
            "WECHAT_APP_SECRET": SECRET,
            "WECHAT_API_BASE_URL": sim.base_url,
            "WECHAT_TOKEN": CALLBACK_TOKEN,
            "SITE_URL": live_server.url,
        }
        yield sim, env
