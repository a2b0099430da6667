"""Counted at the receivers: what the WeChat simulator holds, set against what the ledger says."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from channels.adapters.wechat_steps import MARK_PARAM
from channels.models import Delivery

MINE = ("website", "wechat")


def mark_of_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def mark_of_url(url: str) -> str:
    return (parse_qs(urlsplit(url or "").query).get(MARK_PARAM) or [""])[0]


@dataclass
class Counts:
    rows: Counter = field(default_factory=Counter)  # (channel, state) -> n
    lost: list[str] = field(default_factory=list)
    duplicate_drafts: int = 0
    duplicate_articles: int = 0
    duplicate_mass_sends: int = 0
    parked: int = 0
    parked_not_content: list[str] = field(default_factory=list)
    orphan_materials: int = 0
    orphan_images: int = 0
    injected: Counter = field(default_factory=Counter)

    @property
    def duplicates(self) -> int:
        return self.duplicate_drafts + self.duplicate_articles + self.duplicate_mass_sends

    def report(self, title: str) -> str:
        lines = [f"== {title}"]
        lines.append("  ledger rows: " + ", ".join(f"{c}/{s}={n}" for (c, s), n in sorted(self.rows.items())))
        injected = ", ".join(f"{k}={n}" for k, n in sorted(self.injected.items()))
        lines.append(f"  faults injected at the simulator: {injected}")
        lines.append(f"  lost: {len(self.lost)}")
        lines.append(
            f"  duplicate side effects: {self.duplicates} (drafts {self.duplicate_drafts}, articles "
            f"{self.duplicate_articles}, mass sends {self.duplicate_mass_sends})"
        )
        all_content = not self.parked_not_content
        lines.append(f"  permanent failures parked for a person: {self.parked} (all content errors: {all_content})")
        lines.append(
            f"  harmless repeats, invisible to readers: {self.orphan_materials} extra thumb materials, "
            f"{self.orphan_images} extra image uploads"
        )
        return "\n".join(lines)


def count(sim, rows=None) -> Counts:
    rows = list(rows if rows is not None else Delivery.objects.filter(release__isnull=False, channel__in=MINE))
    counts = Counts(rows=Counter((row.channel, row.state) for row in rows))
    counts.injected = Counter(kind for _endpoint, kind in sim.faults.injected)
    drafts = Counter(mark_of_url(d["articles"][0].get("content_source_url")) for d in sim.drafts)
    by_media = {d["media_id"]: mark_of_url(d["articles"][0].get("content_source_url")) for d in sim.drafts}
    articles = Counter(by_media.get(job["media_id"], "") for job in sim.publishes if job["outcome"] == 0)
    mass = Counter(send["clientmsgid"] for send in sim.mass_sends)
    counts.duplicate_drafts = sum(n - 1 for n in drafts.values() if n > 1)
    counts.duplicate_articles = sum(n - 1 for n in articles.values() if n > 1)
    counts.duplicate_mass_sends = sum(n - 1 for n in mass.values() if n > 1)
    for row in rows:
        if row.state not in (Delivery.State.DELIVERED, Delivery.State.FAILED):
            counts.lost.append(f"#{row.pk} {row.channel} still {row.state}")
        elif row.state == Delivery.State.FAILED:
            counts.parked += 1
            if row.last_error_class != "content":
                counts.parked_not_content.append(f"#{row.pk} {row.channel} {row.last_error_class}: {row.last_error_en}")
        elif row.channel == "wechat" and articles[mark_of_key(row.key)] < 1:
            counts.lost.append(f"#{row.pk} delivered in the ledger but no article at WeChat")
    thumbs = Counter(m["sha256"] for m in sim.materials.values())
    counts.orphan_materials = sum(n - 1 for n in thumbs.values() if n > 1)
    images = Counter(i["sha256"] for i in sim.uploaded_images)
    counts.orphan_images = sum(n - 1 for n in images.values() if n > 1)
    return counts
