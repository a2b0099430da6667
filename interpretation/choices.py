"""Controlled values from the glossary: code names in English, labels in Chinese."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DisclosureAttribute(models.TextChoices):
    PROACTIVE = "proactive", _("主动公开")
    ON_REQUEST = "on_request", _("依申请公开")
    WITHHELD = "withheld", _("不予公开")


class OpennessArea(models.TextChoices):
    DECISION = "decision", _("决策公开")
    EXECUTION = "execution", _("执行公开")
    MANAGEMENT = "management", _("管理公开")
    SERVICE = "service", _("服务公开")
    RESULT = "result", _("结果公开")


class DocumentType(models.TextChoices):
    REGULATION = "regulation", _("规章")
    NORMATIVE = "normative_document", _("规范性文件")
    OTHER_POLICY = "other_policy", _("其他政策文件")
    CONSULTATION = "consultation_draft", _("征求意见稿")


#: Types for which simultaneous interpretation is mandatory, whatever the plan says.
ALWAYS_INTERPRETED = {DocumentType.REGULATION, DocumentType.NORMATIVE}


class Validity(models.TextChoices):
    VALID = "valid", _("有效")
    AMENDED = "amended", _("已修改")
    REPEALED = "repealed", _("已废止")
    EXPIRED = "expired", _("已失效")
    NOT_YET_EFFECTIVE = "not_yet_effective", _("尚未生效")


#: Validity states that put a banner on the public page, pointing to the newer document.
SUPERSEDED_VALIDITY = {Validity.AMENDED, Validity.REPEALED, Validity.EXPIRED}


class SupersessionKind(models.TextChoices):
    """What the newer policy does to the older one, read from the older one's validity (see supersession.py)."""

    AMENDS = "amends", _("修改")
    REPEALS = "repeals", _("废止")
    REPLACES = "replaces", _("替代")


#: The older policy's validity names the relation: one fact, so the two pages can never disagree.
SUPERSESSION_KIND = {
    Validity.AMENDED: SupersessionKind.AMENDS,
    Validity.REPEALED: SupersessionKind.REPEALS,
    Validity.EXPIRED: SupersessionKind.REPLACES,
}


class MaterialForm(models.TextChoices):
    TEXT = "text", _("文字解读")
    GRAPHIC = "graphic", _("图解")
    AUDIO = "audio", _("音频")
    VIDEO = "video", _("视频")
    QA = "qa", _("问答")
    ANIMATION = "animation", _("动漫")


class InterpreterKind(models.TextChoices):
    BY_DEPARTMENT = "by_department", _("部门解读")
    BY_EXPERT = "by_expert", _("专家解读")
    BY_MEDIA = "by_media", _("媒体解读")


class PlanChannel(models.TextChoices):
    WEBSITE = "website", _("政府网站")
    WECHAT = "wechat", _("微信公众号")
    PRESS = "press_partner", _("新闻媒体")
    BRIEFING = "briefing", _("政策吹风会")
    PRESS_CONFERENCE = "press_conference", _("新闻发布会")
    ONLINE_INTERVIEW = "online_interview", _("在线访谈")


#: Permission that allows releasing a policy before its interpretation, with a logged reason.
RELEASE_WITHOUT_INTERPRETATION = "interpretation.release_without_interpretation"
#: Permission that allows sending released content to channels (the distribution issue).
RELEASE_TO_CHANNELS = "interpretation.release_to_channels"
