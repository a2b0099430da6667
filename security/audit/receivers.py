"""What goes into the audit log by itself: sign-ins, lockouts, changes to groups, permissions and accounts, page
publishing and the three-sync and channel entries of Wagtail's own log. Connected by security/receivers.py.

Each receiver is declared with `dispatch_uid`, so connecting twice (tests, a reloaded module) records once.
"""

from __future__ import annotations

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from wagtail.models import GroupCollectionPermission, GroupPagePermission, ModelLogEntry, PageLogEntry
from wagtail.signals import page_published, page_unpublished

from cms.foundation import acting

from .models import AuditRecord
from .records import record

User = get_user_model()
MIRRORED_PREFIXES = ("interpretation.", "channels.", "channel.")
FAILURE = AuditRecord.Outcome.FAILURE


# --- Sign-in ---------------------------------------------------------------------------------------------------


def on_logged_in(sender, request, user, **kwargs):
    record("auth.login", request=request, actor=user, target=user)


def on_logged_out(sender, request, user, **kwargs):
    record("auth.logout", request=request, actor=user, target=user)


def on_login_failed(sender, credentials, request=None, **kwargs):
    """The username tried (Django already hides the password in `credentials`; we keep only the name)."""
    username = str((credentials or {}).get("username") or (credentials or {}).get(User.USERNAME_FIELD) or "")
    known = User.objects.filter(**{User.USERNAME_FIELD: username}).first() if username else None
    record(
        "auth.login_failed",
        request=request,
        actor=known,
        actor_username=username,
        target=known,
        outcome=FAILURE,
        detail={"username": username, "locked_out": bool(getattr(request, "axes_locked_out", False))},
    )


def on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    known = User.objects.filter(**{User.USERNAME_FIELD: username}).first() if username else None
    record(
        "auth.lockout",
        request=request,
        actor=known,
        actor_username=username or "",
        target=known,
        detail={"username": username or "", "ip_address": ip_address or ""},
    )


# --- Groups, permissions, accounts -----------------------------------------------------------------------------


def _names(model, pk_set) -> list[str]:
    if not pk_set:
        return []
    if model._meta.label == "auth.Permission":
        rows = model.objects.filter(pk__in=pk_set).select_related("content_type")
        return sorted(f"{row.content_type.app_label}.{row.codename}" for row in rows)
    return sorted(str(row) for row in model.objects.filter(pk__in=pk_set))


M2M_CHANGES = {"post_add": "add", "post_remove": "remove", "pre_clear": "clear"}


def _m2m(action_name: str):
    def receiver(sender, instance, action, reverse, model, pk_set, **kwargs):
        change = M2M_CHANGES.get(action)
        if change is None:
            return
        if change == "clear":
            pk_set = set(_related_pks(sender, instance, reverse))
        record(action_name, target=instance, detail={"change": change, "items": _names(model, pk_set)})

    return receiver


def _related_pks(through, instance, reverse) -> list:
    """Before a clear(): the rows of the other side still linked to `instance`."""
    source = target = None
    for field in through._meta.get_fields():
        if getattr(field, "many_to_one", False):
            if isinstance(instance, field.related_model) and source is None:
                source = field
            else:
                target = field
    if source is None or target is None:
        return []
    return list(through.objects.filter(**{source.name: instance}).values_list(target.attname, flat=True))


def on_group_saved(sender, instance, created, **kwargs):
    record("perm.group_create" if created else "perm.group_change", target=instance, detail={"name": instance.name})


def on_group_deleted(sender, instance, **kwargs):
    record("perm.group_delete", target=instance, detail={"name": instance.name})


def _text(instance, field: str) -> str:
    """A related row's name; during a cascade it may already be gone, then its id."""
    try:
        return str(getattr(instance, field))
    except Exception:  # noqa: BLE001 - ObjectDoesNotExist of whichever model
        return str(getattr(instance, f"{field}_id", ""))


def _grant_detail(instance, what: str, saved: bool) -> dict:
    return {
        "change": "save" if saved else "delete",
        "group": _text(instance, "group"),
        what: _text(instance, what),
        "permission": _text(instance, "permission"),
    }


def on_page_permission(sender, instance, created=None, **kwargs):
    record("perm.page_permission", target=_group(instance), detail=_grant_detail(instance, "page", created is not None))


