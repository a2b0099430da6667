"""manage.py build_static_site: write every site's whole static tree (静态化), or check it (--check).

Idempotent: a file whose bytes are already right is not touched, so a second run writes nothing. Files nothing
renders any more are removed. --check writes nothing and lists every path whose file differs from what the
application renders now (missing, different, unexpected); it exits 1 when there is any.
"""

from __future__ import annotations

import resource
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm
from wagtail.models import Site

from interpretation.public.static_site import nginx, publish, tree


class Command(BaseCommand):
    help = "生成(或检查)网站静态页面目录 STATIC_SITE_ROOT"

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="只比较,不写入;有差异时退出码为 1")
        parser.add_argument("--site", action="append", default=[], help="只处理这个主机名的站点(可重复)")
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")
        parser.add_argument("--measure", action="store_true", help="报告用时和进程内存峰值")

    def handle(self, *args, check=False, site=(), no_progress=False, measure=False, **options):
        sites = list(Site.objects.order_by("-is_default_site", "pk"))
        if site:
            sites = [s for s in sites if s.hostname in site]
            if not sites:
                raise CommandError(f"没有主机名为 {', '.join(site)} 的站点")
        if settings.DEBUG:  # manage.py run by hand on the embedded default: DEBUG is on unless DEBUG=false
            self.stderr.write(
                "注意:DEBUG 已开启,页面将引用未加内容哈希的静态文件名,与 make run 和生产环境生成的不同;"
                "请以 DEBUG=false(及与网站相同的 SITE_URL)运行 / DEBUG is on: asset names are not hashed"
            )
        started = time.monotonic()
        drifts: list[publish.Drift] = []
        for one in sites:
            folder = tree.site_root(one)
            with tqdm(desc=folder.name, unit="页", disable=no_progress, file=sys.stderr) as bar:
                if check:
                    bar.total = None
                    drifts += publish.check(one, tick=lambda: bar.update())
                    continue
                report = publish.build(one, tick=lambda: bar.update(), total=lambda n: setattr(bar, "total", n))
            self.stdout.write(
                f"{folder}: 写入 {len(report.written)},未变 {report.unchanged},删除 {len(report.removed)},"
                f"动态(不写) {len(report.dynamic)}"
            )
            for path, reason in sorted(report.dynamic.items()):
                self.stdout.write(f"  动态页面 {path}: {reason}")
        if not check:
            for written in nginx.write():
                self.stdout.write(f"nginx 配置片段: {written}")
        if measure:
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
            self.stdout.write(f"用时 {time.monotonic() - started:.1f} 秒,内存峰值 {peak:.0f} MB")
        if check:
            for drift in drifts:
                self.stdout.write(f"{drift.problem}: {drift.site}{drift.path}")
            if drifts:
                raise CommandError(f"静态目录与网站不一致:{len(drifts)} 处")
            self.stdout.write("静态目录与网站一致")
