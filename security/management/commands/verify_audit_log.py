"""manage.py verify_audit_log: walk the audit chain and recompute every hash; exit 1 at the first broken link."""

from django.core.management.base import BaseCommand, CommandError

from security.audit import verify


class Command(BaseCommand):
    help = "校验审计日志的哈希链：逐条重算哈希，报告第一处断裂（被修改、删除或插入的记录）。"

    def handle(self, *args, **options):
        result = verify()
        if not result.ok:
            raise CommandError(result.describe(), returncode=1)
        self.stdout.write(self.style.SUCCESS(result.describe()))
