"""Demo sources for ``make run``: the sample upstream sites in ``channels/sources/samples``,
served by our own web server under ``/watcher/samples/`` (no internet needed).

Each source points at ``SITE_URL`` and allows only that host, and only that host may resolve to
a loopback or private address (``Source.trusted_private_hosts`` → ``fetch(private_ok_hosts=…)``).
Deadlines count from when the watcher finds an item, so the invented 2025 samples arrive as
fresh drafts instead of a wall of overdue ones. Safe to run twice.
"""

from urllib.parse import urlsplit

from django.contrib.auth.models import Permission
from django.utils import timezone
from wagtail.models import GroupPagePermission

from bodies.models import DisclosingBody
from channels.sources.config import config_kind, config_to_dict
from channels.sources.demo import DEMO_SOURCES
from cms.foundation import links
from interpretation.models import DraftingDepartment, PolicyDocumentPage, Topic

from . import internal
from .drafts import ensure_index
from .models import DeadlineStart, RoutingRule, Source, SourceFollower

ORGANS = {"state_council": "国务院", "province": "安徽省人民政府", "city": "马鞍山市人民政府"}
# keywords, department code, topic code
RULES = [
    ("政务公开 政策解读 公开", "dangzheng", "zhengwu-gongkai"),
    ("营商环境", "jingji", "yingshang-huanjing"),
    ("农业 春耕 乡村", "jingji", "xiangcun-zhenxing"),
]


def demo_base_url() -> str:
    return links.absolute("/watcher/samples/")


def _rules(source: Source) -> list[RoutingRule]:
    rules = []
    for keywords, department, topic in RULES:
        rules.append(
            RoutingRule(
                keywords=keywords,
                department=_town_department(department),
                topic=Topic.objects.filter(code=topic).first(),
            )
        )
    return rules


def _town_department(code: str) -> DraftingDepartment | None:
    """The first town's department (历阳镇 in the demo): the county watches the sources, the town republishes."""
    towns = DraftingDepartment.objects.filter(code=code, disclosing_body__kind=DisclosingBody.Kind.TOWN)
    return towns.order_by("disclosing_body__sort_order", "disclosing_body_id").first()


def _followers() -> list[SourceFollower]:
    """Every town follows the county's sources: each gets its own drafts, in its 党政办公室 unless routed."""
    towns = DisclosingBody.objects.filter(kind=DisclosingBody.Kind.TOWN).order_by("sort_order", "pk")
    return [
        SourceFollower(
            disclosing_body=town,
            department=DraftingDepartment.objects.filter(disclosing_body=town, code="dangzheng").first(),
        )
        for town in towns
    ]


def grant_department_rights(index) -> None:
    """Department drafters may prepare republications, their leaders publish them (demo groups)."""
    rights = {"editors": ("add", "change"), "leaders": ("add", "change", "publish")}
    for department in DraftingDepartment.objects.select_related("editors", "leaders"):
        for role, actions in rights.items():
            group = getattr(department, role)
            for action in actions if group else ():
                permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=f"{action}_page")
                GroupPagePermission.objects.get_or_create(group=group, page=index, permission=permission)


def _county_policy_to_towns() -> int:
    """The county's demo policy goes down to each town as a republication draft (内部转载), once."""
    policy = PolicyDocumentPage.objects.filter(slug="2018-hexian-openness-key-points").first()
    if policy is None or not policy.live:
        return 0
    made = 0
    for town in DisclosingBody.objects.filter(kind=DisclosingBody.Kind.TOWN):
        made += internal.republish(policy, town)[1]
    return made


def load() -> str:
    grant_department_rights(ensure_index())
    _county_policy_to_towns()
    base = demo_base_url()
    host = (urlsplit(base).hostname or "127.0.0.1").lower()
    created = []
    for demo in DEMO_SOURCES:
        if Source.objects.filter(name=demo.name).exists():
            continue
        config = {k: v for k, v in config_to_dict(demo.config).items() if k != "kind"}
        source = Source(
            name=demo.name,
            kind=config_kind(demo.config),
            url=base + demo.listing,
            config=config,
            level=demo.level,
            issuing_organ=ORGANS.get(demo.key, demo.name),
            allowed_hosts=host,
            trusted_private_hosts=host,
            poll_minutes_working=5,
            poll_minutes_off=15,
            deadline_start=DeadlineStart.FOUND,
            ignore_older_than_days=0,
            default_department=_town_department("dangzheng"),
            disclosing_body=DisclosingBody.platform(),
            republish_for_own_body=False,  # the county watches once; its towns follow
            next_poll_at=timezone.now(),
        )
        source.routing_rules = _rules(source)
        source.followers = _followers()
        source.save()
        created.append(demo.name)
    if created:
        return f"上级政策转载:演示信息源 {len(created)} 个({base})"
    return "上级政策转载:演示信息源已存在"
