"""The fixed vocabularies of 政府信息公开申请, worded as the 条例 (2019) and the 2021 annual-report format word them."""

from django.db import models


class ApplicantKind(models.TextChoices):
    CITIZEN = "citizen", "公民"
    ORGANIZATION = "organization", "法人或者其他组织"


class OrganizationType(models.TextChoices):
    """The annual report (国办公开办函〔2021〕30号) counts organisations in these columns."""

    BUSINESS = "business", "商业企业"
    RESEARCH = "research", "科研机构"
    PUBLIC_WELFARE = "public_welfare", "社会公益组织"
    LEGAL_SERVICE = "legal_service", "法律服务机构"
    OTHER = "other", "其他"


class IdDocumentType(models.TextChoices):
    RESIDENT_ID = "resident_id", "居民身份证"
    PASSPORT = "passport", "护照"
    HK_MACAO = "hk_macao", "港澳居民来往内地通行证"
    TAIWAN = "taiwan", "台湾居民来往大陆通行证"
    FOREIGN_PR = "foreign_pr", "外国人永久居留身份证"
    CREDIT_CODE = "credit_code", "统一社会信用代码"
    OTHER = "other", "其他有效证件"


class Channel(models.TextChoices):
    """How the application arrived; §31 fixes the received date differently for each."""

    PORTAL = "portal", "网上申请(本网站)"
    IN_PERSON = "in_person", "当面提交"
    REGISTERED_MAIL = "registered_mail", "邮寄(需签收)"
    ORDINARY_MAIL = "ordinary_mail", "平常信函"
    FAX = "fax", "传真"
    EMAIL = "email", "电子邮件"


#: §31: what "收到申请之日" is for each channel, shown beside the date field.
RECEIVED_DATE_RULE: dict[str, str] = {
    Channel.PORTAL: "以双方确认之日为收到申请之日(条例第三十一条第三项)",
    Channel.IN_PERSON: "以提交之日为收到申请之日(条例第三十一条第一项)",
    Channel.REGISTERED_MAIL: "以行政机关签收之日为收到申请之日(条例第三十一条第二项)",
    Channel.ORDINARY_MAIL: "以政府信息公开工作机构与申请人确认之日为收到申请之日(条例第三十一条第二项)",
    Channel.FAX: "以双方确认之日为收到申请之日(条例第三十一条第三项)",
    Channel.EMAIL: "以双方确认之日为收到申请之日(条例第三十一条第三项)",
}

#: Channels whose received date is the day both sides confirm it (§31 (二) 平常信函, (三) internet and fax).
CONFIRMED_CHANNELS = {Channel.PORTAL, Channel.ORDINARY_MAIL, Channel.FAX, Channel.EMAIL}


class InformationForm(models.TextChoices):
    PAPER = "paper", "纸质文本"
    ELECTRONIC = "electronic", "电子文件"
    OTHER = "other", "其他形式"


class DeliveryMethod(models.TextChoices):
    MAIL = "mail", "邮寄"
    EMAIL = "email", "电子邮件"
    FAX = "fax", "传真"
    PICKUP = "pickup", "当面领取"
    INSPECT = "inspect", "现场查阅、抄录"
    ONLINE = "online", "网上获取"


class Status(models.TextChoices):
    SUBMITTED = "submitted", "待确认收到"
    PROCESSING = "processing", "办理中"
    AMENDMENT = "amendment", "待申请人补正"
    REPLIED = "replied", "已答复"
    ABANDONED = "abandoned", "逾期未补正,视为放弃申请"
    WITHDRAWN = "withdrawn", "申请人撤回"


OPEN_STATUSES = (Status.SUBMITTED, Status.PROCESSING, Status.AMENDMENT)
CLOCK_STATUSES = (Status.PROCESSING,)


class ReplyType(models.TextChoices):
    """§36 (一)-(七), with §37's partial disclosure; the annual report counts these rows."""

    PROACTIVE = "proactive", "已主动公开,告知获取方式和途径"
    DISCLOSED = "disclosed", "予以公开"
    PARTLY = "partly", "部分公开"
    WITHHELD = "withheld", "不予公开"
    NOT_EXIST = "not_exist", "政府信息不存在"
    NOT_OURS = "not_ours", "不属于本机关负责公开"
    REPEAT = "repeat", "重复申请,不予重复处理"
    SPECIAL_LAW = "special_law", "属于工商、不动产登记资料等信息,按有关法律、行政法规办理"


#: §36's item for each reply type, cited in the letter.
REPLY_ARTICLE = {
    ReplyType.PROACTIVE: "第三十六条第一项",
    ReplyType.DISCLOSED: "第三十六条第二项",
    ReplyType.PARTLY: "第三十七条",
    ReplyType.WITHHELD: "第三十六条第三项",
    ReplyType.NOT_EXIST: "第三十六条第四项",
    ReplyType.NOT_OURS: "第三十六条第五项",
    ReplyType.REPEAT: "第三十六条第六项",
    ReplyType.SPECIAL_LAW: "第三十六条第七项",
}


#: Reply types that release information on request: what the 依申请公开目录 lists (with a 目录名称).
RELEASED_TYPES = (ReplyType.DISCLOSED, ReplyType.PARTLY)


class CataloguePeriod(models.TextChoices):
    """How often an office compiles its 依申请公开目录."""

    MONTHLY = "monthly", "按月"
    QUARTERLY = "quarterly", "按季度"


class WithholdingGround(models.TextChoices):
    """The grounds the 2021 report format lists under 不予公开 (§14, §15, §16 of the 条例)."""

    STATE_SECRET = "state_secret", "属于国家秘密(第十四条)"
    PROHIBITED_BY_LAW = "prohibited_by_law", "其他法律行政法规禁止公开(第十四条)"
    SECURITY_STABILITY = "security_stability", "危及“三安全一稳定”(第十四条)"
    THIRD_PARTY = "third_party", "保护第三方合法权益(第十五条)"
    INTERNAL_AFFAIRS = "internal_affairs", "属于三类内部事务信息(第十六条第一款)"
    PROCESS_INFO = "process_info", "属于四类过程性信息(第十六条第二款)"
    ENFORCEMENT_FILE = "enforcement_file", "属于行政执法案卷(第十六条第二款)"
    ADMIN_QUERY = "admin_query", "属于行政查询事项"


class ConsultationKind(models.TextChoices):
    THIRD_PARTY = "third_party", "征求第三方意见(第三十二条)"
    OTHER_ORGAN = "other_organ", "征求其他机关意见(第三十三条第三款)"


class NoteKind(models.TextChoices):
    ASSIGNMENT = "assignment", "交办"
    SEARCH = "search", "检索记录"
    CONSULTATION = "consultation", "会商记录"
    NOTE = "note", "办理备注"


#: Working days a third party has to answer (§32).
THIRD_PARTY_DAYS = 15
#: Working days to reply (§33) and the longest extension.
REPLY_DAYS = 20
MAX_EXTENSION_DAYS = 20
#: Working days from receipt within which a 补正 notice must go out (§30).
AMENDMENT_NOTICE_DAYS = 7
