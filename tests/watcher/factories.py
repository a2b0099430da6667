"""Sources pointing at the loopback upstream server, in the states the tests need."""

from __future__ import annotations

from channels.sources.config import FeedConfig, HtmlListConfig, config_kind, config_to_dict
from channels.sources.demo import DEMO_SOURCES
from channels.watcher.models import DeadlineStart, RoutingRule, Source

DEMO = {demo.key: demo for demo in DEMO_SOURCES}
ORGANS = {"state_council": "国务院", "province": "滨江省人民政府", "city": "云溪市人民政府"}
PLAIN_LIST = HtmlListConfig(item="li", title="a", link="a", date="span::text")


def make_source(upstream, path: str, config=None, *, name: str | None = None, level="province", **fields) -> Source:
    """A source reading ``path`` on the loopback server, trusted to resolve to 127.0.0.1."""
    config = config or FeedConfig()
    values = {
        "name": name or f"测试信息源 {path}",
        "kind": config_kind(config),
        "url": upstream.url(path),
        "config": {k: v for k, v in config_to_dict(config).items() if k != "kind"},
        "level": level,
        "issuing_organ": fields.pop("issuing_organ", "滨江省人民政府"),
        "allowed_hosts": "127.0.0.1",
        "trusted_private_hosts": "127.0.0.1",
        "deadline_start": DeadlineStart.FOUND,
        "ignore_older_than_days": 0,
    }
    values.update(fields)
    return Source.objects.create(**values)


def demo_source(upstream, key: str, **fields) -> Source:
    """One of the shipped demo sources (State Council HTML, province RSS, city JSON)."""
    demo = DEMO[key]
    fields.setdefault("issuing_organ", ORGANS[key])
    fields.setdefault("name", demo.name)
    return make_source(upstream, f"/samples/{demo.listing}", demo.config, level=demo.level, **fields)


def add_rule(source: Source, keywords: str, department=None, topic=None) -> RoutingRule:
    return RoutingRule.objects.create(source=source, keywords=keywords, department=department, topic=topic)
