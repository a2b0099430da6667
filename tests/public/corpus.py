"""Generated policies for the public-site tests and the search benchmark, and the labelled search queries.

Each document is a short but realistic town policy; `LABELLED_QUERIES` pairs a reader's query with the slug of
the document (or material) a reader expects to find. The demo's seed policy is part of the set.
"""

import random

SEED = "2018-liyang-openness-work-plan"

# slug, title, number, topic code, year, type, validity, body paragraphs, material (form, title, text) or None
DOCUMENTS = [
    (
        "yingshang",
        "历阳镇优化营商环境十条措施",
        "历政〔2021〕5号",
        "yingshang-huanjing",
        2021,
        "normative_document",
        "valid",
        [
            "为持续优化营商环境,激发市场主体活力,制定本措施。",
            "压缩企业开办时间至1个工作日内,推行“一网通办”。",
            "设立企业服务专员,对重点项目实行全程代办。",
        ],
        ("text", "《优化营商环境十条措施》解读", "十条措施聚焦企业开办、项目审批和要素保障,企业办事更便利。"),
    ),
    (
        "dibao",
        "历阳镇农村最低生活保障实施细则",
        "历政〔2020〕8号",
        "shehui-baozhang",
        2020,
        "normative_document",
        "valid",
        [
            "农村低保对象认定以家庭为单位,综合考虑家庭收入和财产状况。",
            "申请低保应当由共同生活的家庭成员向村委会提出书面申请。",
            "镇政府每季度对低保对象进行动态复核,做到应保尽保、应退尽退。",
        ],
        ("qa", "农村低保申请问答", "低保申请需要哪些材料?身份证、户口簿和家庭收入情况说明。"),
    ),
    (
        "yiliao",
        "关于做好城乡居民医疗保险参保缴费工作的通知",
        "历政办〔2022〕3号",
        "shehui-baozhang",
        2022,
        "other_policy",
        "valid",
        [
            "城乡居民医疗保险集中参保缴费期为每年9月至12月。",
            "特困人员、低保对象的个人缴费部分由财政全额资助。",
            "参保群众可通过手机缴纳医保费用,也可到村便民服务点办理。",
        ],
        ("text", "图说城乡居民医保缴费", "医保缴费时间、标准和渠道一图读懂。"),
    ),
    (
        "laji",
        "历阳镇农村生活垃圾分类工作方案",
        "历政办〔2019〕15号",
        "chengxiang-jianshe",
        2019,
        "other_policy",
        "valid",
        [
            "推行农村生活垃圾“四分类”:可回收物、有害垃圾、厨余垃圾和其他垃圾。",
            "每个行政村配备垃圾分类督导员。",
            "垃圾分类工作纳入村级年度考核。",
        ],
        None,
    ),
    (
        "fangxun",
        "历阳镇防汛抗旱应急预案",
        "历政〔2019〕21号",
        "chengxiang-jianshe",
        2019,
        "other_policy",
        "amended",
        [
            "汛期为每年5月1日至9月30日,镇防汛抗旱指挥部实行24小时值班。",
            "遇强降雨时及时转移低洼地区群众。",
            "各村建立防汛抢险队伍,储备沙袋、编织袋等防汛物资。",
        ],
        None,
    ),
    (
        "fangxun-2023",
        "历阳镇防汛抗旱应急预案(2023年修订)",
        "历政〔2023〕4号",
        "chengxiang-jianshe",
        2023,
        "other_policy",
        "valid",
        [
            "根据上级防汛抗旱应急预案修订本预案。",
            "新增山洪灾害预警和地质灾害隐患点巡查制度。",
            "防汛物资储备实行分级管理。",
        ],
        ("text", "防汛抗旱应急预案修订解读", "修订后的预案新增山洪灾害预警。"),
    ),
    (
        "jiaoyu",
        "历阳镇义务教育阶段学生入学工作实施意见",
        "历政办〔2022〕9号",
        "jiaoyu-wenhua",
        2022,
        "other_policy",
        "valid",
        [
            "适龄儿童按照户籍和实际居住地相结合的原则划片就近入学。",
            "随迁子女凭居住证和社保缴纳证明申请入学。",
            "严禁学校以任何形式举行入学考试。",
        ],
        ("qa", "义务教育入学问答", "随迁子女怎样入学?凭居住证申请。"),
    ),
    (
        "yanglao",
        "历阳镇居家养老服务补贴办法",
        "历政〔2021〕12号",
        "shehui-baozhang",
        2021,
        "normative_document",
        "valid",
        [
            "对80周岁以上失能、半失能老年人发放居家养老服务补贴。",
            "补贴以服务券形式发放,可用于助餐、助浴和上门护理。",
            "老年人或其家属向村委会提出申请,镇民政办审核。",
        ],
        ("text", "居家养老服务补贴政策解读", "助餐助浴上门护理均可使用服务券。"),
    ),
    (
        "cesuo",
        "历阳镇农村户厕改造奖补办法",
        "历政办〔2020〕6号",
        "xiangcun-zhenxing",
        2020,
        "other_policy",
        "expired",
        [
            "对完成无害化卫生厕所改造的农户给予每户1000元奖补。",
            "改厕工作由村委会统一组织验收。",
            "奖补资金通过“一卡通”直接发放到户。",
        ],
        None,
    ),
    (
        "hezhang",
        "历阳镇全面推行河长制工作方案",
        "历政〔2018〕30号",
        "chengxiang-jianshe",
        2018,
        "other_policy",
        "valid",
        [
            "全镇河道、沟渠、塘坝全面实行河长制,镇村两级设立河长。",
            "河长定期巡河,发现问题及时处置。",
            "河长制落实情况纳入年度考核。",
        ],
        None,
    ),
    (
        "jiegan",
        "关于做好秸秆禁烧和综合利用工作的通知",
        "历政办〔2021〕18号",
        "xiangcun-zhenxing",
        2021,
        "other_policy",
        "valid",
        [
            "夏秋两季是秸秆禁烧的关键时期,全镇实行网格化管理。",
            "鼓励秸秆还田、饲料化和能源化利用。",
            "对露天焚烧秸秆的行为依法处罚。",
        ],
        None,
    ),
    (
        "jiuye",
        "历阳镇促进返乡创业就业若干措施",
        "历政〔2022〕2号",
        "xiangcun-zhenxing",
        2022,
        "normative_document",
        "valid",
        [
            "对返乡创业人员给予一次性创业补贴5000元。",
            "提供创业担保贷款贴息和场地租金减免。",
            "举办农民工技能培训,提升就业能力。",
        ],
        ("text", "返乡创业就业措施解读", "一次性创业补贴和担保贷款贴息怎么申请。"),
    ),
    (
        "weifang",
        "历阳镇农村危房改造实施方案",
        "历政办〔2019〕7号",
        "chengxiang-jianshe",
        2019,
        "other_policy",
        "repealed",
        [
            "优先保障建档立卡贫困户等重点对象的住房安全。",
            "危房鉴定由具备资质的机构实施。",
            "改造完成后由镇村联合验收。",
        ],
        None,
    ),
    (
        "gengdi",
        "关于严格耕地保护坚决制止耕地“非农化”的通知",
        "历政办〔2021〕22号",
        "xiangcun-zhenxing",
        2021,
        "other_policy",
        "valid",
        ["严禁占用永久基本农田挖塘造湖、种植苗木。", "严禁违规占用耕地建房。", "建立耕地保护网格化监管机制。"],
        None,
    ),
    (
        "diandong",
        "历阳镇电动自行车安全管理规定",
        "历政〔2023〕9号",
        "chengxiang-jianshe",
        2023,
        "normative_document",
        "not_yet_effective",
        [
            "禁止在楼道、安全出口停放电动自行车或为其充电。",
            "小区应当设置集中充电设施。",
            "违反规定的,由消防部门依法处理。",
        ],
        ("qa", "电动自行车充电安全问答", "楼道里能充电吗?不能。"),
    ),
    (
        "canji",
        "历阳镇困难残疾人生活补贴和重度残疾人护理补贴发放办法",
        "历政〔2020〕14号",
        "shehui-baozhang",
        2020,
        "normative_document",
        "valid",
        [
            "困难残疾人生活补贴标准为每人每月80元。",
            "重度残疾人护理补贴标准为每人每月90元。",
            "补贴资金按月发放到残疾人账户。",
        ],
        None,
    ),
    (
        "tuiyi",
        "关于做好退役军人优待抚恤工作的通知",
        "历政办〔2022〕17号",
        "shehui-baozhang",
        2022,
        "other_policy",
        "valid",
        ["落实退役军人及其他优抚对象抚恤补助标准。", "为退役军人家庭悬挂光荣牌。", "开展常态化联系退役军人活动。"],
        None,
    ),
    (
        "zhengwu-2023",
        "历阳镇2023年政务公开工作要点",
        "历政办〔2023〕2号",
        "zhengwu-gongkai",
        2023,
        "other_policy",
        "valid",
        [
            "围绕优化营商环境、乡村振兴等重点领域深化政务公开。",
            "完善政策解读和回应关切机制。",
            "规范依申请公开办理工作。",
        ],
        ("text", "2023年政务公开工作要点解读", "今年政务公开聚焦重点领域。"),
    ),
    (
        "wenhua",
        "历阳镇农家书屋管理办法",
        "历政办〔2018〕25号",
        "jiaoyu-wenhua",
        2018,
        "other_policy",
        "valid",
        ["每个行政村建设一个农家书屋,藏书不少于1500册。", "农家书屋每周开放不少于5天。", "鼓励志愿者参与书屋管理。"],
        None,
    ),
    (
        "anquan",
        "历阳镇安全生产大检查实施方案",
        "历政〔2022〕11号",
        "chengxiang-jianshe",
        2022,
        "other_policy",
        "valid",
        [
            "对危险化学品、建筑施工、道路交通等重点行业开展安全生产大检查。",
            "发现重大隐患的,责令停产整顿。",
            "落实企业安全生产主体责任。",
        ],
        None,
    ),
    (
        "yimiao",
        "关于做好适龄儿童免疫规划疫苗接种工作的通知",
        "历政办〔2020〕19号",
        "shehui-baozhang",
        2020,
        "other_policy",
        "valid",
        ["适龄儿童按照免疫程序免费接种免疫规划疫苗。", "接种前家长应当携带预防接种证。", "镇卫生院每周三为接种日。"],
        None,
    ),
]

