"""The source form: the parser configuration as plain, labelled fields instead of raw JSON.

The fields for the chosen kind are assembled into ``channels.sources.config`` dataclasses and
checked with their ``validate()``; every problem is reported in Chinese next to its field.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from cssselect import SelectorError
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from parsel.csstranslator import css2xpath
from wagtail.admin.forms import WagtailAdminModelForm

from bodies import scope
from channels.sources import guard
from channels.sources.config import (
    MAX_HANWEB_PAGES,
    DetailConfig,
    FeedConfig,
    HanwebConfig,
    HtmlListConfig,
    JsonListConfig,
    config_to_dict,
)
from channels.sources.errors import UnsafeURLError

from .models.sources import SourceKind, split_hosts


def _limit_followers(formset, user) -> None:
    """Follower rows offer only bodies and departments in the editor's scope (existing, new and template rows)."""
    # lazy: interpretation's models are loaded by the time a form is built
    from interpretation.models import DraftingDepartment

    bodies = scope.bodies(user)
    departments = scope.restrict(DraftingDepartment.objects.all(), user)
    base = type(formset)

    def add_fields(self, form, index):
        base.add_fields(self, form, index)
        form.fields["disclosing_body"].queryset = bodies
        if "department" in form.fields:
            form.fields["department"].queryset = departments

    formset.__class__ = type(base.__name__, (base,), {"add_fields": add_fields})


# (form field, config attribute, label, help text)
HTML_FIELDS = [
    ("html_item", "item", "条目选择器", "每条政策所在的元素,例如 ul.list li"),
    ("html_title", "title", "标题选择器", "在条目内,例如 a 或 h4 a"),
    ("html_link", "link", "链接选择器", "在条目内,默认 a"),
    ("html_date", "date", "日期选择器", "在条目内,例如 span.date::text"),
    ("html_summary", "summary", "摘要选择器", ""),
    ("html_document_number", "document_number", "文号选择器", "列表上有文号时填写"),
]
JSON_FIELDS = [
    ("json_items_path", "items_path", "列表路径", "用点号分隔,例如 data.list;留空表示整个 JSON 就是列表"),
    ("json_title", "title", "标题字段", "默认 title"),
    ("json_url", "url", "链接字段", "默认 url"),
    ("json_date", "date", "日期字段", ""),
    ("json_document_number", "document_number", "文号字段", ""),
    ("json_summary", "summary", "摘要字段", ""),
    ("json_guid", "guid", "编号字段", "条目的唯一编号;留空则按链接识别"),
    ("json_body", "body", "正文字段", "列表中已包含正文时填写"),
]
DETAIL_FIELDS = [
    ("detail_body", "body", "正文选择器", "详情页正文所在的元素,例如 #UCAP-CONTENT;留空则不抓取详情页"),
    ("detail_document_number", "document_number", "详情页文号选择器", "留空则在正文中查找文号"),
    ("detail_attachments", "attachments", "附件选择器", "留空则取正文中指向 PDF、Word 等文件的链接"),
    ("detail_title", "title", "详情页标题选择器", ""),
    ("detail_date", "date", "详情页日期选择器", ""),
]
SELECTOR_FIELDS = {name for name, *_ in HTML_FIELDS + DETAIL_FIELDS}
# A Hanweb record is read like an HTML list item: the HTML list selectors, relative to one record; these defaults.
HANWEB_DEFAULTS = {"title": "a", "link": "a", "date": "span"}
JSON_DEFAULTS = {"json_title": "title", "json_url": "url"}
MONITORING_FIELDS = [
    "last_polled_at",
    "last_success_at",
    "last_error_at",
    "last_error",
    "last_error_detail",
    "last_warnings",
    "consecutive_failures",
    "items_found",
    "drafts_created",
    "next_poll_at",
    "lease_until",
    "etag",
    "last_modified",
    "content_hash",
]


def _setting(label: str) -> forms.CharField:
    help_text = next(h for _n, _a, lbl, h in HTML_FIELDS + JSON_FIELDS + DETAIL_FIELDS if lbl == label)
    return forms.CharField(label=label, help_text=help_text, required=False, max_length=300)


