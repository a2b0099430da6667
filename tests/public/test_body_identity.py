"""Every output carries its body's identity: the portal wears the platform's name (和县人民政府), a body's own
site wears the body's and shows only its content, and each release's WeChat article, poster, 图解, cover, e-mail
and feed entry name the body that released it, with the portal's name and address."""

import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from wagtail.models import Site

from bodies.models import DisclosingBody
from channels.subjects import PolicySubject
from interpretation.bundle_content import graphic_spec
from interpretation.models import GraphicMaterialPage, PolicyDocumentPage
from media_templates.common import resolve_style
from media_templates.images.cover import render_cover
from media_templates.images.graphic import all_text
from media_templates.images.poster import render_poster
from media_templates.renderers.email import render_email
from media_templates.renderers.wechat import render_wechat_article
from tests.factories.library import WORK_PLAN_SLUG
from tests.factories.policies import latest_release
from tests.factories.site import column
from tests.module_db import built_once_per_module
from tests.public.bodies import WUJIANG_SLUG, WUJIANG_TITLE, build_two_towns

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
HOST = "liyang.hexian.gov.cn"
SEED_TITLE = "2018年历阳镇政务公开工作方案"

_two_towns = built_once_per_module(build_two_towns)


@pytest.fixture
def towns(_two_towns, db):
    return {slug: PolicyDocumentPage.objects.get(slug=slug) for slug in (WORK_PLAN_SLUG, WUJIANG_SLUG)}


@pytest.fixture
def liyang_site(towns, settings):
    """历阳镇 on a hostname of its own, rooted at its column."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOST]
    body = DisclosingBody.objects.get(slug="liyang")
    body.site = Site.objects.create(hostname=HOST, port=80, root_page=column(body), site_name=body.name)
    body.save()
    return body


def page(client, path, **headers) -> str:
    response = client.get(path, **headers)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode("utf-8")


def test_the_portal_wears_the_platform_body_identity(client, towns):
    html = page(client, "/policies/")
    assert "<title>政策文件 - 和县人民政府</title>" in html
    assert '<a class="site-name" href="/">和县人民政府</a>' in html
    assert "和县人民政府 主办" in html
    assert "和历" not in html
    policy = page(client, towns[WUJIANG_SLUG].url)
    assert f"<title>{WUJIANG_TITLE} - 和县人民政府</title>" in policy


def test_a_body_site_answers_on_its_hostname_in_its_own_name(client, liyang_site):
    home = page(client, "/", HTTP_HOST=HOST)
    assert "<title>历阳镇人民政府 - 历阳镇人民政府</title>" in home
    assert '<a class="site-name" href="/">历阳镇人民政府</a>' in home and "历阳镇人民政府 主办" in home
    assert SEED_TITLE in home and WUJIANG_TITLE not in home
    assert "和县人民政府" not in home
    assert 'href="/catalog/"' in home  # its navigation stays on its site
    policy = page(client, f"/dangzheng/{WORK_PLAN_SLUG}/", HTTP_HOST=HOST)
    assert "历阳镇人民政府 主办" in policy and '<a href="/policies/' not in policy


def test_a_body_site_release_still_links_the_portal_address(liyang_site, towns):
    content = PolicySubject(latest_release(towns[WORK_PLAN_SLUG])).content()
    assert content.url == f"{settings.SITE_URL}/policies/liyang/dangzheng/{WORK_PLAN_SLUG}/"


def test_a_body_site_shows_no_other_body_content(client, liyang_site, towns):
    wujiang = towns[WUJIANG_SLUG]
    assert client.get(f"/policies/wujiang/dangzheng/{WUJIANG_SLUG}/", HTTP_HOST=HOST).status_code == 404
    assert client.get(f"/dangzheng/{WUJIANG_SLUG}/", HTTP_HOST=HOST).status_code == 404
    assert client.get(wujiang.url_path.removeprefix("/home"), HTTP_HOST=HOST).status_code == 404
    assert page(client, wujiang.url_path.removeprefix("/home")).count(WUJIANG_TITLE) >= 1  # the portal has it


def test_search_and_feeds_on_a_body_site_cover_that_body_only(client, liyang_site):
    assert WUJIANG_TITLE not in page(client, "/search/?q=人居环境", HTTP_HOST=HOST)
    assert WUJIANG_TITLE in page(client, "/search/?q=人居环境")
    own = page(client, "/search/?q=政务公开", HTTP_HOST=HOST)
    assert SEED_TITLE in own and "facet-body" not in own
    feed = ET.fromstring(client.get("/feeds/policies.atom", HTTP_HOST=HOST).content)
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "历阳镇人民政府"
    assert [e.find(f"{ATOM}title").text for e in feed.iter(f"{ATOM}entry")] == [SEED_TITLE]


@pytest.mark.parametrize(("slug", "body_name"), [(WORK_PLAN_SLUG, "历阳镇人民政府"), (WUJIANG_SLUG, "乌江镇人民政府")])
def test_a_release_speaks_in_its_body_name_on_every_channel(towns, slug, body_name):
    content = PolicySubject(latest_release(towns[slug])).content()
    article = render_wechat_article(content).content
    assert f"来源：{body_name}" in article and "政策原文见和县人民政府" in article
    poster = render_poster(content)
    assert f"{body_name} · 和县人民政府" in poster.text_equivalent
    assert body_name in render_cover(content).alt
    mail = render_email(content, sender="gkb@example.gov.cn", to=["news@example.com"]).as_string()
    email_text = render_email(content, sender="gkb@example.gov.cn", to=["news@example.com"])
    plain = email_text.get_body(preferencelist=("plain",)).get_content()
    assert body_name in plain and "和县人民政府" in plain
    for output in (article, poster.text_equivalent, plain, mail):
        assert "和历" not in output
    assert content.url.startswith(settings.SITE_URL)


def test_the_graphic_names_the_town_that_released_it_on_the_portal(towns):
    graphic = GraphicMaterialPage.objects.child_of(towns[WORK_PLAN_SLUG]).get()
    spec = graphic_spec(graphic)
    drawn = all_text(spec, resolve_style(None, spec.publisher))  # every line the 图解 draws
    assert "和县人民政府" in drawn and "历阳镇人民政府" in drawn and "和历" not in drawn
