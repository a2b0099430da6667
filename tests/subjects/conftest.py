"""The office with its events section, press partners with a loopback receiver, republications published
as an editor publishes them, and bells recorded instead of rung."""

from __future__ import annotations

import itertools

import pytest

from channels.watcher.drafts import ensure_index
from channels.watcher.models import RepublicationAttachment, RepublicationPage, RepublicationRelease
from interpretation.models import Topic
from tests.events import conftest as _events
from tests.partners import conftest as _partners

# Partners and their loopback receiver, as the partner tests set them up.
_loopback_partners, make_partner, receiver = _partners._loopback_partners, _partners.make_partner, _partners.receiver
secret, webhook_partner = _partners.secret, _partners.webhook_partner

_numbers = itertools.count(1)


office, _office_for_module = _events.office, _events._office_for_module


@pytest.fixture
def rings(monkeypatch):
    """Bells are recorded here instead of reaching the broker (no worker is listening)."""
    rung: list[int] = []
    monkeypatch.setattr("channels.bells._send", lambda delivery_id, countdown: rung.append(delivery_id) or True)
    return rung


@pytest.fixture
def mail_partner(make_partner):
    return make_partner("市日报社", email_enabled=True, email="zhengwu@ribao.example.cn")


def republication(title="国务院关于进一步优化政务服务的意见", *, topic="zhengwu-gongkai", publish=True):
    """A republication (转载) of a State Council policy, published (or only drafted) like an editor does."""
    number = next(_numbers)
    page = RepublicationPage(
        title=title,
        slug=f"republication-{number}",
        source_organ="国务院",
        source_level="state_council",
        original_url=f"https://www.gov.cn/zhengce/content/2026-03/01/content_{number}.htm",
        document_number=f"国发〔2026〕{number}号",
        summary="提出优化政务服务的二十条措施。",
        body="<p>一、总体要求。</p><p>二、主要措施。</p>",
        topic=Topic.objects.filter(code=topic).first() if topic else None,
    )
    page.attachments = [RepublicationAttachment(title="附件:措施清单", url="https://www.gov.cn/files/list.pdf")]
    ensure_index().add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    return RepublicationPage.objects.get(pk=page.pk)


def latest_release(page) -> RepublicationRelease:
    return RepublicationRelease.objects.filter(page=page).latest("pk")
