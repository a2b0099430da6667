"""Each reply type of §36 (and §37's partial disclosure) gives its own 告知书, in Word and in PDF."""

import datetime as dt
import io

import pytest
from docx import Document

from interpretation.disclosure_requests import letters, lifecycle
from interpretation.disclosure_requests.choices import ReplyType
from interpretation.disclosure_requests.models import DisclosedFile
from tests.disclosure_requests.conftest import make_request

pytestmark = pytest.mark.django_db

D = dt.date

CASES = {
    ReplyType.PROACTIVE: (
        {"proactive_url": "http://www.hx.gov.cn/liyang/2025-budget/"},
        ["已经主动公开", "http://www.hx.gov.cn/liyang/2025-budget/", "第三十六条第一项"],
    ),
    ReplyType.DISCLOSED: (
        {"content": "提供项目资金拨付明细表"},
        ["予以公开", "提供项目资金拨付明细表。", "第三十六条第二项"],
    ),
    ReplyType.PARTLY: (
        {
            "content": "提供项目清单",
            "withholding_ground": "third_party",
            "legal_basis": "施工单位银行账户涉及商业秘密。",
        },
        ["作区分处理", "保护第三方合法权益(第十五条)", "商业秘密", "第三十七条"],
    ),
    ReplyType.WITHHELD: (
        {"withholding_ground": "process_info", "legal_basis": "属于讨论记录,依据条例第十六条第二款不予公开。"},
        ["决定不予公开", "属于四类过程性信息", "第三十六条第三项"],
    ),
    ReplyType.NOT_EXIST: ({}, ["该政府信息不存在", "第三十六条第四项"]),
    ReplyType.NOT_OURS: (
        {"other_body_name": "和县财政局", "other_body_contact": "0555-5312200"},
        ["不属于本机关负责公开", "和县财政局", "0555-5312200", "第三十六条第五项"],
    ),
    ReplyType.REPEAT: ({}, ["不予重复处理", "第三十六条第六项"]),
    ReplyType.SPECIAL_LAW: (
        {"special_law": "《不动产登记暂行条例》"},
        ["不动产登记资料", "《不动产登记暂行条例》", "第三十六条第七项"],
    ),
}


@pytest.mark.parametrize("reply_type", list(CASES))
def test_each_reply_type_has_its_letter(reply_type, request_office):
    fields, expected = CASES[reply_type]
    application = make_request(D(2026, 9, 21))
    reply = lifecycle.reply(
        application, data={"reply_type": reply_type, "replied_on": D(2026, 10, 20), "fee": 0, **fields}
    )
    if reply_type == ReplyType.DISCLOSED:
        DisclosedFile.objects.create(reply=reply, title="项目资金拨付明细表", file="disclosure_requests/x.pdf")
        expected = [*expected, "随本告知书向您提供:《项目资金拨付明细表》"]
    application = type(application).objects.get(pk=application.pk)
    text = "\n".join(p.text for p in Document(io.BytesIO(letters.as_docx(application))).paragraphs)
    for phrase in expected:
        assert phrase in text, phrase
    assert "刘洋:" in text and "2026年9月21日收到您提出的政府信息公开申请" in text
    assert text.rstrip().endswith("历阳镇人民政府\n2026年10月20日")
    assert "联系机构:历阳镇党政办公室,联系电话:0555-5312001" in text
    assert letters.as_pdf(application).startswith(b"%PDF")


@pytest.mark.parametrize(
    ("reply_type", "missing", "message"),
    [
        (ReplyType.PROACTIVE, {}, "请填写已主动公开信息的网址或获取途径。"),
        (ReplyType.WITHHELD, {"withholding_ground": "state_secret"}, "请说明不予公开的法律依据和理由。"),
        (ReplyType.NOT_OURS, {}, "请填写负责公开该信息的机关名称"),
        (ReplyType.SPECIAL_LAW, {}, "请写明对信息获取有特别规定的法律、行政法规。"),
    ],
)
def test_a_reply_without_what_its_letter_must_say_is_refused(reply_type, missing, message):
    application = make_request(D(2026, 9, 21))
    with pytest.raises(lifecycle.Refused, match=message):
        lifecycle.reply(
            application, data={"reply_type": reply_type, "replied_on": D(2026, 10, 20), "fee": 0, **missing}
        )


def test_an_organisation_is_addressed_as_such(request_office):
    application = make_request(
        D(2026, 9, 21), applicant_kind="organization", applicant_name="和县某律师事务所", id_type="credit_code"
    )
    lifecycle.reply(application, data={"reply_type": ReplyType.NOT_EXIST, "replied_on": D(2026, 10, 20), "fee": 0})
    text = "\n".join(p.text for p in Document(io.BytesIO(letters.as_docx(application))).paragraphs)
    assert "和县某律师事务所:" in text and "收到您单位提出的" in text
