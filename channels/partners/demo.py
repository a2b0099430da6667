"""Demo press partners: 县融媒体中心 receives pushes on the loopback receiver, 市日报社 pulls. Safe to run twice.

Their secret and token are shown nowhere after creation (as for any partner), so the demo writes the ones it
creates to VAR_DIR/demo-partner-credentials.txt (mode 0600) for the person trying the pull API; the loopback
receiver reads the secret itself (manage.py partner_receiver decrypts it).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet

from bodies.models import DisclosingBody
from channels.ledger.rows import create_deliveries
from interpretation.events.models import EventRelease
from interpretation.models import BundleRelease, PolicyDocumentPage

from .models import PressPartner

RECEIVER_PORT = 8766
RECEIVER_URL = f"http://127.0.0.1:{RECEIVER_PORT}/webhooks/policies"

PARTNERS: list[dict[str, Any]] = [
    {
        "name": "县融媒体中心",
        "contact_person": "王磊",
        "phone": "0555-5312101",
        "email": "xinwen@rongmei.example.cn",
        "webhook_enabled": True,
        "webhook_url": RECEIVER_URL,
    },
    {
        "name": "市日报社",
        "contact_person": "陈静",
        "phone": "0555-2345678",
        "email": "zhengwu@ribao.example.cn",
        "pull_enabled": True,
    },
]


def _demo_body() -> DisclosingBody | None:
    """The partners work with the town that holds the seed policy (历阳镇), else with the platform's body."""
    seed = PolicyDocumentPage.objects.filter(slug="2018-liyang-openness-work-plan").first()
    return seed.disclosing_body if seed and seed.disclosing_body_id else DisclosingBody.platform()


def load() -> str:
    body = _demo_body()
    if body is None:
        return "合作媒体:尚无公开主体"
    created = []
    for values in PARTNERS:
        partner, was_created = PressPartner.objects.get_or_create(
            disclosing_body=body, name=values["name"], defaults=values
        )
        if was_created:
            created.append(partner)
    rows = _top_up_releases()
    names = "、".join(p["name"] for p in PARTNERS)
    note = f"(新建 {len(created)} 个)" if created else "(已存在)"
    if rows:
        note += f",已为此前发布的文件补建 {rows} 条分发记录"
    where = f"已写入 {_write_credentials(created)}(仅本机可读)" if created else "仅在创建时写入 var 目录"
    return (
        f"合作媒体:{names}{note}。接口推送接收端:manage.py partner_receiver --port {RECEIVER_PORT};"
        f"获取令牌{where},遗失时在后台轮换"
    )


def credentials_file() -> Path:
    return Path(settings.VAR_DIR) / "demo-partner-credentials.txt"


def _write_credentials(partners: list[PressPartner]) -> Path:
    """The secrets and tokens just issued, appended to a file only this user can read (never printed)."""
    path = credentials_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.chmod(path, 0o600)
    with os.fdopen(descriptor, "a", encoding="utf-8") as out:
        for partner in partners:
            out.write(f"# {partner.name}(id {partner.pk})\n")
            out.write(f"webhook_secret={partner.issued_secret}\npull_token={partner.issued_token}\n")
    return path


def _top_up_releases() -> int:
    """The seed policy and the demo events were released before the partners existed (their apps' demos load
    first): the policy's latest release and each event release (one per phase) get the partners' ledger rows.

    Idempotent: the ledger's keys are unique, so a second load adds nothing.
    """
    added = 0
    releases: list[BundleRelease | EventRelease] = [
        *_latest_releases(BundleRelease),
        *EventRelease.objects.order_by("pk"),
    ]
    for release in releases:
        with transaction.atomic():
            added += len(create_deliveries(release, channels=["partner_webhook", "partner_email"]))
    return added


def _latest_releases(model: type[BundleRelease]) -> QuerySet[BundleRelease]:
    newest: dict[int, int] = {}
    for pk, policy_id in model.objects.order_by("pk").values_list("pk", "policy_id"):
        newest[policy_id] = pk
    return model.objects.filter(pk__in=newest.values()).order_by("pk")
