"""The 审计日志 screen is the 审计管理员's: listed and exported (CSV with a BOM, itself recorded) for those with
security.view_auditrecord, refused to everyone else; every entry also goes to syslog as one JSON line."""

from __future__ import annotations

import json
import socket

import pytest
from django.test import Client
from django.urls import reverse

from security import audit
from security.audit.models import AuditRecord
from tests.factories.site import GroupFactory, UserFactory

pytestmark = pytest.mark.django_db


def auditor() -> Client:
    group = GroupFactory(name="审计管理员", permissions=["security.view_auditrecord"])
    client = Client()
    client.force_login(UserFactory(username="sjy", groups=[group]))
    return client


def test_the_auditor_sees_the_list_newest_first_with_chinese_labels():
    audit.record("auth.login_failed", outcome="failure", actor_username="wangfang", detail={"username": "wangfang"})
    audit.record("page.publish", detail={"revision": 3})
    client = auditor()
    page = client.get(reverse("security_audit_log")).content.decode()
    rows = page.split("<tbody>")[1]
    assert "审计日志" in page and rows.index("发布页面") < rows.index("登录失败")

    filtered = client.get(reverse("security_audit_log"), {"action": "auth.login_failed"}).content.decode()
    assert "登录失败" in filtered and "发布页面" not in filtered.split("<tbody>")[1]


def test_someone_without_the_permission_is_refused_and_has_no_menu_item():
    client = Client()
    client.force_login(UserFactory(username="editor", groups=[GroupFactory(name="编辑")]))
    assert client.get(reverse("security_audit_log")).status_code in (302, 403)
    assert client.get(reverse("security_audit_log_export")).status_code in (302, 403)
    assert "audit-log" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_csv_export_opens_in_excel_and_is_itself_recorded():
    audit.record("auth.lockout", actor_username="wangfang", detail={"username": "wangfang"})
    client = auditor()
    response = client.get(reverse("security_audit_log_export"), {"action": "auth.lockout"})
    body = response.content.decode("utf-8")
    assert response["Content-Type"].startswith("text/csv") and "attachment" in response["Content-Disposition"]
    assert body.startswith("\ufeff序号,时间,操作人账号")
    assert "账号锁定" in body and "wangfang" in body and len(body.strip().splitlines()) == 2
    export = AuditRecord.objects.filter(action="audit.export").get()
    assert export.actor_username == "sjy" and export.detail == {"filters": {"action": "auth.lockout"}, "rows": 1}


def test_each_entry_is_shipped_to_syslog_as_one_json_line(settings, django_capture_on_commit_callbacks):
    receiver = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    receiver.bind(("127.0.0.1", 0))
    receiver.settimeout(5)
    try:
        settings.AUDIT_SYSLOG_ADDRESS = f"127.0.0.1:{receiver.getsockname()[1]}"
        with django_capture_on_commit_callbacks(execute=True):
            entry = audit.record("auth.unlock", actor_username="anquan", detail={"username": "wangfang"})
        datagram = receiver.recv(65536).decode("utf-8").rstrip("\x00")
    finally:
        receiver.close()
        settings.AUDIT_SYSLOG_ADDRESS = ""
        with django_capture_on_commit_callbacks(execute=True):
            audit.record("auth.logout")  # the handler goes with the setting
    assert datagram.startswith("<") and "cms-audit: " in datagram
    shipped = json.loads(datagram[datagram.index("{") :])
    assert shipped["sequence"] == entry.sequence and shipped["hash"] == entry.hash
    assert shipped["action"] == "auth.unlock" and shipped["label"] == "解除锁定"


def test_shipping_to_a_file_writes_json_lines(settings, tmp_path, django_capture_on_commit_callbacks):
    settings.AUDIT_LOG_FILE = str(tmp_path / "audit.jsonl")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            entry = audit.record("auth.password_change")
    finally:
        settings.AUDIT_LOG_FILE = ""
        with django_capture_on_commit_callbacks(execute=True):
            audit.record("auth.logout")
    lines = (tmp_path / "audit.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[-1])["hash"] == entry.hash