def on_collection_permission(sender, instance, created=None, **kwargs):
    detail = _grant_detail(instance, "collection", created is not None)
    record("perm.collection_permission", target=_group(instance), detail=detail)


def _group(instance) -> Group | None:
    return Group.objects.filter(pk=instance.group_id).first()


FLAGS = {
    "is_superuser": ("user.superuser_grant", "user.superuser_revoke"),
    "is_active": ("user.activate", "user.deactivate"),
}


def before_user_saved(sender, instance, update_fields=None, **kwargs):
    """Remember the flags as stored, to record a change of them after the save."""
    instance._audit_flags = None
    if instance.pk is None or (update_fields is not None and not set(update_fields) & set(FLAGS)):
        return
    instance._audit_flags = User.objects.filter(pk=instance.pk).values(*FLAGS).first()


def on_user_saved(sender, instance, created, **kwargs):
    if created:
        detail = {"username": instance.get_username(), **{flag: getattr(instance, flag) for flag in FLAGS}}
        record("user.create", target=instance, detail=detail)
        return
    before = getattr(instance, "_audit_flags", None) or {}
    for flag, (granted, revoked) in FLAGS.items():
        if flag in before and before[flag] != getattr(instance, flag):
            now = getattr(instance, flag)
            record(granted if now else revoked, target=instance, detail={flag: now})


def on_user_deleted(sender, instance, **kwargs):
    record("user.delete", target=instance, detail={"username": instance.get_username()})


# --- Publishing ------------------------------------------------------------------------------------------------


def on_page_published(sender, instance, revision=None, **kwargs):
    actor = acting.request_user() or getattr(revision, "user", None)
    record("page.publish", actor=actor, target=instance, detail={"revision": getattr(revision, "pk", None)})


def on_page_unpublished(sender, instance, **kwargs):
    record("page.unpublish", target=instance)


def on_log_entry(sender, instance, created, raw=False, **kwargs):
    """The project's own log actions (three-sync, channels) as Wagtail records them, mirrored here."""
    if not created or raw or not instance.action.startswith(MIRRORED_PREFIXES):
        return
    target = getattr(instance, "page", None) if sender is PageLogEntry else None
    detail = {"log_entry": instance.pk, "data": instance.data or {}, "object": instance.label}
    refused = instance.action.endswith("refused")
    record(
        instance.action,
        actor=instance.user,
        target=target,
        outcome=AuditRecord.Outcome.REFUSED if refused else AuditRecord.Outcome.SUCCESS,
        detail=detail,
    )


def connect() -> None:
    user_logged_in.connect(on_logged_in, dispatch_uid="audit.login")
    user_logged_out.connect(on_logged_out, dispatch_uid="audit.logout")
    user_login_failed.connect(on_login_failed, dispatch_uid="audit.login_failed")
    user_locked_out.connect(on_locked_out, dispatch_uid="audit.lockout")
    for action, through in (
        ("perm.user_groups", User.groups.through),
        ("perm.user_permissions", User.user_permissions.through),
        ("perm.group_permissions", Group.permissions.through),
    ):
        m2m_changed.connect(_m2m(action), sender=through, dispatch_uid=f"audit.{action}", weak=False)
    post_save.connect(on_group_saved, sender=Group, dispatch_uid="audit.group_saved")
    post_delete.connect(on_group_deleted, sender=Group, dispatch_uid="audit.group_deleted")
    grants = ((GroupPagePermission, on_page_permission), (GroupCollectionPermission, on_collection_permission))
    for model, receiver in grants:
        post_save.connect(receiver, sender=model, dispatch_uid=f"audit.{model.__name__}.saved")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"audit.{model.__name__}.deleted")
    pre_save.connect(before_user_saved, sender=User, dispatch_uid="audit.user_before")
    post_save.connect(on_user_saved, sender=User, dispatch_uid="audit.user_saved")
    post_delete.connect(on_user_deleted, sender=User, dispatch_uid="audit.user_deleted")
    page_published.connect(on_page_published, dispatch_uid="audit.page_published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="audit.page_unpublished")
    for model in (PageLogEntry, ModelLogEntry):
        post_save.connect(on_log_entry, sender=model, dispatch_uid=f"audit.{model.__name__}")
