"""Lists the dashboard and the listing need: the cases due within 5 working days and the overdue ones."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import clock
from .models import InformationRequest

#: A case is "due soon" when this many working days or fewer are left (the issue's dashboard rule).
DUE_SOON_DAYS = 5


@dataclass
class CaseRow:
    application: InformationRequest
    clock: clock.Clock

    @property
    def attention(self) -> str:
        if self.clock.overdue:
            return "overdue"
        if self.clock.remaining is not None and self.clock.remaining <= DUE_SOON_DAYS:
            return "due_soon"
        return ""


def rows(queryset, on: dt.date | None = None) -> list[CaseRow]:
    on = on or clock.today()
    prepared = queryset.select_related("disclosing_body", "department", "handler", "reply").prefetch_related(
        "amendments", "consultations"
    )
    return [CaseRow(application, clock.compute(application, on=on)) for application in prepared]


def needing_attention(queryset, on: dt.date | None = None) -> tuple[list[CaseRow], list[CaseRow]]:
    """(overdue, due within 5 working days) among the running cases of `queryset`, most urgent first."""
    running = rows(queryset.running(), on)
    overdue = sorted((r for r in running if r.attention == "overdue"), key=lambda r: r.clock.remaining or 0)
    soon = sorted((r for r in running if r.attention == "due_soon"), key=lambda r: r.clock.remaining or 0)
    return overdue, soon


def grouped(case_rows: list[CaseRow], key: str) -> list[tuple[str, list[CaseRow]]]:
    """Rows grouped per handler ("handler") or per body ("body"), in first-seen order."""
    groups: dict[str, list[CaseRow]] = {}
    for row in case_rows:
        if key == "handler":
            person = row.application.handler
            label = (person.get_full_name() or person.get_username()) if person else "未指定承办人"
        else:
            label = row.application.disclosing_body.short_name
        groups.setdefault(label, []).append(row)
    return list(groups.items())


def proactive_candidates(queryset) -> list[tuple[str, int]]:
    """§44: information disclosed to several applicants, by title or 文号, not yet offered for 主动公开."""
    counts: dict[str, int] = {}
    disclosed = queryset.filter(reply__reply_type__in=("disclosed", "partly"), offered_for_proactive=False)
    for title, number in disclosed.values_list("title", "document_number"):
        key = number.strip() or "".join(title.split())
        counts[key] = counts.get(key, 0) + 1
    return sorted(((key, n) for key, n in counts.items() if n >= 2), key=lambda item: -item[1])
