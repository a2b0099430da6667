"""`make run PORT=18080`: the demo, loaded with SITE_URL following the port, speaks in the seed body's name and links
to the 18080 address in every output: the WeChat article's 阅读原文, the share poster's QR code, the cover, the 图解,
the press e-mail, the ninjs item, the Atom feeds, the calendar and the 转载 sources. No other government's name
and no other address appears in any of them."""

import json
import re

import pytest
from django.core.management import call_command

from channels.subjects import PolicySubject
from channels.watcher.models import Source
from interpretation.bundle_content import graphic_spec
from interpretation.events.models import EventPage
from interpretation.models import GraphicMaterialPage, PolicyDocumentPage
from media_templates.common import resolve_style
from media_templates.images.cover import render_cover
from media_templates.images.graphic import all_text
from media_templates.images.poster import render_poster
from media_templates.renderers.atom import render_atom_entry
from media_templates.renderers.email import render_email
from media_templates.renderers.ninjs import render_ninjs_json
from media_templates.renderers.wechat import render_wechat_article
from tests.factories.policies import latest_release
from tests.module_db import built_once_per_module

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:18080"
SEED = "2018-liyang-openness-work-plan"
BODY = "历阳镇人民政府"
PORTAL = "和县人民政府"
# Names no output of 历阳镇's policy may carry: the other bodies, the invented names of old, the example host.
STRANGERS = ("乌江镇", "和县财政局", "和县教育局", "和历", "example.gov.cn", "example.com")
OTHER_ADDRESS = re.compile(r"https?://(?!127\.0\.0\.1:18080)[\w.-]+(:\d+)?/")


def _load_demo_on_18080():
    from django.conf import settings

    previous, settings.SITE_URL = settings.SITE_URL, SITE
    try:
        call_command("load_demo", verbosity=0)
    finally:
        settings.SITE_URL = previous


_demo = built_once_per_module(_load_demo_on_18080)


@pytest.fixture
def on_18080(_demo, db, settings):
    settings.SITE_URL = SITE
    return PolicyDocumentPage.objects.get(slug=SEED)


def _own_addresses_only(output: str, where: str) -> None:
    strays = {m.group(0) for m in OTHER_ADDRESS.finditer(output)} - _allowed_foreign(output)
    assert not strays, f"{where} links elsewhere: {sorted(strays)}"


def _allowed_foreign(output: str) -> set[str]:
    """Standards' own namespaces (Atom, ninjs schema, XHTML) are identifiers, not links a reader follows."""
    return {
        m.group(0)
        for m in OTHER_ADDRESS.finditer(output)
        if any(host in m.group(0) for host in ("w3.org", "iptc.org", "purl.org", "xmlns"))
    }


def _names_only_its_body(output: str, where: str) -> None:
    assert BODY in output, f"{where} does not name {BODY}"
    found = [name for name in STRANGERS if name in output]
    assert not found, f"{where} names {found}"


def test_every_channel_output_of_the_seed_policy_names_the_town_and_links_to_18080(on_18080):
    content = PolicySubject(latest_release(on_18080)).content()
    assert content.url == f"{SITE}/policies/liyang/dangzheng/{SEED}/"
    article = render_wechat_article(content)
    poster = render_poster(content)
    cover = render_cover(content)
    mail = render_email(content, sender="gkb@liyang.gov.cn", to=["news@media.cn"])
    plain = mail.get_body(preferencelist=("plain",)).get_content()
    ninjs = render_ninjs_json(content)
    atom = render_atom_entry(content)
    outputs = {
        "WeChat article": article.content + article.content_source_url,
        "poster": poster.text_equivalent + poster.meta["url"],
        "e-mail": plain,
        "ninjs": ninjs,
        "Atom entry": atom,
    }
    assert article.content_source_url == content.url, "阅读原文 opens the policy on the portal"
    assert poster.meta["url"] == content.url, "the poster's QR code opens the policy on the portal"
    assert json.loads(ninjs)["uri"].startswith(SITE) or SITE in ninjs
    for where, output in outputs.items():
        assert SITE in output, f"{where} has no link to {SITE}"
        _own_addresses_only(output, where)
        _names_only_its_body(output, where)
    _names_only_its_body(cover.alt + cover.text_equivalent, "cover")
    graphic = GraphicMaterialPage.objects.child_of(on_18080).get()
    spec = graphic_spec(graphic)
    _names_only_its_body(all_text(spec, resolve_style(None, spec.publisher)), "图解")


def test_the_feeds_and_the_calendar_link_to_18080(on_18080, client):
    for path in ("/feeds/policies.atom", "/feeds/interpretations.atom", "/feeds/bodies/liyang/policies.atom"):
        response = client.get(path)
        assert response.status_code == 200, path
        feed = response.content.decode()
        assert f'href="{SITE}/' in feed, path
        assert (BODY if "/bodies/" in path else PORTAL) in feed, path
        assert "和历" not in feed and "example.gov.cn" not in feed, path
    event = EventPage.objects.live().first()
    assert event is not None, "the demo schedules events"
    calendar = client.get(f"/events/{event.pk}/event.ics").content.decode()
    assert f"URL:{SITE}/" in calendar.replace("\r\n ", "")


def test_the_demo_republication_sources_are_on_18080(on_18080):
    sources = list(Source.objects.all())
    assert sources, "the demo watches upstream sources"
    for source in sources:
        if source.url.startswith("http://127.0.0.1"):
            assert source.url.startswith(f"{SITE}/"), source.url
