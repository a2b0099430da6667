"""Personal data erased after retention; information disclosed to two applicants offered for 主动公开."""

import datetime as dt

import pytest

from interpretation.disclosure_requests import queries, retention
from interpretation.disclosure_requests.choices import Status
from interpretation.disclosure_requests.models import InformationRequest
from tests.disclosure_requests.conftest import make_request

pytestmark = pytest.mark.django_db


def snapshot():
    return list(InformationRequest.objects.order_by("pk").values_list("pk", "number", "status", "received_on"))


def test_personal_data_is_erased_once_the_retention_period_has_passed(request_office):
    old = make_request(dt.date(2020, 3, 2))
    InformationRequest.objects.filter(pk=old.pk).update(status=Status.REPLIED, closed_on=dt.date(2020, 3, 20))
    recent = make_request(dt.date(2026, 3, 2))
    InformationRequest.objects.filter(pk=recent.pk).update(status=Status.REPLIED, closed_on=dt.date(2026, 3, 20))
    assert retention.purge_expired_personal_data(on=dt.date(2026, 12, 1)) == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.id_number, old.phone, old.email, old.address) == ("", "", "", "")
    assert old.applicant_name == "刘洋" and old.personal_data_purged_on == dt.date(2026, 12, 1)
    assert recent.id_number == "341523199001011234"


def test_information_disclosed_to_two_applicants_is_offered_for_proactive_disclosure(request_office):
    import datetime as dt

    from interpretation.disclosure_requests import lifecycle

    first = make_request(dt.date(2026, 9, 21), document_number="历政〔2025〕18号")
    second = make_request(dt.date(2026, 9, 22), document_number="历政〔2025〕18号", applicant_name="王秀兰")
    data = {"reply_type": "disclosed", "replied_on": dt.date(2026, 10, 9), "content": "提供全文", "fee": 0}
    lifecycle.reply(first, data=data)
    first = InformationRequest.objects.get(pk=first.pk)
    assert not lifecycle.may_offer_for_proactive(first)
    lifecycle.reply(second, data=data)
    assert queries.proactive_candidates(InformationRequest.objects.all()) == [("历政〔2025〕18号", 2)]
    assert lifecycle.offer_for_proactive(InformationRequest.objects.get(pk=second.pk)) == 2
    assert queries.proactive_candidates(InformationRequest.objects.all()) == []
