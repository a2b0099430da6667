"""The users admin by 公开主体: a body administrator sees and edits the people of the bodies in their scope only.

Installed as Wagtail's user viewset through `WagtailUsersAppConfig.user_viewset` (set below: this module is
imported with the admin hooks, before Wagtail's users app registers its viewset from that setting). The forms
add 所属公开主体 and keep the group choices to what the person may hand out; the rules themselves are
`bodies.people.refusals`, which the bulk actions (assign role, activate, delete) ask too.
"""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.functional import cached_property
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import users as wagtail_users

from bodies import people, scope
from bodies.models import DisclosingBody


class BodyUserFormMixin:
    """所属公开主体 on the user forms, and only the groups and bodies the signed-in person may give."""

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        unrestricted = actor is None or scope.is_unrestricted(actor)
        self.fields["disclosing_body"] = forms.ModelChoiceField(
            label="所属公开主体",
            queryset=DisclosingBody.objects.all() if actor is None else scope.bodies(actor),
            required=not unrestricted,
            initial=self._initial_body(actor),
            help_text="该用户所在的公开主体;用户只能看到和处理本主体及下级主体的内容。",
        )
        if actor is not None and "groups" in self.fields:
            self.fields["groups"].queryset = people.assignable_groups(actor)
        if not unrestricted and "is_superuser" in self.fields:
            self.fields["is_superuser"].disabled = True

    def _initial_body(self, actor):
        if self.instance.pk is not None:
            return people.user_body(self.instance)
        return scope.body_of(actor) if actor is not None else None

    def clean(self):
        cleaned = super().clean()
        if self.actor is not None:
            problems = people.refusals(
                self.actor,
                self.instance if self.instance.pk is not None else _Unsaved(),
                body=cleaned.get("disclosing_body"),
                groups=cleaned.get("groups"),
                is_superuser=bool(cleaned.get("is_superuser")),
            )
            for problem in problems:
                self.add_error(None, problem)
        return cleaned

    def _save_m2m(self):
        """Groups the person had and the actor may not give stay: the form neither shows nor drops them."""
        kept = []
        if self.actor is not None and self.instance.pk is not None and "groups" in self.fields:
            allowed = set(self.fields["groups"].queryset.values_list("pk", flat=True))
            kept = [group for group in self.instance.groups.all() if group.pk not in allowed]
        super()._save_m2m()
        if kept:
            self.instance.groups.add(*kept)
        people.set_body(self.instance, self.cleaned_data.get("disclosing_body"))


class _Unsaved:
    """Stands for the person a creation form is making: no id, no groups yet, not a superuser."""

    pk = None
    is_superuser = False


class BodyUserCreationForm(BodyUserFormMixin, UserCreationForm):
    pass


class BodyUserEditForm(BodyUserFormMixin, UserEditForm):
    pass


class _InScope:
    """404 for a person outside the signed-in person's bodies, whatever the view (edit, delete, history)."""

    def get_object(self, *args, **kwargs):
        user = super().get_object(*args, **kwargs)
        if not people.may_manage(self.request.user, user):
            raise Http404
        return user


class _ActorForm:
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "actor": self.request.user}


class UserFilterSet(wagtail_users.UserFilterSet):
    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None:
            self.filters["group"].queryset = people.assignable_groups(request.user)


class UserIndexView(wagtail_users.IndexView):
    def get_base_queryset(self):
        users = super().get_base_queryset().select_related("body_membership__body")
        return scope.restrict(users, self.request.user, field="body_membership__body")

    @cached_property
    def columns(self):
        found = list(super().columns)
        body = Column(
            "disclosing_body",
            label="所属公开主体",
            accessor=lambda user: getattr(getattr(user, "body_membership", None), "body", "") or "",
            width="15%",
        )
        return [*found[:3], body, *found[3:]]


class UserCreateView(_ActorForm, wagtail_users.CreateView):
    pass


class UserEditView(_InScope, _ActorForm, wagtail_users.EditView):
    pass


class UserDeleteView(_InScope, wagtail_users.DeleteView):
    pass


class UserHistoryView(_InScope, wagtail_users.HistoryView):
    pass


class BodyUserViewSet(wagtail_users.UserViewSet):
    index_view_class = UserIndexView
    filterset_class = UserFilterSet
    add_view_class = UserCreateView
    edit_view_class = UserEditView
    delete_view_class = UserDeleteView
    history_view_class = UserHistoryView
    create_template_name = "bodies/users/create.html"
    edit_template_name = "bodies/users/edit.html"

    def get_form_class(self, for_update=False):
        return BodyUserEditForm if for_update else BodyUserCreationForm


@hooks.register("before_bulk_action")
def refuse_people_out_of_scope(request, action_type, objects, action_class_instance):
    """The users' bulk actions pass the same rule: people in scope only, and only groups one may give."""
    if action_class_instance.model is not wagtail_users.User or scope.is_unrestricted(request.user):
        return None
    role = None
    if action_type == "assign_role":
        role = action_class_instance.cleaned_form.cleaned_data["role"]
    for user in objects:
        problems = people.refusals(
            request.user,
            user,
            body=people.user_body(user),
            groups=[*user.groups.all(), role] if role is not None else None,
        )
        if problems:
            raise PermissionDenied(problems[0])
    return None


# Wagtail's users app reads this attribute when it registers its viewset (after the hooks load).
setattr(apps.get_app_config("wagtailusers"), "user_viewset", f"{__name__}.BodyUserViewSet")  # noqa: B010
