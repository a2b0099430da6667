"""图文直播 and 网民提问: rows written while an interview runs, outside the page's revisions."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from interpretation.events.choices import QuestionStatus
from interpretation.events.models.pages import EventPage

QUESTION_MAX_LENGTH = 200  # the length of a QAPair question, so an answered question converts as it is
NICKNAME_MAX_LENGTH = 20
LIVE_TEXT_MAX_LENGTH = 2000


class LiveEntry(models.Model):
    """One live text entry, public as soon as an editor posts it."""

    event = models.ForeignKey(EventPage, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="live_entries")
    posted_at = models.DateTimeField(_("时间"), default=timezone.now)
    speaker = models.CharField(_("发言人"), max_length=40, blank=True)
    text = models.TextField(_("内容"), max_length=LIVE_TEXT_MAX_LENGTH)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("图片"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(_("图片替代文本"), max_length=250, blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("图文直播")
        verbose_name_plural = _("图文直播")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.speaker}:{self.text[:30]}"


class PublicQuestion(models.Model):
    """A reader's question: hidden until a moderator approves it; shown with its answer once answered."""

    event = models.ForeignKey(EventPage, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="questions")
    nickname = models.CharField(_("昵称"), max_length=NICKNAME_MAX_LENGTH, blank=True)
    text = models.CharField(_("问题"), max_length=QUESTION_MAX_LENGTH)
    submitted_at = models.DateTimeField(_("提问时间"), default=timezone.now)
    client_digest = models.CharField(max_length=64, blank=True, editable=False)  # hashed address, never the IP
    status = models.CharField(
        _("审核状态"), max_length=20, choices=QuestionStatus.choices, default=QuestionStatus.PENDING
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    answer = models.TextField(_("回答"), blank=True)
    answered_by = models.CharField(_("回答人"), max_length=80, blank=True)
    answered_at = models.DateTimeField(_("回答时间"), null=True, blank=True)
    qa_material = models.ForeignKey(
        "interpretation.QAMaterialPage",
        verbose_name=_("已转为问答解读"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("网民提问")
        verbose_name_plural = _("网民提问")
        ordering = ["submitted_at", "pk"]
        permissions = [("moderate_publicquestion", _("可审核、回答网民提问"))]
        indexes = [models.Index(fields=["event", "status"])]

    def __str__(self):
        return self.text[:40]

    @property
    def display_name(self):
        return self.nickname or _("网友")

    @property
    def is_answered(self) -> bool:
        return bool(self.answer.strip())
