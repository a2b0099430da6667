"""三员分立: three administrator groups, each without the others' rights.

系统管理员 runs the system (accounts, sites, site settings, bodies, channels and partners, the working-day
calendar); 安全管理员 keeps it safe (groups and their rights, lockouts, second factors, the password policy);
审计管理员 only reads the audit log. None of them edits content. The superuser is for setting up only: the admin
says so whenever one is used (security.wagtail_hooks).

The groups are made by a migration (security/migrations) and kept to this list by `sync_roles` after each migrate,
so a right added here reaches existing installations and a right given by hand to one of these groups goes again.
"""

from __future__ import annotations

SYSTEM_ADMIN = "系统管理员"
SECURITY_ADMIN = "安全管理员"
AUDIT_ADMIN = "审计管理员"
ADMIN_GROUP_NAMES = (SYSTEM_ADMIN, SECURITY_ADMIN, AUDIT_ADMIN)

_CRUD = ("add", "change", "delete", "view")


def _all(app_label: str, model: str) -> list[tuple[str, str]]:
    return [(app_label, f"{action}_{model}") for action in _CRUD]


ACCESS_ADMIN = ("wagtailadmin", "access_admin")

#: group name -> (app label, permission codename) pairs.
RIGHTS: dict[str, list[tuple[str, str]]] = {
    SYSTEM_ADMIN: [
        ACCESS_ADMIN,
        *_all("auth", "user"),
        *_all("wagtailcore", "site"),
        ("cms", "change_siteidentity"),
        ("cms", "view_siteidentity"),
        *_all("bodies", "disclosingbody"),
        *_all("bodies", "bodymembership"),
        *_all("delivery_channels", "wechataccount"),
        ("delivery_channels", "view_delivery"),
        *_all("partners", "presspartner"),
        *_all("watcher", "source"),
        *_all("working_days", "workingdayoverride"),
    ],
    SECURITY_ADMIN: [
        ACCESS_ADMIN,
        *_all("auth", "group"),
        ("auth", "view_permission"),
        ("axes", "view_accessattempt"),
        ("axes", "delete_accessattempt"),
        ("axes", "view_accessfailurelog"),
        ("otp_totp", "view_totpdevice"),
        ("otp_totp", "delete_totpdevice"),
        ("security", "view_passwordstate"),
    ],
    AUDIT_ADMIN: [
        ACCESS_ADMIN,
        ("security", "view_auditrecord"),
        ("disclosure_requests", "view_personal_data"),  # 政府信息公开申请: reads applicants' data, changes nothing
    ],
}


def sync_roles(apps, verbosity: int = 0) -> None:
    """Create the three groups and give each exactly its rights (historical `apps` in a migration, or the live
    registry). Permissions are created first: on a new database they do not exist until after the migrations."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, rights in RIGHTS.items():
        group, _created = Group.objects.get_or_create(name=name)
        wanted = []
        for app_label, codename in rights:
            found = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if found is None:
                raise LookupError(f"permission {app_label}.{codename} for {name} does not exist")
            wanted.append(found)
        group.permissions.set(wanted)
