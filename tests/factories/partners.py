"""Press partners (新闻媒体、主要新闻网站): who receives released policies by push, by mail or by pulling; and the
policies released to them."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime

import factory
from factory.django import DjangoModelFactory

from channels.partners.models import PressPartner
from interpretation.choices import DisclosureAttribute, DocumentType
from interpretation.models import BundleRelease, Topic
from tests.factories import policies, site
from tests.factories.policies import PolicyFactory, QAMaterialFactory, TextMaterialFactory


class PartnerFactory(DjangoModelFactory):
    """A partner with no way of receiving until a mode is switched on (webhook_enabled, email_enabled,
    pull_enabled); `topics=["code", ...]` limits it to those topics."""

    class Meta:
        model = PressPartner
        skip_postgeneration_save = True

    disclosing_body = factory.LazyFunction(lambda: site.body())
    name = "县融媒体中心"

    @factory.post_generation
    def topics(partner, create, extracted, **kwargs):
        if extracted:
            partner.topics.set(Topic.objects.filter(code__in=extracted))


def make_partner(name="县融媒体中心", **values) -> PressPartner:
    return PartnerFactory(name=name, **values)


_numbers = itertools.count(1)


def partner_release(
    title="关于优化营商环境的若干措施",
    *,
    document_type=DocumentType.NORMATIVE,
    topic="yingshang-huanjing",
    disclosure=DisclosureAttribute.PROACTIVE,
    attachment=True,
) -> BundleRelease:
    """A 经济发展办公室 policy for the press (网站 + 新闻媒体 in its plan) with its 申请表 attachment, text and Q&A
    interpretation, released by the leader (and approved by 政务公开办 first when it is not proactive)."""
    number = next(_numbers)
    policy = PolicyFactory(
        department="jingji",
        title=title,
        slug=f"policy-{number}",
        document_number=f"历政〔2026〕{number}号",
        date_written=date(2026, 3, 1),
        topic=Topic.objects.get(code=topic) if topic else None,
        document_type=document_type,
        openness_area="",
        summary="十条措施优化营商环境。",
        body="<p>第一条 优化营商环境。</p><p>第二条 压减审批时限。</p>",
        disclosure_attribute=disclosure,
        withholding_reason="" if disclosure == DisclosureAttribute.PROACTIVE else "涉及第三方商业信息",
        plan_release_at=datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
        plan_channels=["website", "press_partner"],
        plan_forms=["text", "qa"],
        attachments=[policies.attachment(f"shenqingbiao-{number}.pdf")] if attachment else [],
    )
    TextMaterialFactory(
        parent=policy, title=f"《{title}》解读", slug="jiedu", body="<p>措施解读正文:审批时限压减一半。</p>"
    )
    QAMaterialFactory(parent=policy, title=f"《{title}》问答", slug="wenda", summary="", interpreter_name="")
    return policies.latest_release(policies.release(policy))
