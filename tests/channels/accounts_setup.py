"""Shared by the per-body account tests: one simulator serving the county's and the town's accounts, account
rows, a county policy, and running ledger rows in this process."""

from __future__ import annotations

import pytest

from channels.ledger.runs import process
from channels.models import Delivery, WeChatAccount
from channels.simulators.wechat import WeChatSimulator
from tests.factories import policies, site
from tests.factories.ledger import make_due
from tests.factories.site import UserFactory

COUNTY_APP, COUNTY_SECRET, COUNTY_TOKEN = "wx_hexian_fabu", "hexian-app-secret-9f3a51c2", "hexian-callback-token"
TOWN_APP, TOWN_SECRET, TOWN_TOKEN = "wx_liyang_zhen", "liyang-app-secret-7b2e90d4", "liyang-callback-token"
COUNTY_TITLE = "和县关于优化营商环境的若干措施"


@pytest.fixture
def two_accounts(settings):
    """The simulator knows both accounts; this process talks to it, with no WECHAT_* account of its own."""
    with WeChatSimulator(
        COUNTY_APP,
        COUNTY_SECRET,
        accounts={TOWN_APP: TOWN_SECRET},
        callback_tokens={COUNTY_APP: COUNTY_TOKEN, TOWN_APP: TOWN_TOKEN},
        hang_seconds=3.0,
    ) as simulator:
        settings.WECHAT_API_BASE_URL = simulator.base_url
        settings.WECHAT_TIMEOUT = 2
        settings.WECHAT_APP_ID = settings.WECHAT_APP_SECRET = settings.WECHAT_TOKEN = ""
        settings.WECHAT_ACCOUNT_BODY = ""  # the WECHAT_* account, when set, is the platform's (和县)
        yield simulator


@pytest.fixture
def rings(monkeypatch):
    """Bells are recorded here instead of reaching the broker (no worker listens: rows run in this process)."""
    rung: list[int] = []
    monkeypatch.setattr("channels.bells._send", lambda delivery_id, countdown: rung.append(delivery_id) or True)
    return rung


def account(slug: str, app_id: str, secret: str, token: str = "", name: str = "") -> WeChatAccount:
    row = WeChatAccount(
        disclosing_body=site.body(slug), name=name or f"{site.body(slug).short_name}发布", app_id=app_id
    )
    row.app_secret, row.callback_token = secret, token
    row.save()
    return row


def county_account() -> WeChatAccount:
    return account("hexian", COUNTY_APP, COUNTY_SECRET, COUNTY_TOKEN, "和县发布")


def town_account() -> WeChatAccount:
    return account("liyang", TOWN_APP, TOWN_SECRET, TOWN_TOKEN, "历阳发布")


def county_policy(title: str = COUNTY_TITLE):
    """A policy of 和县's 经济发展办公室, drafted and released by the county's own people."""
    department = site.department("jingji", body_slug="hexian")
    county = site.body("hexian")
    UserFactory(username="hx_jjb_leader", body=county, groups=[department.leaders])
    UserFactory(username="hx_jjb_editor", body=county, groups=[department.editors])
    return policies.make_bundle(
        released=True,
        parent=site.section("jingji", "hexian"),
        title=title,
        slug="hexian-yingshang",
        issuing_organ="和县人民政府",
        document_number="和政〔2026〕5号",
        plan_channels=["website", "wechat"],
    )


def run(row: Delivery, times: int = 10) -> Delivery:
    """Run a row as a worker would, again and again (skipping its waits) until it settles."""
    for _ in range(times):
        make_due(row)
        process(row.pk)
        row.refresh_from_db()
        if row.state in (*Delivery.FINAL_STATES, Delivery.State.FAILED):
            break
    return row


def published_titles(simulator, app_id: str) -> list[str]:
    """Titles of the articles an account published (the simulator knows which app id made each job)."""
    drafts = {draft["media_id"]: draft for draft in simulator.drafts}
    return [
        article["title"]
        for job in simulator.publishes
        if job["app_id"] == app_id
        for article in drafts[job["media_id"]]["articles"]
    ]
