"""Word import: real .docx files made with python-docx, through the converter, the admin view and the command."""

import io
import os
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from docx import Document
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.images import get_image_model
from wagtail.rich_text import features

from interpretation.docx_import import OLE2_MAGIC, DocxImportError, convert_docx
from interpretation.models import PolicyDocumentPage, TextMaterialPage
from tests.factories.word import NUMBER, TITLE, make_docx, make_interpretation_docx
from tests.interpretation.conftest import edit_url

IMPORT_URL = "/admin/word-import/"


def not_word_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "这不是 Word 文档")
    return out.getvalue()


BAD_FILES = [
    pytest.param("损坏.docx", os.urandom(4096), "不是有效的 Word(.docx)文档", id="corrupt"),
    pytest.param("旧文件.doc", OLE2_MAGIC + os.urandom(4096), "另存为", id="old-doc"),
    pytest.param("压缩包.docx", not_word_zip(), "不是 Word(.docx)文档", id="zip-not-word"),
    pytest.param("空.docx", b"", "空文件", id="empty"),
]


# -- conversion ---------------------------------------------------------------------------------------


def test_conversion_keeps_headings_lists_tables_and_images():
    doc = convert_docx(make_docx(), filename="意见.docx")
    assert doc.title == TITLE and doc.title_detected
    assert doc.document_number == NUMBER
    body = doc.body_html
    assert TITLE not in body and NUMBER not in body, "title and 文号 become fields, not body lines"
    assert "<h2>一、总体要求</h2>" in body and "<h3>(一)工作目标</h3>" in body
    assert "<ul><li>垃圾分类</li><li>污水治理</li></ul>" in body
    assert "<ol><li>摸底调查</li><li>组织实施</li></ol>" in body
    assert "<table" not in body and "<li>项目：改厕；补助标准：每户1000元</li>" in body
    assert '<embed embedtype="image" id="docx-image-0" format="fullwidth" alt="图1"/>' in body
    assert [(name, content_type) for name, _data, content_type in doc.images] == [("image1.png", "image/png")]
    assert any("表格已转为文字" in message for message in doc.messages)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("历政办〔2018〕12号", "历政办〔2018〕12号"),
        ("历政办[2018]12号", "历政办〔2018〕12号"),
        ("历政(2019)3号", "历政〔2019〕3号"),
        ("历政（2020）第7号", "历政〔2020〕7号"),
        ("历政办［2021］08号", "历政办〔2021〕8号"),
    ],
)
def test_document_number_variants_are_normalised(line, expected):
    assert convert_docx(make_docx(number=line, image=False), filename="a.docx").document_number == expected


def test_chinese_heading_style_names_become_headings():
    doc = convert_docx(make_docx(heading_style="标题 1", image=False), filename="a.docx")
    assert "<h2>一、总体要求</h2>" in doc.body_html


def test_missing_title_falls_back_to_the_file_name():
    document = Document()
    document.add_paragraph("各村(社区)、镇直各单位:")
    document.add_paragraph("现将有关事项通知如下。")
    out = io.BytesIO()
    document.save(out)
    doc = convert_docx(out.getvalue(), filename="2018年通知.docx")
    assert doc.title == "2018年通知" and not doc.title_detected and doc.document_number == ""
    assert "各村(社区)、镇直各单位:" in doc.body_html, "nothing is dropped from the body"


@pytest.mark.parametrize(("filename", "data", "message"), BAD_FILES)
def test_bad_files_raise_a_chinese_error(filename, data, message):
    with pytest.raises(DocxImportError) as raised:
        convert_docx(data, filename=filename)
    assert message in raised.value.user_message and filename in raised.value.user_message


# -- admin view ------------------------------------------------------------------------------------------


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_word_import_creates_draft_policy_and_interpretation(office, login):
    client = login("jjb_editor")
    section = office["sections"]["jingji"]
    assert client.get(IMPORT_URL).status_code == 200
    response = client.post(
        IMPORT_URL,
        {
            "section": section.pk,
            "policy_file": upload("意见.docx", make_docx()),
            "interpretation_file": upload("意见-解读.docx", make_interpretation_docx()),
        },
    )
    policy = PolicyDocumentPage.objects.child_of(section).get()
    assert response.status_code == 302 and response["Location"] == edit_url(policy)
    assert not policy.live and policy.first_published_at is None, "an import is a draft, never published"
    assert policy.title == TITLE and policy.document_number == NUMBER
    assert policy.drafting_department == section.department and policy.owner.username == "jjb_editor"
    image = get_image_model().objects.get()
    assert "<h2>一、总体要求</h2>" in policy.body and "<li>垃圾分类</li>" in policy.body
    assert f'<embed embedtype="image" id="{image.pk}" format="fullwidth" alt="图1"/>' in policy.body
    assert policy.get_latest_revision() is not None

    material = TextMaterialPage.objects.child_of(policy).get()
    assert not material.live and material.title == f"《{TITLE}》政策解读"
    assert "<h2>一、出台背景</h2>" in material.body and material.interpreter_name == "经济发展办公室"

    page = client.get(edit_url(policy)).content.decode()  # Draftail loads the body, image embed included
    assert "已从 Word 导入草稿" in page and "文号 历政〔2018〕12号" in page and "表格已转为文字" in page

    again = client.post(
        IMPORT_URL, {"section": section.pk, "policy_file": upload("意见.docx", make_docx())}, follow=True
    )
    assert "本栏目已有同名或同文号的文件" in again.content.decode(), "a second import is allowed but flagged"


