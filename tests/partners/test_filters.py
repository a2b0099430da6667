"""Which partners a release goes to: active ones whose document-type and topic filters match, public only."""

import pytest

from channels.adapters.base import get_adapter
from interpretation.choices import DisclosureAttribute, DocumentType

pytestmark = pytest.mark.django_db


@pytest.fixture
def partners(make_partner):
    hook = {"webhook_enabled": True, "webhook_url": "https://partner.example.cn/hook"}
    return {
        "everything": make_partner("全部接收", **hook),
        "normative": make_partner("只收规范性文件", document_types=[DocumentType.NORMATIVE], **hook),
        "regulations": make_partner("只收规章", document_types=[DocumentType.REGULATION], **hook),
        "business": make_partner("只收营商环境", topics=["yingshang-huanjing"], **hook),
        "welfare": make_partner("只收社会保障", topics=["shehui-baozhang"], **hook),
        "both": make_partner(
            "规范性文件且营商环境",
            document_types=[DocumentType.NORMATIVE, DocumentType.OTHER_POLICY],
            topics=["yingshang-huanjing", "xiangcun-zhenxing"],
            **hook,
        ),
        "stopped": make_partner("已停用", active=False, **hook),
        "pull_only": make_partner("只拉取", pull_enabled=True),
        "mail": make_partner("邮件媒体", email_enabled=True, email="news@paper.example.cn"),
    }


def names(partners, targets):
    by_target = {p.target: key for key, p in partners.items()}
    return {by_target[t] for t in targets}


def test_type_and_topic_filters_decide_the_webhook_targets(release_policy, partners):
    release = release_policy(document_type=DocumentType.NORMATIVE, topic="yingshang-huanjing")
    targets = get_adapter("partner_webhook").targets(release)
    assert names(partners, targets) == {"everything", "normative", "business", "both"}


def test_a_policy_outside_every_filter_goes_only_to_the_unfiltered(release_policy, partners):
    release = release_policy(document_type=DocumentType.CONSULTATION, topic="jiaoyu-wenhua")
    assert names(partners, get_adapter("partner_webhook").targets(release)) == {"everything"}


def test_a_policy_without_topic_passes_only_empty_topic_filters(release_policy, partners):
    release = release_policy(document_type=DocumentType.REGULATION, topic=None)
    assert names(partners, get_adapter("partner_webhook").targets(release)) == {"everything", "regulations"}


def test_email_targets_are_the_partners_that_receive_by_mail(release_policy, partners):
    assert names(partners, get_adapter("partner_email").targets(release_policy())) == {"mail"}


@pytest.mark.parametrize("disclosure", [DisclosureAttribute.ON_REQUEST, DisclosureAttribute.WITHHELD])
def test_non_proactive_documents_go_to_no_partner(release_policy, partners, disclosure):
    release = release_policy(disclosure=disclosure)
    assert get_adapter("partner_webhook").targets(release) == []
    assert get_adapter("partner_email").targets(release) == []
