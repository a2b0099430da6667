"""Personal data kept only as long as the office's retention setting: then the applicant's identifiers are blanked.

The case itself stays (the annual report counts it, the file shows what was decided); the id number, phone,
e-mail, address and postcode of a case closed more than `retention_years` ago are erased (their ciphertext and
the id number's keyed digest: nothing is left to decrypt or to match).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from security import audit

from .lifecycle import beijing_today
from .models import InformationRequest, RequestOffice
from .models.request import PERSONAL_FIELDS


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def purge_expired_personal_data(on: dt.date | None = None) -> int:
    on = on or beijing_today()
    purged = 0
    for office in RequestOffice.objects.all():
        limit = _years_before(on, office.retention_years)
        expired = InformationRequest.objects.closed().filter(
            disclosing_body_id=office.disclosing_body_id, closed_on__lt=limit, personal_data_purged_on__isnull=True
        )
        with transaction.atomic():
            purged += expired.update(
                personal_data_purged_on=on, id_number_digest="", **dict.fromkeys(PERSONAL_FIELDS, "")
            )
    audit.record("disclosure_request.purge_personal_data", detail={"count": purged})
    return purged
