"""manage.py build_static_site: the whole tree, idempotent, a check that finds hand edits, a tree per site, and a
write that a killed process leaves whole."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from wagtail.models import Site

from bodies.models import DisclosingBody
from interpretation.models import PolicyDocumentPage
from interpretation.public.static_site import pages, publish, tree
from tests.factories.site import column
from tests.module_db import built_once_per_module
from tests.public.conftest import build_demo

from .conftest import POLICY_PATH, page_file, portal

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]

_office_for_module = built_once_per_module(build_demo)


@pytest.fixture
def demo(_office_for_module, db) -> PolicyDocumentPage:
    """The office and its work plan, released (built once for the module)."""
    return PolicyDocumentPage.objects.get(slug="2018-liyang-openness-work-plan")


def _build() -> publish.Report:
    return publish.build(Site.objects.get(is_default_site=True))


def test_a_full_build_writes_every_public_page_and_a_second_run_writes_nothing(demo):
    first = _build()
    assert POLICY_PATH in first.written and "/" in first.written and "/feeds/policies.atom" in first.written
    assert "/robots.txt" in first.written and "/policies/catalog/" in first.written
    assert demo.title in page_file(POLICY_PATH).read_text("utf-8")
    again = _build()
    assert again.written == [] and again.removed == [] and again.unchanged == len(first.written)
    assert (Path(portal().parent) / "nginx").exists() is False  # only the command writes the nginx include


def test_the_command_rebuilds_checks_and_writes_the_nginx_include(demo, capsys):
    call_command("build_static_site", "--no-progress")
    call_command("build_static_site", "--check", "--no-progress")
    assert "静态目录与网站一致" in capsys.readouterr().out
    headers = (portal().parent / "nginx" / "headers.conf").read_text()
    assert 'add_header X-Frame-Options "DENY" always;' in headers
    assert "X-Content-Type-Options" in headers
    hosts = (portal().parent / "nginx" / "hosts.conf").read_text()
    assert 'default "localhost";' in hosts

    edited = page_file(POLICY_PATH)
    edited.write_text(edited.read_text("utf-8").replace(demo.title, "被人手工改过的标题"), "utf-8")
    (portal() / "stray.html").write_text("not from the application")
    with pytest.raises(CommandError, match="2 处"):
        call_command("build_static_site", "--check", "--no-progress")
    out = capsys.readouterr().out
    assert f"different: localhost{POLICY_PATH}" in out and "unexpected: localhost/stray.html" in out

    call_command("build_static_site", "--no-progress")
    assert demo.title in edited.read_text("utf-8") and not (portal() / "stray.html").exists()


def test_withheld_and_unpublished_pages_never_enter_a_full_build(demo):
    demo.disclosure_attribute = "withheld"
    demo.withholding_reason = "涉及国家秘密"
    demo.save(update_fields=["disclosure_attribute", "withholding_reason"])
    report = _build()
    assert not any(path.startswith(POLICY_PATH) for path in report.written)
    assert demo.title not in page_file("/policies/").read_text("utf-8")


def test_each_site_has_its_own_tree_served_on_its_own_host(demo, settings):
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver", "liyang.example.gov.cn"]
    body = DisclosingBody.objects.get(slug="liyang")
    body.site = Site.objects.create(hostname="liyang.example.gov.cn", port=80, root_page=column(body))
    body.save()
    call_command("build_static_site", "--no-progress")
    own = Path(settings.STATIC_SITE_ROOT) / "liyang.example.gov.cn"
    own_policy = page_file(POLICY_PATH.removeprefix("/policies/liyang"), own)
    assert demo.title in own_policy.read_text("utf-8")
    assert page_file(POLICY_PATH).is_file(), "the portal's tree keeps the body's pages too"
    answer = Client(HTTP_HOST="liyang.example.gov.cn").get("/dangzheng/2018-liyang-openness-work-plan/")
    assert answer.status_code == 200 and answer["X-Static-Site"] == "hit"
    assert answer.content == own_policy.read_bytes()
    assert 'hostname="liyang.example.gov.cn"' not in (own.parent / "nginx" / "hosts.conf").read_text()
    assert '"liyang.example.gov.cn" "liyang.example.gov.cn";' in (own.parent / "nginx" / "hosts.conf").read_text()


KILLED_WRITER = """
import os, signal, sys
import django
django.setup()
from pathlib import Path
from interpretation.public.static_site import tree
tree.before_rename = lambda target: os.kill(os.getpid(), signal.SIGKILL)
tree.write(Path(sys.argv[1]), "新的页面".encode() * 200)
"""


def test_a_writer_killed_between_writing_and_renaming_leaves_the_old_file_whole(tmp_path, settings):
    target = tmp_path / "site" / "localhost" / "index.html"
    tree.write(target, "旧的页面".encode() * 200)
    before = target.read_bytes()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test", "STATIC_SITE_ROOT": str(tmp_path / "site")}
    done = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(target)], cwd=ROOT, env=env, timeout=120)
    assert done.returncode == -signal.SIGKILL
    assert target.read_bytes() == before
    assert tree.files(target.parent) == [tree.PurePosixPath("index.html")], "the half-written file is not served"
    assert tree.write(target, "新的页面".encode() * 200) and "新的页面" in target.read_text("utf-8")


def test_the_tree_answers_head_and_revalidation_and_leaves_sessions_queries_and_odd_paths_to_the_application(
    demo, client
):
    _build()
    page = client.get(POLICY_PATH)
    assert page["X-Static-Site"] == "hit" and page.content == page_file(POLICY_PATH).read_bytes()
    head = client.head(POLICY_PATH)
    assert head["X-Static-Site"] == "hit" and head.content == b""
    assert head["Content-Length"] == str(page_file(POLICY_PATH).stat().st_size)
    assert client.get(POLICY_PATH, HTTP_IF_NONE_MATCH=page["ETag"]).status_code == 304
    assert "X-Static-Site" not in client.get("/policies/?page=1")
    client.cookies["sessionid"] = "someone-logged-in"
    assert "X-Static-Site" not in client.get(POLICY_PATH)
    del client.cookies["sessionid"]
    assert client.get("/policies/%2e%2e/%2e%2e/sites.json").status_code == 404
    assert client.get("/.lock").status_code == 404


def test_a_page_published_outside_a_release_is_rewritten_after_commit(demo, django_capture_on_commit_callbacks):
    from cms.models import HomePage

    _build()
    home = HomePage.objects.get()
    home.intro = "新的欢迎词:政策文件与解读同步发布。"
    with django_capture_on_commit_callbacks(execute=True):
        home.save_revision().publish()
    assert "新的欢迎词" in page_file("/").read_text("utf-8")


def test_publishing_an_annual_report_writes_its_page_beside_the_body_column(demo, django_capture_on_commit_callbacks):
    from interpretation.disclosure_requests import annual_report
    from interpretation.disclosure_requests.models import AnnualReport

    _build()
    report = AnnualReport.objects.create(disclosing_body=DisclosingBody.objects.get(slug="liyang"), year=2026)
    with django_capture_on_commit_callbacks(execute=True):
        annual_report.publish(report)
    written = page_file("/policies/liyang/annual-report/2026/").read_text("utf-8")
    assert "历阳镇人民政府2026年政府信息公开工作年度报告" in written and "第二十条第(一)项" in written
    assert "/policies/liyang/annual-report/2026/" in page_file("/policies/liyang/").read_text("utf-8")
    assert "/policies/liyang/annual-report/2026/" in pages.all_paths(Site.objects.get(is_default_site=True))
