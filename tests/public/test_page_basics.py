"""What every public page carries for search engines and browsers: lang, viewport, title, a description, a
favicon that exists, and a robots.txt; and the settings `make run` serves with (DEBUG off)."""

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def head(client, url) -> str:
    response = client.get(url)
    assert response.status_code in (200, 404), (url, response.status_code)
    html = response.content.decode("utf-8")
    return html[: html.index("</head>")]


def description(html: str) -> str:
    found = re.search(r'<meta name="description" content="([^"]*)">', html)
    assert found, "no description"
    return found.group(1)


def test_every_page_has_lang_viewport_title_description_and_favicon(client, demo):
    for url in ("/", "/policies/", demo.url, "/search/?q=政务公开", "/no-such-page/"):
        html = head(client, url)
        assert '<html lang="zh-Hans">' in html and 'name="viewport"' in html
        assert re.search(r"<title>[^<]+</title>", html)
        assert description(html).strip()
        icon = re.search(r'<link rel="icon" href="/static/([^"]+)"', html)
        assert icon and finders.find(icon.group(1)), url


def test_a_policy_is_described_by_its_summary_and_other_pages_by_the_site(client, demo):
    assert description(head(client, demo.url)) == demo.summary[:149] + ("…" if len(demo.summary) > 150 else "")
    assert "和县人民政府" in description(head(client, "/search/"))


def test_robots_txt_allows_the_site_and_keeps_out_the_admin(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    assert "User-agent: *" in response.content.decode() and "Disallow: /admin/" in response.content.decode()


def run_settings(debug: str) -> str:
    """The dev settings as a make target loads them, in a process of their own (Django's lazy settings read the
    module: the apps need not load for these two values)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.dev", "DEBUG": debug}
    env.pop("ALLOWED_HOSTS", None)
    code = "from django.conf import settings as s; print(s.DEBUG, s.ALLOWED_HOSTS)"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout


def test_make_run_is_debug_off_and_make_dev_debug_on():
    makefile = (settings.BASE_DIR / "Makefile").read_text()
    assert "run: export DEBUG := false" in makefile and "dev: export DEBUG := true" in makefile
    assert run_settings("false").startswith("False ['127.0.0.1', 'localhost'")
    assert run_settings("true").startswith("True")


def test_text_goes_out_gzipped_and_files_and_streams_untouched(rf):
    from django.http import HttpResponse, StreamingHttpResponse

    from cms.middleware import TextGZipMiddleware

    request = rf.get("/", HTTP_ACCEPT_ENCODING="gzip, deflate")
    page = TextGZipMiddleware(lambda r: HttpResponse("政策解读" * 200, content_type="text/html; charset=utf-8"))
    assert page(request)["Content-Encoding"] == "gzip"
    image = TextGZipMiddleware(lambda r: HttpResponse(b"\x89PNG" * 200, content_type="image/png"))
    assert not image(request).has_header("Content-Encoding")
    stream = TextGZipMiddleware(lambda r: StreamingHttpResponse(iter([b"x" * 1000]), content_type="text/plain"))
    assert not stream(request).has_header("Content-Encoding")


def test_static_files_are_served_under_hashed_names_outside_the_tests():
    from cms.settings import base

    assert base.STORAGES["staticfiles"]["BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
