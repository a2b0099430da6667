"""Released policies built the way the office releases them, partners, and a partner receiver on loopback."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from channels.adapters.base import Checkpoints
from channels.partners.models import PressPartner
from channels.simulators.partner import PartnerReceiver, generate_secret
from interpretation import three_sync
from interpretation.choices import DisclosureAttribute, DocumentType, InterpreterKind
from interpretation.models import (
    BundleRelease,
    DepartmentSectionPage,
    PolicyAttachment,
    PolicyDocumentPage,
    QAMaterialPage,
    QAPair,
    TextMaterialPage,
    Topic,
)
from tests.interpretation import conftest as _office

# The office as the demo sets it up (departments, users, workflow), shared with the interpretation tests.
user, login = _office.user, _office.login


@pytest.fixture
def office(office_per_test):
    return office_per_test


office_per_test = _office.office_per_test

PDF = b"%PDF-1.4\n% demo attachment\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
_slugs = itertools.count(1)


@pytest.fixture(autouse=True)
def _loopback_partners(settings):
    """Tests push to the receiver on 127.0.0.1; production trusts no private host."""
    settings.PARTNER_WEBHOOK_PRIVATE_HOSTS = ["127.0.0.1"]
    settings.PARTNER_WEBHOOK_TIMEOUT = (1.0, 1.0)
    settings.DEFAULT_FROM_EMAIL = "政务公开办 <gongkai@liyang.example.cn>"


@pytest.fixture
def release_policy(office):
    """release_policy(title=..., document_type=..., topic="yingshang-huanjing", disclosure=..., attachment=True)."""
    User = get_user_model()
    editor, leader = User.objects.get(username="jjb_editor"), User.objects.get(username="jjb_leader")
    section = DepartmentSectionPage.objects.get(department=office["departments"]["jingji"])

    def release(
        title="关于优化营商环境的若干措施",
        *,
        document_type=DocumentType.NORMATIVE,
        topic="yingshang-huanjing",
        disclosure=DisclosureAttribute.PROACTIVE,
        attachment=True,
    ) -> BundleRelease:
        number = next(_slugs)
        policy = PolicyDocumentPage(
            title=title,
            slug=f"policy-{number}",
            document_number=f"历政〔2026〕{number}号",
            date_written=date(2026, 3, 1),
            topic=Topic.objects.get(code=topic) if topic else None,
            document_type=document_type,
            summary="十条措施优化营商环境。",
            body="<p>第一条 优化营商环境。</p><p>第二条 压减审批时限。</p>",
            disclosure_attribute=disclosure,
            withholding_reason="" if disclosure == DisclosureAttribute.PROACTIVE else "涉及第三方商业信息",
            plan_release_at=datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
            plan_channels=["website", "press_partner"],
            plan_forms=["text", "qa"],
            plan_outline="一、背景\n二、措施",
            first_interpreter="李华",
            interpreter_contact="0555-5312002",
        )
        if attachment:
            document = get_document_model().objects.create(
                title="附件一 申请表", file=ContentFile(PDF, name=f"shenqingbiao-{number}.pdf")
            )
            policy.attachments = [PolicyAttachment(document=document, title="申请表")]
        section.add_child(instance=policy)
        policy.save_revision(user=editor)
        text = TextMaterialPage(
            title=f"《{title}》解读",
            slug="jiedu",
            summary="解读十条措施。",
            body="<p>措施解读正文:审批时限压减一半。</p>",
            interpreter_kind=InterpreterKind.BY_DEPARTMENT,
            interpreter_name="经济发展办公室",
        )
        policy.add_child(instance=text)
        text.save_revision(user=editor)
        qa = QAMaterialPage(title=f"《{title}》问答", slug="wenda", interpreter_kind=InterpreterKind.BY_DEPARTMENT)
        qa.qa_pairs = [QAPair(question="谁可以申请?", answer="<p>本镇登记的企业。</p>")]
        policy.add_child(instance=qa)
        qa.save_revision(user=editor)
        revision = policy.get_latest_revision()
        three_sync.sign_bundle(policy, revision, leader, comment="同意")
        if three_sync.needs_openness_office(policy):
            three_sync.approve_disclosure(policy, revision, User.objects.get(username="gkb_reviewer"))
        revision.publish(user=leader)
        return BundleRelease.objects.filter(policy=policy).latest("pk")

    return release


@pytest.fixture
def make_partner(db):
    def make(name="县融媒体中心", **values) -> PressPartner:
        topics = values.pop("topics", None)
        partner = PressPartner.objects.create(name=name, **values)
        if topics:
            partner.topics.set(Topic.objects.filter(code__in=topics))
        return partner

    return make


@pytest.fixture
def secret():
    return generate_secret()


@pytest.fixture
def receiver(secret):
    with PartnerReceiver(secret, retry_after=120, hang_seconds=3.0) as partner_receiver:
        yield partner_receiver


@pytest.fixture
def webhook_partner(make_partner, receiver, secret):
    return make_partner(webhook_enabled=True, webhook_url=receiver.url, webhook_secret=secret)


class Saved:
    """Checkpoints as the ledger keeps them: every record() is saved at once."""

    def __init__(self):
        self.data: dict = {}
        self.saves = 0

    def __call__(self, data):
        self.data = data
        self.saves += 1

    def checkpoints(self) -> Checkpoints:
        return Checkpoints(self.data, self)


@pytest.fixture
def saved():
    return Saved()
