"""Demo content in Chinese: the seed's 2018 work plan with an interpretation plan and materials written for it."""

from pathlib import Path
from typing import Any

SEED_FILE = Path(__file__).parent / "seed" / "2018-liyang-openness-work-plan.txt"

SITE_NAME = "历阳镇人民政府"
ORGAN_CODE = "11341523MB1L00001X"
DEMO_PASSWORD = "Demo-2026!"

PORTAL_NAME = "和县人民政府"

#: The county platform: slug, name, short name, kind, 统一社会信用代码 (索引号 prefix), parent slug, phone, address.
BODIES = [
    ("hexian", "和县人民政府", "和县", "government", "11341523003000001X", None, "0555-5312100", "和县历阳镇"),
    ("czj", "和县财政局", "县财政局", "department", "113415230030000028", "hexian", "0555-5312200", "和县历阳镇"),
    ("jyj", "和县教育局", "县教育局", "department", "113415230030000036", "hexian", "0555-5312300", "和县历阳镇"),
    ("liyang", SITE_NAME, "历阳镇", "town", ORGAN_CODE, "hexian", "0555-5312000", "和县历阳镇"),
    ("wujiang", "乌江镇人民政府", "乌江镇", "town", "11341523MB1L00002X", "hexian", "0555-5319000", "和县乌江镇"),
]

DEPARTMENTS = [
    # body slug, code, name, first interpreter, contact
    ("liyang", "dangzheng", "党政办公室", "张明(党政办公室主任)", "0555-5312001"),
    ("liyang", "jingji", "经济发展办公室", "李华(经济发展办公室主任)", "0555-5312002"),
    ("hexian", "bangongshi", "县政府办公室", "孙伟(县政府办公室主任)", "0555-5312101"),
    ("czj", "bangongshi", "局办公室", "", "0555-5312201"),
    ("jyj", "bangongshi", "局办公室", "", "0555-5312301"),
    ("wujiang", "dangzheng", "党政办公室", "", "0555-5319001"),
]

#: username, full name, role, body slug, department code (or None)
USERS = [
    ("admin", "超级管理员", "superuser", None, None),
    ("sysadmin", "刘洋", "system_admin", None, None),
    ("secadmin", "何敏", "security_admin", None, None),
    ("auditor", "高峰", "audit_admin", None, None),
    ("hx_admin", "吴刚", "body_admin", "hexian", None),
    ("hx_editor", "郑丽", "editor", "hexian", "bangongshi"),
    ("hx_leader", "孙伟", "leader", "hexian", "bangongshi"),
    ("hx_reviewer", "冯雪", "openness_office", "hexian", None),
    ("ly_admin", "钱进", "body_admin", "liyang", None),
    ("dzb_editor", "王芳", "editor", "liyang", "dangzheng"),
    ("dzb_leader", "张明", "leader", "liyang", "dangzheng"),
    ("jjb_editor", "赵磊", "editor", "liyang", "jingji"),
    ("jjb_leader", "李华", "leader", "liyang", "jingji"),
    ("gkb_reviewer", "陈静", "openness_office", "liyang", None),
    ("releaser", "周强", "releaser", "liyang", None),
]

ROLE_LABELS = {
    "superuser": "超级管理员(仅用于初始化)",
    "system_admin": "系统管理员(账号、站点、渠道)",
    "security_admin": "安全管理员(用户组与权限、登录锁定)",
    "audit_admin": "审计管理员(只读审计日志)",
    "body_admin": "公开主体管理员(本主体的用户、合作媒体和账号)",
    "editor": "部门起草人",
    "leader": "部门负责人(审签)",
    "openness_office": "政务公开办(审核公开属性)",
    "releaser": "分管领导(渠道分发、无解读先行发布)",
}

TOPICS = [
    ("zhengwu-gongkai", "政务公开"),
    ("yingshang-huanjing", "营商环境"),
    ("shehui-baozhang", "社会保障"),
    ("xiangcun-zhenxing", "乡村振兴"),
    ("chengxiang-jianshe", "城乡建设"),
    ("jiaoyu-wenhua", "教育文化"),
]

POLICY = {
    "slug": "2018-liyang-openness-work-plan",
    "title": "2018年历阳镇政务公开工作方案",
    "document_number": "历政办〔2018〕12号",
    "summary": "明确2018年全镇政务公开工作总体要求,从推进“五公开”、规范政府信息公开、强化政策解读和平台建设、"
    "加强组织领导和监督考核四个方面部署17项重点任务。",
    "plan_outline": "一、出台背景:新修订的政府信息公开条例和上级政务公开决策部署。\n"
    "二、总体要求:以公开促落实、促规范、促服务。\n"
    "三、主要任务:“五公开”、重点领域公开、政策解读与回应关切、依申请公开。\n"
    "四、群众关心的问题:公开属性怎么定、转载时限、如何查询依申请公开目录。",
}

