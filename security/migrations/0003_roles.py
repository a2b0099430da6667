"""三员分立: the 系统管理员, 安全管理员 and 审计管理员 groups with their rights (security.roles), and a password state
for every existing account: passwords set before these rules were never checked against them, so each owner
chooses a new one at the next login."""

from django.db import migrations
from django.utils import timezone


def make_roles(apps, schema_editor):
    from security.roles import sync_roles

    sync_roles(apps)


def existing_accounts_must_change(apps, schema_editor):
    User = apps.get_model("auth", "User")
    PasswordState = apps.get_model("security", "PasswordState")
    now = timezone.now()
    PasswordState.objects.bulk_create(
        [PasswordState(user_id=pk, changed_at=now, must_change=True) for pk in User.objects.values_list("pk", flat=True)],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("security", "0002_passwords"),
        ("auth", "__latest__"),
        ("wagtailadmin", "__latest__"),
        ("wagtailcore", "__latest__"),
        ("axes", "__latest__"),
        ("otp_totp", "__latest__"),
        ("cms", "__latest__"),
        ("bodies", "__latest__"),
        ("delivery_channels", "__latest__"),
        ("partners", "__latest__"),
        ("watcher", "__latest__"),
        ("working_days", "__latest__"),
        ("disclosure_requests", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(make_roles, migrations.RunPython.noop),
        migrations.RunPython(existing_accounts_must_change, migrations.RunPython.noop),
    ]
