"""Press channels: ninjs 2.x against the IPTC required fields, e-mail parsed back, Atom entry."""

import copy
import email
import email.policy
import json
import xml.etree.ElementTree as ET

import pytest

from media_templates.images.base import GeneratedImage
from media_templates.renderers.atom import ATOM_NS, render_atom_entry, render_atom_feed
from media_templates.renderers.email import render_email
from media_templates.renderers.ninjs import NinjsInvalid, render_ninjs, render_ninjs_json, validate_ninjs

A = f"{{{ATOM_NS}}}"


# -- ninjs ---------------------------------------------------------------------------------
def test_ninjs_is_valid_2x(policy, style):
    doc = render_ninjs(policy, style=style)
    validate_ninjs(doc)
    assert doc["uri"] == "urn:uuid:7d1e9a8e-2f4b-4c55-9a77-3b2e0c6f1a10"
    assert doc["type"] == "text" and doc["version"] == "2" and doc["language"] == "zh-Hans"
    assert doc["versioncreated"] == "2025-03-05T09:30:00+08:00"
    assert doc["headlines"][0] == {"role": "main", "contenttype": "text/plain", "value": policy.title}
    html = next(b for b in doc["bodies"] if b["contenttype"] == "text/html")["value"]
    assert "<script" not in html and 'href="https://www.gov.cn/' in html
    assert 'src="https://www.example.gov.cn/media/images/chart.png"' in html  # absolute for partners
    assert {"role": "document_number", "value": "和历政办发〔2025〕12号"} in doc["altids"]
    assert {"name": "工业、交通/中小企业", "rel": "topic"} in doc["subjects"]
    assert any(d["role"] == "summary" for d in doc["descriptions"])
    assert [r["name"] for r in doc["renditions"]] == ["web", "attachment-1", "attachment-2"]
    assert "headline" not in doc and "body_html" not in doc  # 1.x names are not 2.x


def test_ninjs_associations_between_policy_and_materials(policy, style):
    image = GeneratedImage("cover", b"jpeg", "JPEG", (900, 383), "封面图")
    doc = render_ninjs(policy, style=style, images=[(image, "https://www.example.gov.cn/media/cover.jpg")])
    names = [a["name"] for a in doc["associations"]]
    assert names == ["material-1", "material-2", "cover"]
    graphic, text, cover = doc["associations"]
    assert graphic["type"] == "graphic" and graphic["uri"] == "urn:policy:m-1"
    assert {"name": "部门解读", "literal": "by_department"} in graphic["genres"]
    assert text["uri"] == "https://mp.weixin.qq.com/s/abcdef" and text["by"] == "专家解读"
    assert cover["renditions"][0]["width"] == 900 and cover["descriptions"][0]["value"] == "封面图"
    assert json.loads(render_ninjs_json(policy, style=style))["uri"] == doc["uri"]


@pytest.mark.parametrize(
    "breakage, problem",
    [
        (lambda d: d.pop("uri"), "'uri' is a required property"),
        (lambda d: d["headlines"].append({"role": "main"}), "'value' is a required property"),
        (lambda d: d["renditions"].append({"href": "https://x.example/"}), "'name' is a required property"),
        (lambda d: d["associations"][0].pop("uri"), "'uri' is a required property"),
        (lambda d: d["associations"][0].pop("name"), "'name' is a required property"),
        (lambda d: d.update(headline="1.x"), "'headline' was unexpected"),
        (lambda d: d.update(type="article"), "is not one of"),
        (lambda d: d.update(versioncreated="2025-03-05"), "is not a 'date-time'"),
    ],
)
def test_ninjs_schema_rejects(policy, style, breakage, problem):
    doc = copy.deepcopy(render_ninjs(policy, style=style))
    breakage(doc)
    with pytest.raises(NinjsInvalid, match=problem.replace("(", r"\(")):
        validate_ninjs(doc)


# -- e-mail --------------------------------------------------------------------------------
def test_email_parses_back_with_the_standard_library(policy, style):
    msg = render_email(
        policy, sender="和历市政府办公室 <press@example.gov.cn>", to=["desk@news.example.com"], style=style
    )
    parsed = email.message_from_bytes(msg.as_bytes(), policy=email.policy.default)
    assert parsed["Subject"] == policy.title
    assert parsed["From"].addresses[0].display_name == "和历市政府办公室"
    assert parsed["Message-ID"].endswith(".v2@example.gov.cn>")
    assert parsed.get_content_type() == "multipart/mixed"

    text = parsed.get_body(("plain",)).get_content()
    html = parsed.get_body(("html",)).get_content()
    assert "文号：和历政办发〔2025〕12号" in text and "国务院有关文件[1]" in text
    assert "[1] 国务院有关文件：https://www.gov.cn/zhengce/content/2024-01/01/content_1.htm" in text
    assert "资金管理办法：https://www.example.gov.cn/media/documents/rules.pdf" in text  # no data: a link
    assert "<script" not in html and "onclick" not in html and 'style="' in html and "<style" not in html
    assert "一图读懂《若干措施》" in html

    attachments = list(parsed.iter_attachments())
    assert [(a.get_filename(), a.get_content_type()) for a in attachments] == [
        ("申报表.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    ]
    assert attachments[0].get_content() == b"PK\x03\x04demo"


def test_email_attachments_over_the_cap_become_links(policy, style):
    msg = render_email(policy, sender="press@example.gov.cn", style=style, max_attachment_bytes=4)
    parsed = email.message_from_bytes(msg.as_bytes(), policy=email.policy.default)
    assert list(parsed.iter_attachments()) == []
    assert "申报表：https://www.example.gov.cn/media/documents/form.docx" in parsed.get_body(("plain",)).get_content()


# -- Atom ----------------------------------------------------------------------------------
def test_atom_entry_document(policy, style):
    entry = ET.fromstring(render_atom_entry(policy, style=style).encode("utf-8"))
    assert entry.tag == f"{A}entry"
    assert entry.findtext(f"{A}id") == "urn:uuid:7d1e9a8e-2f4b-4c55-9a77-3b2e0c6f1a10"
    assert entry.findtext(f"{A}title") == policy.title
    assert entry.findtext(f"{A}updated") == "2025-03-05T09:30:00+08:00"
    assert entry.findtext(f"{A}author/{A}name") == "和历市人民政府办公室"
    links = {(link.get("rel"), link.get("href")) for link in entry.findall(f"{A}link")}
    assert ("alternate", policy.url) in links
    assert ("enclosure", "https://www.example.gov.cn/media/documents/form.docx") in links
    assert ("related", "https://www.example.gov.cn/jiedu/1/") in links
    content = entry.find(f"{A}content")
    assert content.get("type") == "html" and "和历政办发〔2025〕12号" in content.text and "<script" not in content.text


def test_atom_feed_keeps_order(policy, style):
    import dataclasses

    older = dataclasses.replace(policy, guid="older", title="较早的通知")
    feed = ET.fromstring(
        render_atom_feed(
            [policy, older], feed_id="urn:feed:press", feed_url="https://x.example/a", style=style
        ).encode()
    )
    assert [e.findtext(f"{A}title") for e in feed.findall(f"{A}entry")] == [policy.title, "较早的通知"]
