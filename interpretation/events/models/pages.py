"""发布会与访谈: the index page under the home page, and one page type for every kind of event."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from bodies import scope
from cms.foundation.acting import request_user
from interpretation.events.choices import INTERACTIVE_KINDS, EventKind, EventState, QuestionStatus
from interpretation.events.forms import EventPageForm
from interpretation.events.panels import EventStatusPanel
from interpretation.models.page_rights import BodyScopedPagePermissions
from interpretation.models.policy import PolicyDocumentPage, public_policies
from interpretation.public.search import SegmentedSearchMixin
from interpretation.slugs import ShortSlugMixin


class EventIndexPage(Page):
    """发布会与访谈: upcoming events first, then the record of past ones."""

    intro = models.TextField(_("简介"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count = 1

    class Meta:
        verbose_name = _("发布会与访谈栏目")
        verbose_name_plural = _("发布会与访谈栏目")

    def get_context(self, request, *args, **kwargs):
        from interpretation.events.queries import past_events, upcoming_events  # lazy: queries import this model

        context = super().get_context(request, *args, **kwargs)
        context["upcoming"] = upcoming_events(limit=50, include_cancelled=True)
        context["past"] = past_events(limit=50)
        return context


class EventPage(ShortSlugMixin, BodyScopedPagePermissions, SegmentedSearchMixin, Page):
    """One briefing, press conference or online interview, from announcement to record.

    The schedule and the state are facts of the event, not of a draft: they change at once through
    interpretation.events.lifecycle and are never restored from an older revision.
    """

    kind = models.CharField(_("活动类型"), max_length=20, choices=EventKind.choices, default=EventKind.BRIEFING)
    disclosing_body = models.ForeignKey(
        "bodies.DisclosingBody",
        verbose_name=_("公开主体"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    summary = models.TextField(_("活动简介"), blank=True)
    policies = ParentalManyToManyField(
        "interpretation.PolicyDocumentPage", verbose_name=_("相关政策文件"), blank=True, related_name="events"
    )
    start = models.DateTimeField(_("开始时间"))
    end = models.DateTimeField(_("结束时间"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    online_url = models.URLField(_("线上地址"), blank=True, help_text=_("在线访谈或网络直播的地址"))
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("责任人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    responsible_department = models.ForeignKey(
        "interpretation.DraftingDepartment",
        verbose_name=_("责任部门"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    state = models.CharField(
        _("状态"), max_length=20, choices=EventState.choices, default=EventState.SCHEDULED, editable=False
    )
    date_confirmed = models.BooleanField(_("时间已确定"), default=False, editable=False)
    cancellation_reason = models.TextField(_("取消理由"), blank=True, editable=False)
    state_changed_at = models.DateTimeField(_("状态变更时间"), null=True, blank=True, editable=False)

    press_kit_embargo_until = models.DateTimeField(
        _("新闻资料解禁时间"), null=True, blank=True, help_text=_("此前新闻资料不对外提供;留空则随预告发布")
    )

    transcript = RichTextField(_("文字实录"), blank=True)
    video_url = models.URLField(_("视频地址"), blank=True)
    video_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("视频文件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    #: Facts of the event kept on the page row; a revision never brings back an old value.
    PRESERVED_FIELDS = (
        "start",
        "end",
        "state",
        "date_confirmed",
        "cancellation_reason",
        "state_changed_at",
        "responsible_user_id",
        "responsible_department_id",
    )
    exclude_fields_in_copy = ["state", "date_confirmed", "cancellation_reason", "state_changed_at"]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("place"),
        index.SearchField("transcript"),
        index.RelatedFields("people", [index.SearchField("name"), index.SearchField("organ")]),
        index.FilterField("kind"),
        index.FilterField("state"),
        index.FilterField("start"),
    ]

    content_panels = [
        *Page.content_panels,
        EventStatusPanel(),
        FieldPanel("disclosing_body"),
        FieldPanel("kind"),
        FieldPanel("summary"),
        FieldPanel("policies"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("date_change_reason"),
                FieldRowPanel([FieldPanel("place"), FieldPanel("online_url")]),
                FieldRowPanel([FieldPanel("responsible_user"), FieldPanel("responsible_department")]),
            ],
            heading=_("时间、地点与责任人"),
        ),
        InlinePanel("people", heading=_("主持人与嘉宾"), label=_("人员")),
    ]
    press_panels = [
        FieldPanel("press_kit_embargo_until"),
        InlinePanel("press_kit", heading=_("新闻资料(供媒体合作方)"), label=_("资料")),
    ]
    record_panels = [
        FieldPanel("transcript"),
        InlinePanel("photos", heading=_("图片"), label=_("图片")),
        FieldRowPanel([FieldPanel("video_url"), FieldPanel("video_document")]),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("活动")),
            ObjectList(press_panels, heading=_("新闻资料")),
            ObjectList(record_panels, heading=_("回顾")),
            ObjectList(Page.promote_panels, heading=_("推广")),
            ObjectList(Page.settings_panels, heading=_("设置(定时发布预告)")),
        ]
    )

    base_form_class = EventPageForm
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("发布会与访谈")
        verbose_name_plural = _("发布会与访谈")

    # -- vocabulary ------------------------------------------------------------------------------

    def slug_date(self):
        """The event's own day: 20261206-1234."""
        return timezone.localdate(self.start) if self.start else None

    def save(self, *args, **kwargs):
        """An event belongs to the body of its responsible department unless an editor chose one."""
        if self.disclosing_body_id is None and self.responsible_department_id is not None:
            self.disclosing_body_id = self.responsible_department.disclosing_body_id
        if self.disclosing_body_id is None:
            self.disclosing_body = scope.acting_body()
        return super().save(*args, **kwargs)

    @property
    def is_provisional(self) -> bool:
        return not self.date_confirmed

    @property
    def is_interactive(self) -> bool:
        return self.kind in INTERACTIVE_KINDS

    @property
    def accepts_questions(self) -> bool:
        return self.is_interactive and self.state in (EventState.SCHEDULED, EventState.LIVE)

    @property
    def has_recap(self) -> bool:
        return bool(strip_tags(self.transcript or "").strip() or self.video_url or self.video_document_id) or (
            self.pk is not None and self.photos.exists()
        )

    def press_kit_released(self, now=None) -> bool:
        return self.press_kit_embargo_until is None or (now or timezone.now()) >= self.press_kit_embargo_until

    @cached_property
    def public_policies(self):

        return list(public_policies().filter(pk__in=self.policies.all().values("pk")).order_by("title"))

    def public_questions(self):
        return self.questions.filter(status=QuestionStatus.APPROVED).order_by("submitted_at", "pk")

    def public_date_changes(self):
        """Changes of a confirmed date: shown publicly with their reason."""
        return self.date_changes.filter(was_confirmed=True).order_by("changed_at")

    @property
    def ics_url(self) -> str:
        return reverse("events:event_ics", args=(self.pk,))

    @property
    def live_url(self) -> str:
        return reverse("events:live_json", args=(self.pk,))

    @property
    def ask_url(self) -> str:
        return reverse("events:ask", args=(self.pk,))

    @property
    def schedule_display(self) -> str:
        start, end = timezone.localtime(self.start), timezone.localtime(self.end)
        span = (
            f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"
            if start.date() == end.date()
            else f"{start:%Y-%m-%d %H:%M}–{end:%Y-%m-%d %H:%M}"
        )
        return span + (str(_("(暂定)")) if self.is_provisional and self.state == EventState.SCHEDULED else "")

    @property
    def status_display(self) -> str:
        if self.state == EventState.SCHEDULED:
            return str(_("预告·时间暂定")) if self.is_provisional else str(_("预告·时间已确定"))
        return str(self.get_state_display())

    @property
    def responsible_display(self) -> str:
        parts = [str(part) for part in (self.responsible_department, self.responsible_user) if part]
        if self.responsible_user:
            parts[-1] = self.responsible_user.get_full_name() or self.responsible_user.get_username()
        return " / ".join(parts) or "—"

    # -- persistence -----------------------------------------------------------------------------

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("结束时间必须晚于开始时间。")})
        if not self.place.strip() and not self.online_url:
            raise ValidationError({"place": _("请填写地点或线上地址。")})
        refused = non_public_policies(self._newly_linked_policy_ids())
        if refused:
            raise ValidationError({"policies": policy_link_errors(refused)})
        self._check_body_in_scope()

    def _check_body_in_scope(self):
        """Whoever is acting may give the event only a body in their scope (the form offers no other)."""
        user = request_user()
        if user is None or self.disclosing_body_id is None:
            return
        stored = EventPage.objects.filter(pk=self.pk).values_list("disclosing_body_id", flat=True).first()
        if self.disclosing_body_id != stored and not scope.may_act_for(user, self.disclosing_body_id):
            raise ValidationError({"disclosing_body": _("只能选择您所在的公开主体或其下级主体。")})

    def _newly_linked_policy_ids(self) -> set:
        """Policies linked here but neither on the live event nor in its latest revision.

        Only a new link is checked: publishing a saved revision never fails on a policy withheld since (the
        public page shows public policies only), and the edit form checks every link the editor keeps.
        """
        linked = {policy.pk for policy in self.policies.all()}
        if not linked or self.pk is None:
            return linked

        known = set(PolicyDocumentPage.objects.filter(events=self.pk).values_list("pk", flat=True))
        latest = self.get_latest_revision()
        if latest is not None:
            known.update(latest.content.get("policies") or [])
        return linked - known

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        for field in self.PRESERVED_FIELDS:
            setattr(obj, field, getattr(self, field))
        return obj

    def get_admin_display_title(self):
        return f"{self.draft_title}({self.get_kind_display()})"

    # -- public reading --------------------------------------------------------------------------

    #: The site search's result type for events (its 发布会与访谈 tab), and the label of one result.
    public_search_type = "events"

    @property
    def public_search_label(self) -> str:
        return str(self.get_kind_display())

    def search_text_sources(self):
        """The kind's name too: a reader searching 在线访谈 or 新闻发布会 finds the events of that kind."""
        yield str(self.get_kind_display())
        yield from super().search_text_sources()

    @classmethod
    def filter_public_search(cls, queryset, filters):
        """Of the library's facets an event understands the year only (of its start); any other facet excludes it."""
        if filters.organ or filters.topic or filters.type or filters.validity:
            return queryset.none()
        return queryset.filter(start__year=filters.year) if filters.year else queryset

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        live_entries = list(self.live_entries.select_related("image").order_by("pk"))
        context.update(
            people=list(self.people.all()),
            press_kit=list(self.press_kit.select_related("document")) if self.press_kit_released(now) else [],
            press_kit_held=self.press_kit.exists() and not self.press_kit_released(now),
            date_changes=list(self.public_date_changes()),
            live_entries=live_entries,
            last_entry_id=live_entries[-1].pk if live_entries else 0,
            poll_interval=getattr(settings, "EVENTS_LIVE_POLL_MS", 5000),
            questions=list(self.public_questions()),
        )
        return context


def non_public_policies(policy_ids) -> list:
    """The policies among `policy_ids` that are not publicly released: an event may not point the public to them."""

    if not policy_ids:
        return []
    return list(
        PolicyDocumentPage.objects.filter(pk__in=policy_ids)
        .exclude(pk__in=public_policies().values("pk"))
        .order_by("title")
    )


def policy_link_errors(policies) -> list[str]:
    return [_("相关政策文件《%(title)s》尚未公开发布,不能关联。") % {"title": policy.title} for policy in policies]
