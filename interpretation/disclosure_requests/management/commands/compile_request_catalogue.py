"""manage.py compile_request_catalogue: compile (again) the 依申请公开目录 edition of a period, for every office or one.

Without --period, each office's last completed period in its own 编制周期 (按月 or 按季度). Compiling a period
that already has an edition replaces it; the public pages are rewritten after each one.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from bodies.models import DisclosingBody
from interpretation.disclosure_requests import catalogue
from interpretation.disclosure_requests.choices import CataloguePeriod
from interpretation.disclosure_requests.lifecycle import Refused, beijing_today
from interpretation.disclosure_requests.models import RequestOffice


class Command(BaseCommand):
    help = "编制依申请公开目录(按月或按季度),已编制的期别重新编制"

    def add_arguments(self, parser):
        parser.add_argument("--body", help="只编制该公开主体(简称代码,如 liyang)")
        parser.add_argument("--period", help="期别:季度写作 2026-Q4,月份写作 2026-11;不填则为上一个已结束的周期")

    def handle(self, *args, body=None, period=None, **options):
        offices = {o.disclosing_body_id: o for o in RequestOffice.objects.all()}
        if body:
            bodies = list(DisclosingBody.objects.filter(slug=body))
            if not bodies:
                raise CommandError(f"没有简称代码为 {body} 的公开主体")
        else:
            bodies = list(DisclosingBody.objects.filter(pk__in=offices).order_by("pk"))
        try:
            chosen = catalogue.Period.parse(period) if period else None
        except Refused as exc:
            raise CommandError(str(exc)) from exc
        today = beijing_today()
        for index, one in enumerate(bodies, 1):
            office = offices.get(one.pk)
            kind = office.catalogue_period if office else CataloguePeriod.QUARTERLY
            target = chosen or catalogue.Period.last_completed(today, kind)
            try:
                edition = catalogue.compile_edition(one, target)
            except Refused as exc:
                raise CommandError(f"{one.name}:{exc}") from exc
            self.stdout.write(
                f"[{index}/{len(bodies)}] {one.name} {edition.label}:"
                f"依申请公开的政府信息 {len(edition.policies)} 条,本期依申请公开的信息 {len(edition.released)} 条"
            )
        self.stdout.write(self.style.SUCCESS(f"已编制 {len(bodies)} 个公开主体的依申请公开目录"))
