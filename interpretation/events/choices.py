"""Controlled values of events: code names from the glossary, labels in Chinese."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    BRIEFING = "briefing", _("政策吹风会")
    PRESS_CONFERENCE = "press_conference", _("新闻发布会")
    ONLINE_INTERVIEW = "online_interview", _("在线访谈")


class EventState(models.TextChoices):
    SCHEDULED = "scheduled", _("预告")
    LIVE = "live", _("进行中")
    CONCLUDED = "concluded", _("已结束")
    CANCELLED = "cancelled", _("已取消")


class PersonRole(models.TextChoices):
    HOST = "host", _("主持人")
    GUEST = "guest", _("嘉宾")
    SPEAKER = "speaker", _("发布人")


class QuestionStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已通过")
    REJECTED = "rejected", _("未通过")


class ReleasePhase(models.TextChoices):
    ANNOUNCEMENT = "announcement", _("预告")
    RECAP = "recap", _("回顾")
    PRESS_KIT = "press_kit", _("新闻资料解禁")


#: Only online interviews have live text and public questions (图文直播、网民提问).
INTERACTIVE_KINDS = {EventKind.ONLINE_INTERVIEW}

MODERATE_QUESTIONS = "events.moderate_publicquestion"
POST_LIVE_ENTRIES = "events.add_liveentry"