TEXT_INTERPRETATION = {
    "slug": "interpretation",
    "title": "《2018年历阳镇政务公开工作方案》政策解读",
    "summary": "党政办公室就工作方案的出台背景、总体要求和主要任务作出解读。",
    "body": [
        ("h2", "一、出台背景"),
        (
            "p",
            "2018年,政府信息公开条例首次修订。为贯彻新条例和上级推进政务公开的决策部署,"
            "镇党政办公室起草了本方案,对全年政务公开工作作出安排。",
        ),
        ("h2", "二、总体要求"),
        (
            "p",
            "方案提出,以开展试点示范活动为抓手,着力推进决策、执行、管理、服务和结果公开(“五公开”),"
            "全面加强政策解读与回应关切,以公开促落实、促规范、促服务。",
        ),
        ("h2", "三、主要任务"),
        (
            "p",
            "方案从四个方面部署17项任务:稳步推进“五公开”;持续规范推进政府信息公开;"
            "强化政策解读和平台建设;加强组织领导和监督考核。",
        ),
        (
            "p",
            "其中,公文拟制时必须明确主动公开、依申请公开或不予公开的属性,拟不公开的要依法说明理由;"
            "5月底前实现主动公开公文信息直接推送到政府信息公开平台实时公开。",
        ),
        (
            "p",
            "政策性文件与解读方案、解读材料同步组织、同步审签、同步部署,按照“谁起草、谁解读”的原则落实解读责任。",
        ),
        ("p", "国务院和省、市政府发布的重要政策及解读信息,转载一般不得滞后1个工作日。"),
        ("h2", "四、保障措施"),
        ("p", "镇政府专职从事政务公开的人员不少于1人;政务公开纳入干部教育培训体系和年度目标考核。"),
    ],
}

QA_INTERPRETATION = {
    "slug": "qa",
    "title": "《2018年历阳镇政务公开工作方案》问答",
    "summary": "就群众关心的五个问题作出回答。",
    "pairs": [
        ("什么是“五公开”?", "“五公开”是指决策公开、执行公开、管理公开、服务公开和结果公开。"),
        (
            "公文的公开属性由谁确定?",
            "各单位拟制公文时明确主动公开、依申请公开或不予公开的属性,随公文一并报批;"
            "拟不公开的,要依法依规说明理由,否则公文无法流转。",
        ),
        (
            "依申请公开的信息在哪里查询?",
            "属于依申请公开的公文,各单位按月或季度编入本单位依申请公开目录并在政府网站公开。",
        ),
        ("上级政策多久内转载?", "国务院和省、市政府发布的重要政策及解读信息,转载一般不得滞后1个工作日。"),
        (
            "政策解读由谁负责?",
            "按照“谁起草、谁解读”的原则,由起草部门负责解读,部门主要负责人是第一解读人和责任人。",
        ),
    ],
}

GRAPHIC_INTERPRETATION = {
    "slug": "graphic",
    "title": "图解:2018年历阳镇政务公开工作方案",
    "subtitle": "四个方面 17项任务",
    "summary": "用数字读懂全年政务公开工作安排。",
    "key_points": [
        ("五公开", "决策、执行、管理、服务和结果公开", "5个方面"),
        ("重点任务", "四个方面部署全年工作", "17项"),
        ("实时公开", "主动公开公文直接推送信息公开平台", "5月底前"),
        ("上级政策转载", "重要政策及解读信息及时转载", "1个工作日内"),
        ("专职人员", "镇政府专职从事政务公开人员", "不少于1人"),
    ],
    "steps": "拟制公文时明确公开属性\n政策文件与解读材料同步审签\n政府网站与媒体同步发布\n持续关注舆情,分段多次解读",
}


def seed_body_html() -> str:
    """The seed text as HTML: numbered section titles become headings, the site's chrome is dropped."""
    lines = [line.strip() for line in SEED_FILE.read_text(encoding="utf-8").splitlines()]
    html = []
    for line in lines:
        if not line or line.startswith(("欢迎您访问", "信息发布", "【打印本页】")) or line == POLICY["title"]:
            continue
        if line[:2] in {"一、", "二、", "三、", "四、"}:
            html.append(f"<h2>{line}</h2>")
        else:
            html.append(f"<p>{line}</p>")
    return "".join(html)


#: The county's own demo policy (县政府办公室), which the towns republish (内部转载).
COUNTY_POLICY: dict[str, Any] = {
    "slug": "2018-hexian-openness-key-points",
    "title": "2018年和县政务公开工作要点",
    "document_number": "和政办〔2018〕15号",
    "summary": "部署全县2018年政务公开重点工作:推进“五公开”,做好政策解读和回应关切,加强乡镇政务公开平台建设。",
    "body": [
        "各乡镇人民政府,县政府各部门:",
        "为深入推进全县政务公开工作,现将2018年政务公开工作要点印发给你们,请结合实际认真贯彻落实。",
        "一、推进决策、执行、管理、服务和结果公开,重要政策文件与解读材料同步起草、同步审签、同步发布。",
        "二、各乡镇、各部门转载上级重要政策及解读信息一般不得滞后1个工作日。",
        "三、加强乡镇政务公开专栏建设,统一在县政府门户网站集中发布。",
    ],
    "plan_outline": "一、工作要点的出台背景。\n二、全县政务公开的重点任务。\n三、对乡镇、部门的具体要求。",
    "interpretation_title": "《2018年和县政务公开工作要点》解读",
    "interpretation": [
        ("h2", "一、出台背景"),
        ("p", "为贯彻上级政务公开工作部署,县政府办公室起草了本工作要点。"),
        ("h2", "二、主要内容"),
        ("p", "要点从“五公开”、政策解读、转载时限和乡镇平台建设四个方面作出安排。"),
    ],
}