class SourceForm(WagtailAdminModelForm):
    html_item = _setting("条目选择器")
    html_title = _setting("标题选择器")
    html_link = _setting("链接选择器")
    html_date = _setting("日期选择器")
    html_summary = _setting("摘要选择器")
    html_document_number = _setting("文号选择器")
    json_items_path = _setting("列表路径")
    json_title = _setting("标题字段")
    json_url = _setting("链接字段")
    json_date = _setting("日期字段")
    json_document_number = _setting("文号字段")
    json_summary = _setting("摘要字段")
    json_guid = _setting("编号字段")
    json_body = _setting("正文字段")
    detail_body = _setting("正文选择器")
    detail_document_number = _setting("详情页文号选择器")
    detail_attachments = _setting("附件选择器")
    detail_title = _setting("详情页标题选择器")
    detail_date = _setting("详情页日期选择器")
    hanweb_pages = forms.IntegerField(
        label="每次读取的页数",
        required=False,
        min_value=1,
        max_value=MAX_HANWEB_PAGES,
        help_text="1 表示只读栏目页自带的记录;更多时按栏目页声明的分页参数(每页条数、起止记录)继续请求 dataproxy.jsp",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "disclosing_body" in self.fields:
            self.fields["disclosing_body"].queryset = scope.bodies(self.for_user)
            self.fields["disclosing_body"].empty_label = None
            if not self.instance.pk:
                self.initial.setdefault("disclosing_body", getattr(scope.acting_body(self.for_user), "pk", None))
        if "followers" in self.formsets:
            _limit_followers(self.formsets["followers"], self.for_user)
        config = dict(self.instance.config or {}) if self.instance.pk else {}
        groups = {SourceKind.HTML_LIST: HTML_FIELDS, SourceKind.JSON_LIST: JSON_FIELDS, SourceKind.HANWEB: HTML_FIELDS}
        for name, attr, *_ in groups.get(self.instance.kind, []):
            if name in self.fields and config.get(attr):
                self.initial.setdefault(name, config[attr])
        for name, attr, *_ in DETAIL_FIELDS:
            if name in self.fields and (config.get("detail") or {}).get(attr):
                self.initial.setdefault(name, config["detail"][attr])
        for name, value in JSON_DEFAULTS.items():
            if name in self.fields:
                self.initial.setdefault(name, value)
        if "hanweb_pages" in self.fields:
            self.initial.setdefault("hanweb_pages", config.get("pages") or 1)

    def clean(self):
        data = super().clean()
        for name in SELECTOR_FIELDS:
            value = (data.get(name) or "").strip()
            if value:
                try:
                    css2xpath(value)
                except SelectorError:
                    self.add_error(name, f"不是有效的 CSS 选择器:{value}")
        self._clean_hosts(data)
        if not self.errors:
            try:
                config = self.build_config(data)
                config.validate()
            except ValueError as exc:
                raise ValidationError(f"解析配置有误:{exc}") from exc
            self.cleaned_config = config
        return data

    def _value(self, data, name: str) -> str:
        return (data.get(name) or "").strip()

    def build_config(self, data):
        """The dataclass for the chosen kind; required fields missing are reported on their field."""
        kind = data.get("kind")
        detail = None
        if self._value(data, "detail_body"):
            detail = DetailConfig(**{attr: self._value(data, name) for name, attr, *_ in DETAIL_FIELDS})
        elif any(self._value(data, name) for name, *_ in DETAIL_FIELDS):
            self._required("detail_body", "填写详情页设置时必须填写正文选择器。")
        if kind == SourceKind.HTML_LIST:
            self._required("html_item", "HTML 列表页必须填写条目选择器。", data)
            self._required("html_title", "HTML 列表页必须填写标题选择器。", data)
            values = {attr: self._value(data, name) for name, attr, *_ in HTML_FIELDS}
            values["link"] = values["link"] or "a"
            return HtmlListConfig(**values, detail=detail)
        if kind == SourceKind.HANWEB:
            values = {attr: self._value(data, name) for name, attr, *_ in HTML_FIELDS if attr != "item"}
            for attr, default in HANWEB_DEFAULTS.items():
                values[attr] = values[attr] or default
            return HanwebConfig(**values, pages=data.get("hanweb_pages") or 1, detail=detail)
        if kind == SourceKind.JSON_LIST:
            values = {attr: self._value(data, name) for name, attr, *_ in JSON_FIELDS}
            values["title"] = values["title"] or "title"
            values["url"] = values["url"] or "url"
            return JsonListConfig(**values, detail=detail)
        return FeedConfig(detail=detail)

    def _required(self, name: str, message: str, data=None) -> None:
        if data is None or not self._value(data, name):
            raise ValidationError({name: message})

    def _clean_hosts(self, data) -> None:
        url = data.get("url") or ""
        parts = urlsplit(url)
        if url and parts.scheme not in ("http", "https"):
            self.add_error("url", "列表地址必须以 http:// 或 https:// 开头。")
            return
        allowed = split_hosts(data.get("allowed_hosts", ""))
        try:
            for host in allowed:
                guard.normalise_host(host)
        except UnsafeURLError:
            self.add_error("allowed_hosts", "允许的域名中有无效的域名。")
            return
        if url and allowed and not guard.host_allowed(parts.hostname or "", allowed):
            self.add_error("url", f"列表地址的域名 {parts.hostname} 不在允许的域名中。")
        if "trusted_private_hosts" in data:
            permitted = set(allowed or [(parts.hostname or "").lower()])
            outside = [h for h in split_hosts(data.get("trusted_private_hosts", "")) if h not in permitted]
            if outside:
                self.add_error("trusted_private_hosts", f"以下域名必须同时列在允许的域名中:{'、'.join(outside)}")
        if data.get("deadline_amount") == 0:
            self.add_error("deadline_amount", "转载时限至少为 1。")
        for name in ("poll_minutes_working", "poll_minutes_off"):
            if data.get(name) == 0:
                self.add_error(name, "抓取间隔至少为 1 分钟。")

    def save(self, commit=True):
        source = self.instance
        if source.pk:  # a poll may have run while the form was open: keep its figures, not the form's
            current = type(source).objects.filter(pk=source.pk).values(*MONITORING_FIELDS).first() or {}
            for name, value in current.items():
                setattr(source, name, value)
        stored = {k: v for k, v in config_to_dict(self.cleaned_config).items() if k != "kind"}
        if source.pk is None or stored != source.config or "url" in self.changed_data or "kind" in self.changed_data:
            # A new reading of the source: forget the validators and poll it soon.
            source.etag = source.last_modified = source.content_hash = ""
            source.next_poll_at = timezone.now()
        source.config = stored
        return super().save(commit=commit)


class InternalRuleForm(WagtailAdminModelForm):
    """A rule is made for a body in the editor's scope (their own by default), into one of its departments."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # lazy: interpretation's models are loaded by the time a form is built
        from interpretation.models import DraftingDepartment

        self.fields["disclosing_body"].queryset = scope.bodies(self.for_user)
        self.fields["disclosing_body"].empty_label = None
        self.fields["department"].queryset = scope.restrict(DraftingDepartment.objects.all(), self.for_user)
        if not self.instance.pk:
            self.initial.setdefault("disclosing_body", getattr(scope.acting_body(self.for_user), "pk", None))
