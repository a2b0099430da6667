"""Upstream sources (信息源) on the loopback upstream server, routing rules, and republications (转载) of upstream
policies, drafted or released as an editor publishes them."""

from __future__ import annotations

import itertools

import factory
from factory.django import DjangoModelFactory

from channels.sources.config import FeedConfig, HtmlListConfig, config_kind, config_to_dict
from channels.sources.demo import DEMO_SOURCES
from channels.watcher.drafts import ensure_index
from channels.watcher.models import (
    DeadlineStart,
    RepublicationAttachment,
    RepublicationPage,
    RepublicationRelease,
    RoutingRule,
    Source,
)
from interpretation import three_sync
from interpretation.models import DraftingDepartment, PolicyDocumentPage, Topic
from tests.factories import site
from tests.factories.policies import PolicyFactory, TextMaterialFactory
from tests.factories.site import PageFactory

DEMO = {demo.key: demo for demo in DEMO_SOURCES}
ORGANS = {"state_council": "国务院", "province": "安徽省人民政府", "city": "马鞍山市人民政府"}
PLAIN_LIST = HtmlListConfig(item="li", title="a", link="a", date="span::text")
_numbers = itertools.count(1)


class SourceFactory(DjangoModelFactory):
    """A province's feed, trusted to resolve to 127.0.0.1 (the loopback upstream server in tests)."""

    class Meta:
        model = Source

    disclosing_body = factory.LazyFunction(lambda: site.body("hexian"))
    name = factory.Sequence(lambda n: f"测试信息源 {n}")
    kind = factory.LazyFunction(lambda: config_kind(FeedConfig()))
    url = "http://127.0.0.1/feed.xml"
    config = factory.LazyFunction(dict)
    level = "province"
    issuing_organ = "安徽省人民政府"
    allowed_hosts = "127.0.0.1"
    trusted_private_hosts = "127.0.0.1"
    deadline_start = DeadlineStart.FOUND
    ignore_older_than_days = 0


def make_source(upstream, path: str, config=None, *, name: str | None = None, level="province", **fields) -> Source:
    """A source reading ``path`` on the loopback server with `config` (a feed by default)."""
    config = config or FeedConfig()
    return SourceFactory(
        name=name or f"测试信息源 {path}",
        kind=config_kind(config),
        url=upstream.url(path),
        config={k: v for k, v in config_to_dict(config).items() if k != "kind"},
        level=level,
        **fields,
    )


def demo_source(upstream, key: str, **fields) -> Source:
    """One of the shipped sources (State Council HTML, province RSS, city JSON), reading its sample listing."""
    demo = DEMO[key]
    fields.setdefault("issuing_organ", ORGANS[key])
    fields.setdefault("name", demo.name)
    return make_source(upstream, f"/samples/{demo.listing}", demo.config, level=demo.level, **fields)


class RoutingRuleFactory(DjangoModelFactory):
    class Meta:
        model = RoutingRule

    keywords = "政务公开"


def add_rule(source: Source, keywords: str, department=None, topic=None) -> RoutingRule:
    return RoutingRuleFactory(source=source, keywords=keywords, department=department, topic=topic)


class RepublicationFactory(PageFactory):
    """A republication of a State Council policy in the republications section, with its attachment list."""

    class Meta:
        model = RepublicationPage

    class Params:
        number = factory.LazyFunction(lambda: next(_numbers))
        topic_code = "zhengwu-gongkai"

    parent = factory.LazyFunction(ensure_index)
    disclosing_body = factory.LazyFunction(lambda: site.body())  # the town's (历阳镇), whose partners get it
    title = "国务院关于进一步优化政务服务的意见"
    slug = factory.LazyAttribute(lambda r: f"republication-{r.number}")
    source_organ = "国务院"
    source_level = "state_council"
    original_url = factory.LazyAttribute(
        lambda r: f"https://www.gov.cn/zhengce/content/2026-03/01/content_{r.number}.htm"
    )
    document_number = factory.LazyAttribute(lambda r: f"国发〔2026〕{r.number}号")
    summary = "提出优化政务服务的二十条措施。"
    body = "<p>一、总体要求。</p><p>二、主要措施。</p>"
    topic = factory.LazyAttribute(lambda r: Topic.objects.filter(code=r.topic_code).first() if r.topic_code else None)
    attachments = factory.LazyFunction(
        lambda: [RepublicationAttachment(title="附件:措施清单", url="https://www.gov.cn/files/list.pdf")]
    )


def republication(title="国务院关于进一步优化政务服务的意见", *, topic="zhengwu-gongkai", publish=True):
    """转载: a State Council policy republished (released, with its deliveries) or only drafted."""
    page = RepublicationFactory(title=title, topic_code=topic, publish=publish)
    return RepublicationPage.objects.get(pk=page.pk)


def latest_republication_release(page) -> RepublicationRelease:
    return RepublicationRelease.objects.filter(page=page).latest("pk")


# -- 内部转载: the county's own policies, which its towns republish ----------------------------------------------


def county_office():
    """和县人民政府's 县政府办公室 (code bangongshi) with its section, editor hx_editor and leader hx_leader."""
    hexian = site.body("hexian")
    department = DraftingDepartment.objects.filter(disclosing_body=hexian, code="bangongshi").first()
    if department is None:
        department = site.SectionFactory(
            department=site.DepartmentFactory(code="bangongshi", name="县政府办公室", disclosing_body=hexian)
        ).department
    editor = site.UserFactory(username="hx_editor", first_name="孙丽", body=hexian, groups=[department.editors])
    leader = site.UserFactory(username="hx_leader", first_name="刘强", body=hexian, groups=[department.leaders])
    return department, editor, leader


def _sign_and_publish(policy: PolicyDocumentPage, revision, leader) -> PolicyDocumentPage:
    three_sync.sign_bundle(policy, revision, leader, comment="同意")
    revision.publish(user=leader)
    return PolicyDocumentPage.objects.get(pk=policy.pk)


def county_policy(*, released: bool = True, **fields) -> PolicyDocumentPage:
    """A proactive county policy with its text interpretation, released by 县政府办公室's leader (同步审签)."""
    department, editor, leader = county_office()
    fields.setdefault("title", "和县关于进一步优化营商环境的若干措施")
    fields.setdefault("slug", "hexian-yingshang")
    fields.setdefault("document_number", "和政〔2026〕5号")
    fields.setdefault("issuing_organ", "和县人民政府")
    fields.setdefault("body", "<p>第一条 全县推行企业开办一日办结。</p>")
    parent = site.section("bangongshi", "hexian")
    policy = PolicyFactory(parent=parent, author=editor, interpreter_contact="0555-5311000", **fields)
    TextMaterialFactory(parent=policy, author=editor, slug="jiedu", interpreter_name="县政府办公室")
    policy = PolicyDocumentPage.objects.get(pk=policy.pk)
    if not released:
        return policy
    return _sign_and_publish(policy, policy.get_latest_revision(), leader)


def county_correction(policy: PolicyDocumentPage, body: str) -> PolicyDocumentPage:
    """The county corrects its released policy's text and releases it again."""
    _department, editor, leader = county_office()
    policy = PolicyDocumentPage.objects.get(pk=policy.pk).get_latest_revision_as_object()
    policy.body = body
    return _sign_and_publish(policy, policy.save_revision(user=editor), leader)
