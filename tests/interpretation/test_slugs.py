"""Short page addresses: the rule itself, and every path that makes a page (admin-free ones here)."""

import datetime as dt
import io

import pytest
from docx import Document

from interpretation import slugs
from interpretation.docx_import import convert_docx, import_policy
from interpretation.models import PolicyDocumentPage, TextMaterialPage
from tests.factories.policies import PolicyFactory, TextMaterialFactory, make_bundle, publish_update


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("历政办〔2018〕12号", "2018-12"),
        ("和历政〔2026〕3号", "2026-3"),
        ("历政 [2019] 007号", "2019-7"),
        ("历政(2020)第5号", "2020-5"),
        ("历政2021年8号", "2021-8"),
        ("", None),
        ("内部通知", None),
    ],
)
def test_document_number_gives_year_and_number(number, expected):
    assert slugs.from_document_number(number) == expected


def test_editor_slugs_are_told_apart_from_generated_and_chinese_ones():
    assert slugs.is_chosen_by_editor("2018-liyang-openness-work-plan")
    assert not slugs.is_chosen_by_editor("2018-12")
    assert not slugs.is_chosen_by_editor("20261206-1234")
    assert not slugs.is_chosen_by_editor("jd-17-2")
    assert not slugs.is_chosen_by_editor("关于优化营商环境的若干措施")
    assert not slugs.is_chosen_by_editor("")


pytestmark = pytest.mark.django_db


def _draft(section, **fields):
    policy = PolicyDocumentPage(live=False, **{"title": "关于优化营商环境的若干措施", **fields})
    section.add_child(instance=policy)
    return PolicyDocumentPage.objects.get(pk=policy.pk)


def test_a_policy_is_addressed_by_its_document_number(office):
    section = office["sections"]["jingji"]
    first = _draft(section, document_number="历政办〔2018〕12号", slug="关于优化营商环境的若干措施")
    assert first.slug == "2018-12"
    assert first.url_path.endswith("/2018-12/")
    twin = _draft(section, document_number="历政〔2018〕12号")
    assert twin.slug == "2018-12-2", "unique among siblings"


def test_a_policy_without_number_is_addressed_by_date_and_id(office):
    policy = _draft(office["sections"]["jingji"], document_number="", date_published=dt.date(2026, 12, 6))
    assert policy.slug == f"20261206-{policy.pk}"
    assert policy.url_path.endswith(f"/20261206-{policy.pk}/")
    assert policy.get_latest_revision() is None or policy.get_latest_revision().content["slug"] == policy.slug


def test_an_explicit_ascii_slug_stays(office):
    policy = _draft(office["sections"]["jingji"], document_number="历政〔2026〕3号", slug="yingshang-cuoshi")
    assert policy.slug == "yingshang-cuoshi"


def test_materials_get_jd_and_their_id(office):
    policy = PolicyFactory(slug="")
    assert policy.slug == "2026-3"
    material = TextMaterialFactory(parent=policy, title="《关于优化营商环境的若干措施》解读", slug="")
    material = TextMaterialPage.objects.get(pk=material.pk)
    assert material.slug == f"jd-{material.pk}"
    assert material.url.isascii() if material.url else True


def test_a_draft_follows_its_document_number_until_published_then_never_moves(office):
    policy = make_bundle(slug="", document_number="", released=False)
    assert policy.slug.endswith(f"-{policy.pk}")
    policy.document_number = "历政办〔2018〕12号"
    revision = policy.save_revision(user=None)
    assert revision.content["slug"] == "2018-12", "typed after the first autosave: the draft takes the 文号"

    released = make_bundle(slug="", document_number="历政〔2026〕9号", released=True)
    assert released.live and released.slug == "2026-9"
    released.document_number = "历政〔2026〕10号"
    released.slug = "关于优化营商环境的若干措施"  # what Wagtail's title sync would post
    publish_update(released)
    released = PolicyDocumentPage.objects.get(pk=released.pk)
    assert released.document_number == "历政〔2026〕10号"
    assert released.slug == "2026-9", "a live address never moves"


def _docx(*lines: str) -> bytes:
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_word_import_gives_short_addresses(office):
    section = office["sections"]["jingji"]
    policy_doc = convert_docx(
        _docx("历阳镇人民政府办公室文件", "历政办〔2018〕12号", "关于印发某某办法的通知", "正文。"),
        filename="办法.docx",
    )
    interpretation_doc = convert_docx(_docx("《某某办法》解读", "解读正文。"), filename="解读.docx")
    policy, material = import_policy(section, policy_doc, interpretation_doc)
    assert policy.document_number and policy.slug == "2018-12"
    assert material.slug == f"jd-{material.pk}"
    assert PolicyDocumentPage.objects.get(pk=policy.pk).url_path.endswith("/2018-12/")