#: Never visible on any public page, listing, search or feed. The word 绝密测绘 appears nowhere else.
HIDDEN = [
    ("cehui", "历阳镇绝密测绘成果管理办法", "on_request", "涉及国家秘密,依申请公开"),
    ("renshi", "历阳镇绝密测绘人员考核细则", "withheld", "内部人事管理信息,不予公开"),
]
HIDDEN_WORD = "绝密测绘"

#: (query, expected slug): the slug of a policy, or "<policy slug>/<material slug>" for a material.
LABELLED_QUERIES = [
    ("政务公开", SEED),
    ("2018年历阳镇政务公开工作方案", SEED),
    ("历政办〔2018〕12号", SEED),
    ("五公开", SEED),
    ("依申请公开目录", f"{SEED}/qa"),
    ("上级政策多久内转载", f"{SEED}/qa"),
    ("谁起草谁解读", SEED),
    ("营商环境", "yingshang"),
    ("企业开办时间", "yingshang"),
    ("企业服务专员", "yingshang"),
    ("低保", "dibao"),
    ("农村最低生活保障", "dibao"),
    ("低保申请需要哪些材料", "dibao/material"),
    ("医疗保险缴费", "yiliao"),
    ("医保缴费渠道", "yiliao/material"),
    ("垃圾分类", "laji"),
    ("防汛抗旱应急预案", "fangxun-2023"),
    ("山洪灾害预警", "fangxun-2023"),
    ("义务教育入学", "jiaoyu"),
    ("随迁子女怎样入学", "jiaoyu/material"),
    ("居家养老服务补贴", "yanglao"),
    ("助餐助浴", "yanglao"),
    ("户厕改造", "cesuo"),
    ("河长制", "hezhang"),
    ("秸秆禁烧", "jiegan"),
    ("返乡创业补贴", "jiuye"),
    ("危房改造", "weifang"),
    ("耕地保护", "gengdi"),
    ("电动自行车充电", "diandong"),
    ("楼道里能充电吗", "diandong/material"),
    ("重度残疾人护理补贴", "canji"),
    ("退役军人优待", "tuiyi"),
    ("2023年政务公开工作要点", "zhengwu-2023"),
    ("农家书屋", "wenhua"),
    ("安全生产大检查", "anquan"),
    ("疫苗接种", "yimiao"),
]

VILLAGES = ["石桥村", "新河村", "白马村", "东岗村", "西山村", "南塘村", "北湖村", "龙潭村", "桃园村", "青龙村"]
ACTIONS = ["实施方案", "工作意见", "管理办法", "实施细则", "工作要点", "通知", "若干措施"]


def generated_documents(count: int, *, seed: int = 7):
    """`count` further documents recombined from DOCUMENTS (the benchmark's 10,000), each with a unique slug."""
    rng = random.Random(seed)
    for i in range(count):
        base = DOCUMENTS[i % len(DOCUMENTS)]
        village = rng.choice(VILLAGES)
        year = rng.randint(2015, 2025)
        title = f"{village}{base[1].replace('历阳镇', '').split('的')[-1][:12]}{rng.choice(ACTIONS)}({year}年第{i}号)"
        body = [f"{village}{sentence}" for sentence in rng.sample(base[7], k=len(base[7]))]
        yield {
            "slug": f"gen-{i}",
            "title": title,
            "document_number": f"{village[:2]}村〔{year}〕{i}号",
            "topic": base[3],
            "year": year,
            "document_type": base[5],
            "validity": base[6],
            "body": body,
        }
