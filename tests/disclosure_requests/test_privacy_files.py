"""The applicant's identifiers are ciphertext at rest; uploads are checked by type, content and size; the applicant
downloads the reply with signed one-hour links from the status lookup, never with the query code in the address."""

import datetime as dt
import io
import re
import time

import pytest
from cryptography.fernet import Fernet
from django.core import signing
from django.core.exceptions import FieldError, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from cms.foundation import vault
from interpretation.disclosure_requests import downloads, fees, lifecycle
from interpretation.disclosure_requests.models import DisclosedFile, InformationRequest
from security.audit.models import AuditRecord
from tests.disclosure_requests.conftest import APPLICANT, make_request
from tests.factories.site import UserFactory

pytestmark = pytest.mark.django_db

ID_NUMBER = APPLICANT["id_number"]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def raw_row(pk):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, phone, email, address, id_number_digest FROM disclosure_requests_informationrequest"
            " WHERE id = %s",
            [pk],
        )
        return cursor.fetchone()


def replied(application):
    data = {
        "reply_type": "disclosed",
        "replied_on": dt.date(2026, 10, 9),
        "fee": 0,
        "content": "提供项目资金拨付明细表",
    }
    return lifecycle.reply(application, data=data)


def test_identifiers_are_ciphertext_in_the_table_clear_in_the_model_and_found_by_keyed_digest(settings):
    first = make_request(dt.date(2026, 9, 21))
    second = make_request(dt.date(2026, 9, 22))
    stored = raw_row(first.pk)
    assert ID_NUMBER not in " ".join(stored) and APPLICANT["phone"] not in stored[1]
    assert APPLICANT["email"] not in stored[2] and "和州路" not in stored[3]
    assert stored[0].startswith("gAAAAA") and len(stored[4]) == 64
    assert InformationRequest.objects.get(pk=first.pk).id_number == ID_NUMBER
    assert fees.nth_this_month(second) == 2
    with pytest.raises(FieldError):
        list(InformationRequest.objects.filter(id_number=ID_NUMBER))

    # rotate_secrets re-encrypts the applicants too, and their digests follow the new key.
    old, new = vault._keys()[0].decode(), Fernet.generate_key().decode()
    settings.ACCOUNT_ENCRYPTION_KEY = [new, old]
    call_command("rotate_secrets", stdout=(out := io.StringIO()))
    assert "disclosure_requests.InformationRequest: 2/2 checked, 2 re-encrypted" in out.getvalue()
    settings.ACCOUNT_ENCRYPTION_KEY = [new]
    assert InformationRequest.objects.get(pk=first.pk).phone == APPLICANT["phone"]
    assert InformationRequest.objects.with_id_number(ID_NUMBER).count() == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("明细表.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 64, "文件内容与扩展名“.pdf”不符"),
        ("明细表.exe", b"MZ\x90\x00", "不能上传“.exe”文件"),
        ("明细表.docx", PDF, "文件内容与扩展名“.docx”不符"),
        ("明细表.pdf", PDF + b"\x00" * (1024 * 1024), "文件过大"),
    ],
    ids=["renamed-exe", "exe", "pdf-as-docx", "oversize"],
)
def test_uploads_are_refused_at_the_model_by_type_content_and_size(settings, request_office, name, content, message):
    settings.DISCLOSURE_REQUEST_MAX_UPLOAD_MB = 1
    reply = replied(make_request(dt.date(2026, 9, 21)))
    with pytest.raises(ValidationError, match=message):
        DisclosedFile.objects.create(reply=reply, title="项目资金拨付明细表", file=SimpleUploadedFile(name, content))
    assert not DisclosedFile.objects.exists()


def test_the_office_sees_the_refusal_in_the_upload_form(client, request_office):
    application = make_request(dt.date(2026, 9, 21))
    replied(application)
    client.force_login(UserFactory(username="gkb_handler", groups=[request_office.handlers]))
    renamed = SimpleUploadedFile("明细表.pdf", b"MZ\x90\x00" + b"\x00" * 60)
    url = reverse("disclosure_requests_admin:act", args=(application.pk, "attach"))
    response = client.post(url, {"title": "项目资金拨付明细表", "file": renamed})
    assert response.status_code == 400 and "不是有效的 PDF 文件" in response.content.decode()
    assert not DisclosedFile.objects.exists()


def test_the_applicant_downloads_the_letter_and_files_with_signed_links_only(client, request_office):
    body, day = request_office.disclosing_body, dt.date(2026, 9, 21)
    application, code = lifecycle.create(body, fields=APPLICANT, channel="in_person", received_on=day)
    reply = replied(application)
    DisclosedFile.objects.create(reply=reply, title="项目资金拨付明细表", file=SimpleUploadedFile("a.pdf", PDF))

    page = client.post(reverse("disclosure_requests:status"), {"code": code}).content.decode()
    links = re.findall(r'href="(/[^"]*/download/[^"]+)"', page)
    assert len(links) == 3 and "答复告知书(PDF)" in page and "项目资金拨付明细表" in page
    assert not any(code in link or code.lower() in link for link in links)

    got = client.get(links[2])
    assert got.status_code == 200 and b"".join(got.streaming_content) == PDF
    assert "attachment" in got["Content-Disposition"] and "no-store" in got["Cache-Control"]
    assert "private" in got["Cache-Control"]
    letter = client.get(links[1])
    assert letter.status_code == 200 and letter.content.startswith(b"PK")  # the .docx
    assert AuditRecord.objects.filter(action="disclosure_request.applicant_download").count() == 2

    tampered = client.get(links[2].replace("/download/", "/download/x"))
    assert tampered.status_code == 403 and "下载链接无效" in tampered.content.decode()

    class TwoHoursAgo(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - 7200)

    old = TwoHoursAgo(salt=downloads.SALT).sign_object({"r": application.pk, "i": f"file.{reply.files.get().pk}"})
    expired = client.get(reverse("disclosure_requests:download", args=(old,)))
    assert expired.status_code == 410 and "下载链接已过期" in expired.content.decode()
