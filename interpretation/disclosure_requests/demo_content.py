"""The demo's applications to 历阳镇人民政府 over 2026: applicants, what they asked, how each case went."""

#: Applicants: kind, organisation type, name, id type, the first 17 characters of the id (check added on load),
#: phone, address.
APPLICANTS = {
    "liu": ("citizen", "", "刘洋", "resident_id", "34152319850312123", "13905551234", "和县历阳镇和州路1号"),
    "wang": ("citizen", "", "王秀兰", "resident_id", "34152319620704234", "13805556789", "和县历阳镇镇淮街18号"),
    "zhou": ("citizen", "", "周建国", "resident_id", "34152319780915345", "15955551111", "和县历阳镇陋室路6号"),
    "firm": (
        "organization",
        "legal_service",
        "安徽和州律师事务所",
        "credit_code",
        "31340000MD0012345",
        "0555-5310001",
        "和县历阳镇和州路88号",
    ),
    "company": (
        "organization",
        "business",
        "和县历阳建材有限公司",
        "credit_code",
        "91341523MA2N00001",
        "0555-5310002",
        "和县历阳镇工业园",
    ),
    "institute": (
        "organization",
        "research",
        "和县农业科学研究所",
        "credit_code",
        "12341523MB0000001",
        "0555-5310003",
        "和县历阳镇农科路2号",
    ),
}

ROAD_FUNDS = ("2025年历阳镇农村道路建设项目资金使用情况", "历政〔2025〕18号")

#: Closed cases on fixed 2026 dates: key, applicant, channel, received, title, 文号, path, reply.
CLOSED = [
    (
        "a",
        "liu",
        "in_person",
        (2026, 2, 3),
        *ROAD_FUNDS,
        [],
        (
            "disclosed",
            (2026, 2, 26),
            {"content": "提供项目资金拨付明细表", "catalogue_title": "2025年历阳镇农村道路建设项目资金拨付明细"},
        ),
    ),
    (
        "b",
        "firm",
        "email",
        (2026, 3, 10),
        "历阳镇2025年征地补偿安置方案",
        "",
        [],
        (
            "partly",
            (2026, 4, 2),
            {
                "content": "提供补偿标准和安置方式",
                "catalogue_title": "历阳镇2025年征地补偿安置方案(补偿标准和安置方式部分)",
                "withholding_ground": "third_party",
                "legal_basis": "被征收户的身份证号码和银行账户属于个人隐私,依据条例第十五条不予公开。",
            },
        ),
    ),
    (
        "c",
        "zhou",
        "registered_mail",
        (2026, 4, 14),
        "历阳镇党委会研究老街改造的会议记录",
        "",
        [],
        (
            "withheld",
            (2026, 5, 8),
            {
                "withholding_ground": "process_info",
                "legal_basis": "会议记录属于行政机关在履行行政管理职能过程中形成的讨论记录,"
                "依据条例第十六条第二款不予公开。",
            },
        ),
    ),
    (
        "d",
        "wang",
        "portal",
        (2026, 5, 12),
        "2019年历阳镇敬老院入住老人名单",
        "",
        [],
        ("not_exist", (2026, 6, 2), {"content": "经检索本机关档案,未制作该名单"}),
    ),
    (
        "e",
        "company",
        "portal",
        (2026, 6, 2),
        "和县2026年县级财政预算执行情况",
        "",
        [],
        ("not_ours", (2026, 6, 19), {"other_body_name": "和县财政局", "other_body_contact": "0555-5312200"}),
    ),
    (
        "f",
        "wang",
        "portal",
        (2026, 6, 23),
        "历阳镇2026年城乡居民医疗保险缴费标准",
        "",
        [],
        ("proactive", (2026, 7, 3), {"proactive_url": "http://127.0.0.1:8000/policies/liyang/"}),
    ),
    (
        "g",
        "zhou",
        "in_person",
        (2026, 7, 7),
        "历阳镇党委会研究老街改造的会议记录",
        "",
        [],
        ("repeat", (2026, 7, 10), {}),
    ),
    (
        "h",
        "liu",
        "in_person",
        (2026, 8, 4),
        "历阳镇和州路1号房屋不动产登记资料",
        "",
        [],
        ("special_law", (2026, 8, 7), {"special_law": "《不动产登记暂行条例》"}),
    ),
    (
        "i",
        "institute",
        "portal",
        (2026, 8, 18),
        *ROAD_FUNDS,
        ["amendment", "extension"],
        (
            "disclosed",
            (2026, 10, 30),
            {
                "content": "提供项目资金拨付明细表和竣工决算报告",
                "catalogue_title": "历阳镇农村道路建设项目竣工决算报告",
            },
        ),
    ),
    ("j", "zhou", "ordinary_mail", (2026, 9, 8), "历阳镇有关情况", "", ["amendment_lapsed"], None),
    ("k", "wang", "portal", (2026, 9, 15), "历阳镇2026年低保对象名单", "", ["withdrawn"], None),
]

#: Open cases, placed back from the day the demo is loaded, in working days: key, applicant, channel, title, days
#: ago received (None: not yet confirmed), what happened since.
OPEN = [
    ("m", "liu", "portal", "历阳镇2026年度老旧小区改造项目清单", None, []),
    ("n", "company", "fax", "历阳镇工业园区2026年招商引资优惠政策兑现情况", 16, []),
    ("o", "wang", "in_person", "历阳镇2026年公益性岗位招聘结果", 22, []),
    ("p", "zhou", "portal", "镇里修路的文件", 3, ["amendment"]),
    ("q", "firm", "registered_mail", "历阳镇垃圾中转站建设项目环境影响评价文件", 10, ["consultation"]),
    ("r", "institute", "email", "历阳镇2026年高标准农田建设项目验收报告", 21, ["extension"]),
]

#: The 2026 年度报告 draft: the written sections and the figures entered from other systems; the tables of
#: 第二十条第(一)项 and section 三 fill from the library and the cases above.
REPORT_2026 = {
    "overview": (
        "2026年,历阳镇人民政府认真贯彻《中华人民共和国政府信息公开条例》,坚持以公开为常态、不公开为例外,"
        "做到政策文件与解读材料同步组织、同步审签、同步部署,依法办理政府信息公开申请。\n"
        "主动公开方面,通过镇政府信息公开专栏、政务微信公众号发布政策文件及解读材料;依申请公开方面,"
        "畅通网上、信函、当面等申请渠道,在法定期限内答复;政府信息管理方面,定期清理现行有效的行政规范性文件。"
    ),
    "licensing_decisions": 126,
    "penalty_decisions": 18,
    "enforcement_decisions": 2,
    "review_upheld": 1,
    "reviews": "本年度因政府信息公开被申请行政复议1件,经复议维持原答复;未发生政府信息公开行政诉讼。",
    "problems": (
        "一是部分解读材料形式较为单一,图解、音视频解读偏少;二是依申请公开答复文书的说理还需加强。"
        "下一步,将丰富解读形式,加强答复文书的审核把关。"
    ),
    "other": "本年度未收取信息处理费。",
}