def test_imported_body_survives_an_editor_round_trip(office, login):
    """What Draftail loads and saves back keeps headings, lists, the table's text and the image."""
    login("jjb_editor").post(
        IMPORT_URL, {"section": office["sections"]["jingji"].pk, "policy_file": upload("意见.docx", make_docx())}
    )
    policy = PolicyDocumentPage.objects.get()
    converter = ContentstateConverter(features.get_default_features())
    saved = converter.to_database_format(converter.from_database_format(policy.body))
    for kept in ("一、总体要求</h2>", "垃圾分类</li>", "组织实施</li>", "项目：改厕；补助标准：每户1000元</li>"):
        assert kept in saved
    assert f'embedtype="image" format="fullwidth" id="{get_image_model().objects.get().pk}"' in saved


def test_failed_import_leaves_no_rows_and_no_image_files(office, login, monkeypatch, settings):
    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(TextMaterialPage, "save_revision", fail)
    response = login("jjb_editor").post(
        IMPORT_URL,
        {
            "section": office["sections"]["jingji"].pk,
            "policy_file": upload("意见.docx", make_docx()),
            "interpretation_file": upload("解读.docx", make_interpretation_docx()),
        },
    )
    assert response.status_code == 200 and "没有创建任何内容" in response.content.decode()
    assert not PolicyDocumentPage.objects.exists() and not get_image_model().objects.exists()
    stored = [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()]
    assert stored == []


@pytest.mark.parametrize(("filename", "data", "message"), BAD_FILES[:3])
def test_bad_file_re_renders_the_form_and_creates_nothing(office, login, filename, data, message):
    client = login("jjb_editor")
    response = client.post(
        IMPORT_URL, {"section": office["sections"]["jingji"].pk, "policy_file": upload(filename, data)}
    )
    assert response.status_code == 200
    assert message in response.content.decode() and "没有创建任何内容" in response.content.decode()
    assert not PolicyDocumentPage.objects.exists() and not get_image_model().objects.exists()


def test_bad_interpretation_file_stops_the_policy_too(office, login):
    client = login("jjb_editor")
    response = client.post(
        IMPORT_URL,
        {
            "section": office["sections"]["jingji"].pk,
            "policy_file": upload("意见.docx", make_docx()),
            "interpretation_file": upload("解读.doc", OLE2_MAGIC + os.urandom(512)),
        },
    )
    assert response.status_code == 200 and ".doc" in response.content.decode()
    assert not PolicyDocumentPage.objects.exists() and not get_image_model().objects.exists()


def test_another_departments_section_is_refused(office, login):
    client = login("jjb_editor")
    page = client.get(IMPORT_URL).content.decode()
    assert "经济发展办公室" in page and "党政办公室" not in page
    response = client.post(
        IMPORT_URL, {"section": office["sections"]["dangzheng"].pk, "policy_file": upload("意见.docx", make_docx())}
    )
    assert response.status_code == 200 and "您无权在所选栏目中添加政策文件" in response.content.decode()
    assert not PolicyDocumentPage.objects.exists() and not get_image_model().objects.exists()


def test_menu_item_and_view_only_for_users_who_may_add_a_policy(office, login):
    assert IMPORT_URL in login("jjb_editor").get(reverse("wagtailadmin_home")).content.decode()
    reviewer = login("gkb_reviewer")
    assert IMPORT_URL not in reviewer.get(reverse("wagtailadmin_home")).content.decode()
    response = reviewer.get(IMPORT_URL)  # Wagtail answers a denied admin view with a redirect to the dashboard
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


# -- management command --------------------------------------------------------------------------------


def run_import(folder, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_documents", str(folder), section="jingji", stdout=out, stderr=err, **options)
    return out.getvalue()


def test_command_imports_a_folder_reports_failures_and_skips_existing(office, tmp_path):
    (tmp_path / "意见.docx").write_bytes(make_docx())
    (tmp_path / "意见-解读.docx").write_bytes(make_interpretation_docx())
    (tmp_path / "通知.docx").write_bytes(make_docx(title="关于开展春季爱国卫生运动的通知", number="历政办[2019]5号"))
    (tmp_path / "损坏.docx").write_bytes(os.urandom(2048))

    dry = run_import(tmp_path, dry_run=True, user="jjb_editor")
    assert "试运行" in dry and "导入 2 个,失败 1 个" in dry and not PolicyDocumentPage.objects.exists()

    output = run_import(tmp_path, user="jjb_editor")
    assert "导入 2 个,失败 1 个" in output and "损坏.docx" in output and "不是有效的 Word" in output
    policies = PolicyDocumentPage.objects.child_of(office["sections"]["jingji"])
    assert sorted(policies.values_list("document_number", flat=True)) == sorted(["历政办〔2019〕5号", NUMBER])
    assert not policies.live().exists()
    policy = policies.get(document_number=NUMBER)
    assert TextMaterialPage.objects.child_of(policy).get().title == f"《{TITLE}》政策解读"

    again = run_import(tmp_path)
    assert "导入 0 个,失败 1 个" in again and "跳过已存在 2 个" in again
    assert policies.count() == 2 and get_image_model().objects.count() == 2
