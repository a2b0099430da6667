"""Workflow tasks of the three-sync rule: the department leader signs the bundle; the openness office
reviews any document that will not be proactively disclosed."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask, Page, Task, TaskState

from bodies import scope
from bodies.models import DisclosingBody
from interpretation import audit, three_sync


def _policy_of(obj):
    """The policy whose bundle is under review: the page itself, or a follow-up material's parent."""
    from interpretation.models import MaterialPage, PolicyDocumentPage  # lazy: models import the task models

    specific = obj.specific if hasattr(obj, "specific") else obj
    if isinstance(specific, PolicyDocumentPage):
        return specific
    if isinstance(specific, MaterialPage):
        return specific.get_parent().specific
    return None


def _conclude(task, task_state, action_name, comment):
    """The reviewer's confirmation and queue: Wagtail's action view redirects to what `on_action` returns, so an
    approver who can no longer open the page does not land on its edit view."""
    from interpretation.admin_views import outcome  # lazy: the views import the page models, which import this

    return outcome.conclude(task, task_state, action_name, comment)


def _is_department_leader(user, policy) -> bool:
    department = policy.drafting_department if policy else None
    if department is None or department.leaders_id is None:
        return False
    return user.groups.filter(pk=department.leaders_id).exists()


class ThreeSyncSignTask(Task):
    """同步审签: the drafting department's leader approves the policy, its plan and materials as one."""

    admin_form_fields = Task.admin_form_fields

    def _can_moderate(self, obj, user) -> bool:
        return user.is_superuser or _is_department_leader(user, _policy_of(obj))

    def user_can_access_editor(self, obj, user):
        return self._can_moderate(obj, user)

    def locked_for_user(self, obj, user):
        return not self._can_moderate(obj, user)

    def get_actions(self, obj, user):
        if not self._can_moderate(obj, user):
            return []
        actions = [("reject", _("退回修改(一并退回)"), True)]
        policy = _policy_of(obj)
        # Approval is offered only while the bundle under review (the latest revision, not what is live) is complete.
        if obj.specific is not policy or not three_sync.bundle_gaps(policy.get_latest_revision_as_object()):
            actions += [("approve", _("同步审签通过"), False), ("approve", _("审签通过并附意见"), True)]
        return actions

    def on_action(self, task_state, user, action_name, **kwargs):
        obj = task_state.workflow_state.content_object.specific
        policy = _policy_of(obj)
        comment = kwargs.get("comment", "")
        if action_name == "approve" and obj.pk == policy.pk:
            three_sync.sign_bundle(policy, task_state.revision, user, comment=comment)
        elif action_name == "approve":
            three_sync.sign_follow_up(obj, task_state.revision, user, comment=comment)
        elif action_name == "reject":
            audit.record(policy, audit.RETURNED, user, comment=comment)
        super().on_action(task_state, user, action_name, **kwargs)
        return _conclude(self, task_state, action_name, comment)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS, task=self.task_ptr)
        if user.is_superuser:
            return states
        return states.filter(revision__object_id__in=_pages_led_by(user))

    @classmethod
    def get_description(cls):
        return _("起草部门负责人对政策文件、解读方案和解读材料同步审签")

    class Meta:
        verbose_name = _("三同步审签")
        verbose_name_plural = _("三同步审签")


def _pages_led_by(user) -> list[str]:
    """Ids (as revision object ids) of every page in the sections of the departments the user leads."""
    from interpretation.models import DepartmentSectionPage  # lazy: models import the task models

    sections = DepartmentSectionPage.objects.filter(department__leaders__in=user.groups.all())
    ids = []
    for section in sections:
        ids += [str(pk) for pk in Page.objects.descendant_of(section).values_list("pk", flat=True)]
    return ids


class OpennessOfficeReviewTask(AbstractGroupApprovalTask):
    """公开属性审核: documents not proactively disclosed also need the openness office's approval.

    One 政务公开办 group serves the whole platform; which documents a member reviews follows their body
    (bodies.scope): a town's office reviews the town's documents, the county's office the county's and every town's.
    """

    def _may_review(self, obj, user) -> bool:
        from interpretation import admin_scope  # lazy: admin_scope reads the page models, which import this module

        if user.is_superuser:
            return True
        if not self._user_in_groups(user):
            return False
        body = admin_scope.body_id_of(obj) or DisclosingBody.platform()  # a shared page: the platform's office
        return scope.may_act_for(user, body)

    def user_can_access_editor(self, obj, user):
        return self._may_review(obj, user)

    def locked_for_user(self, obj, user):
        return not self._may_review(obj, user)

    def user_can_lock(self, obj, user):
        return self._may_review(obj, user)

    def start(self, workflow_state, user=None):
        task_state = super().start(workflow_state, user=user)
        policy = _policy_of(workflow_state.content_object)
        if policy is not None:
            policy = policy.get_latest_revision_as_object()  # the attribute under review, not the live one
        if policy is not None and not three_sync.needs_openness_office(policy):
            # Proactive disclosure needs no extra review: approve at once, the workflow moves on.
            task_state.status = TaskState.STATUS_APPROVED
            task_state.finished_at = timezone.now()
            task_state.comment = str(_("主动公开,无需政务公开办审核"))
            task_state.save(update_fields=["status", "finished_at", "comment"])
        return task_state

    def on_action(self, task_state, user, action_name, **kwargs):
        """The office's approval is recorded against the revision: the release guard asks for it. A member of
        another body's office is refused here too, whatever path called (the admin offers them no action)."""
        policy = _policy_of(task_state.workflow_state.content_object)
        obj = task_state.workflow_state.content_object.specific
        if not self._may_review(obj, user):
            raise PermissionDenied(_("您不能审核其他公开主体的文件。"))
        if action_name == "approve" and policy is not None and obj.pk == policy.pk:
            reviewed = task_state.revision.as_object()
            if three_sync.needs_openness_office(reviewed):
                three_sync.approve_disclosure(reviewed, task_state.revision, user, kwargs.get("comment", ""))
        super().on_action(task_state, user, action_name, **kwargs)
        return _conclude(self, task_state, action_name, kwargs.get("comment", ""))

    def get_actions(self, obj, user):
        if self._may_review(obj, user):
            return [
                ("reject", _("退回修改"), True),
                ("approve", _("同意公开属性"), False),
                ("approve", _("同意并附意见"), True),
            ]
        return []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        from interpretation import admin_scope  # lazy: admin_scope reads the page models, which import this module

        states = super().get_task_states_user_can_moderate(user, **kwargs)
        if user.is_superuser:
            return states
        in_scope = admin_scope.in_body_scope(Page.objects.all(), user)
        return states.filter(workflow_state__object_id__in=admin_scope.as_object_ids(in_scope))

    @classmethod
    def get_description(cls):
        return _("政务公开办审核依申请公开、不予公开的属性及理由")

    class Meta:
        verbose_name = _("政务公开办审核")
        verbose_name_plural = _("政务公开办审核")
