"""Inline children of an event, revised with its page: who takes part, the press kit and the photos."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from interpretation.events.choices import PersonRole
from interpretation.events.models.pages import EventPage


class EventPerson(Orderable):
    """主持人、嘉宾、发布人: shown on the page and in the calendar entry."""

    page = ParentalKey(EventPage, related_name="people", on_delete=models.CASCADE)
    name = models.CharField(_("姓名"), max_length=40)
    title = models.CharField(_("职务"), max_length=80, blank=True)
    organ = models.CharField(_("单位"), max_length=80, blank=True)
    role = models.CharField(_("身份"), max_length=20, choices=PersonRole.choices, default=PersonRole.GUEST)

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("role")]), FieldRowPanel(["title", "organ"])]

    class Meta(Orderable.Meta):
        verbose_name = _("主持人与嘉宾")

    def __str__(self):
        return " ".join(part for part in (self.organ, self.title, self.name) if part)


class PressKitItem(Orderable):
    """A document for press partners, served by the events app only after the embargo time."""

    page = ParentalKey(EventPage, related_name="press_kit", on_delete=models.CASCADE)
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("文件"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("显示名称"), max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("新闻资料")

    @property
    def display_title(self):
        return self.title or self.document.title


class EventPhoto(Orderable):
    """回顾图片: a Wagtail image with the text a screen reader speaks."""

    page = ParentalKey(EventPage, related_name="photos", on_delete=models.CASCADE)
    image = models.ForeignKey("wagtailimages.Image", verbose_name=_("图片"), on_delete=models.PROTECT, related_name="+")
    alt_text = models.CharField(_("替代文本"), max_length=250, help_text=_("为读屏软件描述图片内容"))
    caption = models.CharField(_("图片说明"), max_length=200, blank=True)

    panels = [FieldPanel("image"), FieldPanel("alt_text"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("回顾图片")
