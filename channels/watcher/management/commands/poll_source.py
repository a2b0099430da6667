"""``manage.py poll_source <id or name> [--dry-run] [--force]``: poll one source now and print
what it found, for an operator setting up or checking a source."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from channels.watcher.models import Source
from channels.watcher.polling import poll_source

STATUS = {
    "changed": "列表有更新",
    "not_modified": "未变化(HTTP 304)",
    "unchanged": "未变化(内容与上次相同)",
    "failed": "失败",
}


class Command(BaseCommand):
    help = "Poll one upstream source now and print the items, 文号, dates, duplicates and errors."

    def add_arguments(self, parser):
        parser.add_argument("source", help="信息源 ID 或名称")
        parser.add_argument("--dry-run", action="store_true", help="只抓取和解析,不写入数据库、不生成草稿")
        parser.add_argument("--force", action="store_true", help="忽略 ETag 和内容指纹,重新读取整个列表")

    def handle(self, *args, source, dry_run, force, **options):
        found = Source.objects.filter(pk=int(source)) if source.isdigit() else Source.objects.filter(name=source)
        target = found.first()
        if target is None:
            raise CommandError(f"没有找到信息源:{source}")
        report = poll_source(target, dry_run=dry_run, force=force)
        write = self.stdout.write
        write(f"信息源:{target.name}(ID {target.pk}){'  [试运行,未写入]' if dry_run else ''}")
        write(f"地址:{target.url}")
        if report.final_url and report.final_url != target.url:
            write(f"跳转后:{report.final_url}")
        status = STATUS.get(report.status, report.status)
        shown_code = report.http_status and report.status != "not_modified"
        write(f"结果:{status}" + (f",HTTP {report.http_status}" if shown_code else ""))
        if report.error:
            write(self.style.ERROR(f"错误:{report.error}"))
            write(f"  详情:{report.error_detail}")
        if report.status == "changed":
            write(f"条目:{len(report.outcomes)} 条")
        for index, outcome in enumerate(report.outcomes, 1):
            item = outcome.item
            date = f"{timezone.localtime(item.published):%Y-%m-%d %H:%M}" if item.published else "无日期"
            write(f"{index:>3}. {item.title}")
            write(f"     文号:{item.document_number or '无'}  日期:{date}  附件:{len(item.attachments)} 个")
            write(f"     链接:{item.url}")
            write(f"     处理:{outcome.label}{(' —— ' + outcome.message) if outcome.message else ''}")
        for warning in report.warnings:
            write(self.style.WARNING(f"提示:{warning}"))
        if report.next_poll_at:
            write(f"下次抓取:{timezone.localtime(report.next_poll_at):%Y-%m-%d %H:%M}")
        if not report.ok:
            raise CommandError(report.error or "抓取失败")
