"""Fixtures: a sample policy bundle (和历市, a made-up city), a 图解 spec, the packaged style, goldens."""

import os
from datetime import date, datetime
from pathlib import Path

import pytest

from media_templates.content import Attachment, GraphicSpec, KeyPoint, MaterialRef, PolicyContent, QAPair
from media_templates.style import DEFAULT_STYLE_PATH, load_style

GOLDEN = Path(__file__).parent / "golden"

BODY = (
    '<p class="highlight" onclick="alert(1)">各县（区）人民政府，市政府各部门：</p>'
    '<p>根据<a href="https://www.gov.cn/zhengce/content/2024-01/01/content_1.htm" onmouseover="x()">国务院有关文件</a>'
    "精神，经市人民政府同意，现将《若干措施》印发给你们，请认真贯彻执行。</p>"
    "<script>document.write('evil')</script>"
    '<img src="/media/images/chart.png" alt="资金分配示意图" onerror="steal()">'
    '<p class="align-right">和历市人民政府办公室</p>'
)


@pytest.fixture
def style():
    return load_style(DEFAULT_STYLE_PATH)  # the packaged look, whatever a site configures


@pytest.fixture
def policy():
    return PolicyContent(
        title="和历市人民政府办公室关于印发《和历市促进中小企业高质量发展若干措施》的通知",
        document_number="和历政办发〔2025〕12号",
        index_number="11530700MB1234567X/2025-00012",
        issuing_organ="和历市人民政府办公室",
        drafting_department="和历市工业和信息化局",
        date_written=date(2025, 3, 1),
        date_published=date(2025, 3, 5),
        effective_date=date(2025, 4, 1),
        topic="工业、交通/中小企业",
        validity_label="有效",
        disclosure_label="主动公开",
        summary="从融资支持、减税降费、人才引进等方面提出10条措施，对新认定的专精特新企业给予最高50万元奖励。",
        body_html=BODY,
        url="https://www.example.gov.cn/zhengce/2025/12/",
        attachments=(
            Attachment(
                "申报表",
                "https://www.example.gov.cn/media/documents/form.docx",
                "申报表.docx",
                9,
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                b"PK\x03\x04demo",
            ),
            Attachment(
                "资金管理办法",
                "https://www.example.gov.cn/media/documents/rules.pdf",
                "rules.pdf",
                2048,
                "application/pdf",
                None,
            ),
        ),
        materials=(
            MaterialRef(
                "一图读懂《若干措施》",
                "graphic",
                "",
                "by_department",
                "",
                "https://www.example.gov.cn/jiedu/1/",
                "十条措施一图看懂",
                guid="m-1",
            ),
            MaterialRef(
                "专家解读：为中小企业减负", "text", "", "by_expert", "", "https://mp.weixin.qq.com/s/abcdef", ""
            ),
        ),
        guid="7d1e9a8e-2f4b-4c55-9a77-3b2e0c6f1a10",
        version=2,
        updated_at=datetime(2025, 3, 5, 9, 30),
    )


@pytest.fixture
def spec():
    points = [
        ("加大融资支持", "设立中小企业信贷风险补偿资金池，对首贷给予贴息支持。", "5000万元"),
        ("落实减税降费", "年应纳税所得额不超过300万元的部分减按25%计入。", "25%"),
        ("奖励专精特新", "对新认定的国家级专精特新“小巨人”企业给予一次性奖励。", "最高50万元"),
        ("引进高层次人才", "给予安家补贴和子女入学保障。", "30万元"),
        ("降低用地成本", "工业用地出让底价可按基准地价的70%确定。", "70%"),
        ("支持技术改造", "按设备投资额的一定比例给予补助。", "10%"),
        ("拓展市场渠道", "支持企业参加国内外重点展会，按展位费给予补贴。", "50%"),
        ("优化政务服务", "涉企审批事项实行“一网通办”。", "3个工作日"),
        ("强化权益保护", "建立拖欠中小企业账款投诉受理机制。", ""),
        ("加强组织保障", "建立市级中小企业发展工作协调机制。", ""),
    ]
    return GraphicSpec(
        title="一图读懂《和历市促进中小企业高质量发展若干措施》",
        subtitle="十条措施，助力中小企业减负增效",
        key_points=tuple(KeyPoint(t, x, f) for t, x, f in points),
        steps=(
            "登录政务服务网（https://zwfw.example.gov.cn）进入“惠企政策”专区",
            "在线填写申报表",
            "主管部门5个工作日内完成审核",
            "资金直达企业账户",
        ),
        qa=(
            QAPair("哪些企业可以申请？", "在和历市注册登记、符合中小企业划型标准的企业均可申请。"),
            QAPair("什么时候开始执行？", "自2025年4月1日起施行，有效期3年。"),
        ),
        source_line="来源：和历市工业和信息化局　咨询电话：0871-12345678",
    )


@pytest.fixture
def golden():
    """Compare text with tests/media_templates/golden/<name>; UPDATE_GOLDEN=1 rewrites the file."""

    def check(name: str, actual: str) -> None:
        path = GOLDEN / name
        if os.environ.get("UPDATE_GOLDEN") == "1" or not path.exists():
            path.write_text(actual, encoding="utf-8")
            if os.environ.get("UPDATE_GOLDEN") != "1":
                pytest.fail(f"golden file {name} was missing and has been written; review and re-run")
        assert actual == path.read_text(encoding="utf-8"), f"differs from golden/{name} (UPDATE_GOLDEN=1 to accept)"

    return check
