"""公开主体 in the admin: superusers keep the platform's tree; a body's administrator keeps its own record.

A superuser creates, edits and removes every body. Someone with the permission to change bodies sees and edits
only the bodies in their scope (bodies.scope) and never their parent, 统一社会信用代码, slug or site
(bodies.editing says why, and refuses it whatever the form shows).
"""

from __future__ import annotations

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from bodies import editing, scope
from bodies.models import DisclosingBody

PROTECTED_HELP = _("只有系统管理员可以修改此项。")


class BodyPermissionPolicy(ModelPermissionPolicy):
    """Creating and removing bodies is a superuser's; changing one needs the permission and the body in scope."""

    def user_has_permission(self, user, action):
        if action in ("add", "delete"):
            return scope.is_unrestricted(user)
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and scope.may_act_for(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return DisclosingBody.objects.none()
        return scope.bodies(user)


register_permission_policy(DisclosingBody, BodyPermissionPolicy(DisclosingBody))


class BodyForm(WagtailAdminModelForm):
    """The protected fields are shown, not editable, to anyone but a superuser; the parent offered is never the
    body itself or one below it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        unrestricted = self.for_user is not None and scope.is_unrestricted(self.for_user)
        for name in editing.PROTECTED_FIELDS:
            field = self.fields.get(name)
            if field is not None and not unrestricted:
                field.disabled = True
                field.help_text = PROTECTED_HELP
        parent = self.fields.get("parent")
        if parent is not None and self.instance.pk:
            parent.queryset = DisclosingBody.objects.exclude(pk__in=self.instance.descendant_ids())

    def _post_clean(self):
        """The service's rule on the body as the form would save it: a refusal is shown, nothing is saved."""
        super()._post_clean()
        if self.for_user is not None and not self.errors:
            reason = editing.refusal(self.for_user, self.instance)
            if reason is not None:
                self.add_error(None, reason)

    def save(self, commit=True):
        if commit and self.for_user is not None:
            editing.check(self.for_user, self.instance)
        return super().save(commit=commit)


panels = [
    MultiFieldPanel(
        [
            FieldPanel("name"),
            FieldRowPanel([FieldPanel("short_name"), FieldPanel("kind")]),
            FieldRowPanel([FieldPanel("parent"), FieldPanel("sort_order")]),
            FieldRowPanel([FieldPanel("credit_code"), FieldPanel("slug")]),
            FieldPanel("logo"),
        ],
        heading=_("主体信息"),
    ),
    MultiFieldPanel(
        [
            FieldPanel("address"),
            FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
            FieldPanel("office_hours"),
        ],
        heading=_("联系方式"),
    ),
    FieldPanel("guide"),
    FieldPanel("site"),
]


def tree_path(body: DisclosingBody) -> str:
    """和县人民政府 › 历阳镇人民政府: where the body sits in the platform's tree."""
    return " › ".join(ancestor.short_name for ancestor in reversed([body, *body.ancestors()]))


class BodyIndexView(generic.IndexView):
    def get_base_queryset(self):
        bodies = super().get_base_queryset().select_related("parent__parent__parent")
        return scope.restrict(bodies, self.request.user, field="pk")

    @cached_property
    def no_results_message(self):
        if self.is_searching or self.is_filtering:
            return _("没有符合条件的公开主体。")
        if scope.is_unrestricted(self.request.user):
            return _("还没有公开主体。请先新建县(区)人民政府,再在其下新建部门和乡镇(街道)。")
        return _("没有您可以管理的公开主体。您的账号尚未指定所属主体,请联系系统管理员。")


class BodyEditView(generic.EditView):
    """Only bodies in the person's scope can be opened; the save goes through the service's rule."""

    def get_queryset(self):
        return scope.bodies(self.request.user)

    def save_instance(self):
        editing.check(self.request.user, self.form.instance)
        return super().save_instance()


class BodyViewSet(ModelViewSet):
    model = DisclosingBody
    icon = "site"
    menu_label = _("公开主体")
    menu_order = 190
    add_to_admin_menu = True
    index_view_class = BodyIndexView
    edit_view_class = BodyEditView
    copy_view_enabled = False
    inspect_view_enabled = False
    search_fields = ["name", "short_name", "credit_code"]
    list_filter = ["kind"]
    list_display = [
        "name",
        Column("tree", label=_("层级"), accessor=tree_path),
        Column("parent", label=_("上级主体"), accessor=lambda body: body.parent or "—"),
        Column("kind", label=_("类型"), accessor="get_kind_display"),
        Column("credit_code", label=_("统一社会信用代码")),
    ]
    edit_handler = ObjectList(panels, base_form_class=BodyForm)


@hooks.register("register_admin_viewset")
def register_body_viewset():
    return BodyViewSet("bodies", url_prefix="bodies")
