"""The reply clock on the working-day calendar: 20 working days (§33), 补正 (§30), extension, third parties (§32)."""

import datetime as dt

import pytest

from interpretation.disclosure_requests import clock, lifecycle
from interpretation.disclosure_requests.choices import Status
from interpretation.working_days.models import CoveredYear, WorkingDayOverride
from tests.disclosure_requests.conftest import make_request
from tests.factories import site

pytestmark = pytest.mark.django_db

D = dt.date


def fresh(request):
    return type(request).objects.get(pk=request.pk)


def test_reply_is_due_twenty_working_days_after_receipt_skipping_mid_autumn_and_national_day():
    # Received Monday 21 September 2026: 25 Sep (中秋) and 1-7 Oct are holidays, Saturday 10 Oct is a 调休 working day.
    request = make_request(D(2026, 9, 21))
    state = clock.compute(request, on=D(2026, 9, 21))
    assert state.state == clock.ClockState.RUNNING
    assert state.due_day == D(2026, 10, 26)
    assert state.remaining == 20
    assert not state.due.provisional


def test_remaining_days_count_working_days_and_go_negative_when_overdue():
    request = make_request(D(2026, 9, 21))
    assert clock.compute(request, on=D(2026, 10, 9)).remaining == 12  # 10 Oct (调休) counts, 11 Oct does not
    assert clock.compute(request, on=D(2026, 10, 26)).remaining == 0
    late = clock.compute(request, on=D(2026, 10, 28))
    assert late.remaining == -2 and late.overdue


def test_receipt_on_a_holiday_counts_from_the_next_working_day():
    # Handed in on 1 October (National Day): the first working day counted is 8 October.
    request = make_request(D(2026, 10, 1))
    assert clock.compute(request, on=D(2026, 10, 1)).due_day == D(2026, 11, 3)


def test_amendment_stops_the_clock_and_it_restarts_from_the_completed_application():
    request = make_request(D(2026, 9, 21))
    lifecycle.request_amendment(
        request, issued_on=D(2026, 9, 24), items="请写明所需信息的年份和项目名称。", period_days=10
    )
    request = fresh(request)
    paused = clock.compute(request, on=D(2026, 9, 30))
    assert request.status == Status.AMENDMENT
    assert paused.state == clock.ClockState.PAUSED_AMENDMENT and paused.due is None
    assert paused.amendment_due == D(2026, 10, 15)  # 10 working days after 24 Sep, across the holidays
    lifecycle.complete_amendment(request, completed_on=D(2026, 10, 12))
    restarted = clock.compute(fresh(request), on=D(2026, 10, 12))
    assert restarted.start == D(2026, 10, 12)
    assert restarted.due_day == D(2026, 11, 9)
    assert restarted.remaining == 20


def test_amendment_notice_later_than_seven_working_days_is_refused():
    request = make_request(D(2026, 9, 21))
    # 7 working days after 21 Sep: 22, 23, 24, 28, 29, 30 Sep and 8 Oct.
    assert clock.amendment_notice_deadline(request).day == D(2026, 10, 8)
    with pytest.raises(lifecycle.Refused, match="7个工作日内"):
        lifecycle.request_amendment(request, issued_on=D(2026, 10, 9), items="请补充说明。")


def test_no_amendment_within_its_period_closes_the_case_as_abandoned():
    request = make_request(D(2026, 9, 21))
    lifecycle.request_amendment(request, issued_on=D(2026, 9, 22), items="请补充说明。", period_days=5)
    # 5 working days after 22 Sep: 23, 24, 28, 29, 30 Sep.
    assert lifecycle.close_lapsed_amendments(on=D(2026, 9, 30)) == 0
    with pytest.raises(lifecycle.Refused, match="视为放弃申请"):
        lifecycle.complete_amendment(fresh(request), completed_on=D(2026, 10, 8))
    assert lifecycle.close_lapsed_amendments(on=D(2026, 10, 8)) == 1
    request = fresh(request)
    assert request.status == Status.ABANDONED and request.closed_on == D(2026, 10, 1)
    assert clock.compute(request, on=D(2026, 10, 8)).state == clock.ClockState.STOPPED


def test_one_extension_of_at_most_twenty_days_with_the_heads_approval_moves_the_due_date():
    request = make_request(D(2026, 9, 21))
    details = {
        "reason": "需调取档案。",
        "approved_by": "张明",
        "approved_on": D(2026, 10, 20),
        "notified_on": D(2026, 10, 20),
        "notice_method": "mail",
    }
    with pytest.raises(lifecycle.Refused, match="1至20个工作日"):
        lifecycle.extend(request, days=21, **details)
    with pytest.raises(lifecycle.Refused, match="负责人"):
        lifecycle.extend(request, days=10, **{**details, "approved_by": " "})
    lifecycle.extend(request, days=20, **details)
    extended = clock.compute(fresh(request), on=D(2026, 10, 20))
    assert extended.extension_days == 20 and extended.due_day == D(2026, 11, 23)
    with pytest.raises(lifecycle.Refused, match="只能延长一次"):
        lifecycle.extend(fresh(request), days=5, **details)


def test_extension_decided_after_the_deadline_is_refused():
    request = make_request(D(2026, 9, 21))
    with pytest.raises(lifecycle.Refused, match="届满"):
        lifecycle.extend(
            request,
            days=10,
            reason="需调取档案。",
            approved_by="张明",
            approved_on=D(2026, 10, 27),
            notified_on=D(2026, 10, 27),
            notice_method="mail",
        )


def test_time_waiting_for_a_third_party_does_not_count():
    request = make_request(D(2026, 9, 21))
    consultation = lifecycle.start_consultation(
        request, kind="third_party", party="和县某建筑公司", served_on=D(2026, 10, 12)
    )
    waiting = clock.compute(fresh(request), on=D(2026, 10, 15))
    assert waiting.state == clock.ClockState.PAUSED_CONSULTATION
    assert waiting.paused_days == 3  # 13, 14, 15 October so far
    lifecycle.record_opinion(consultation, answered_on=D(2026, 10, 16), opinion="不同意公开。")
    after = clock.compute(fresh(request), on=D(2026, 10, 19))
    assert after.state == clock.ClockState.RUNNING
    assert after.paused_days == 4 and after.due_day == D(2026, 10, 30)


def test_a_silent_third_party_stops_the_pause_after_fifteen_working_days():
    request = make_request(D(2026, 9, 21))
    lifecycle.start_consultation(request, kind="third_party", party="和县某建筑公司", served_on=D(2026, 10, 12))
    # 15 working days after 12 Oct end on 2 Nov; the clock runs again from 3 Nov.
    state = clock.compute(fresh(request), on=D(2026, 11, 10))
    assert state.state == clock.ClockState.RUNNING
    assert state.paused_days == 15 and state.due_day == D(2026, 11, 16)


def test_year_end_runs_into_a_year_the_library_does_not_know_and_is_provisional_until_entered():
    town = site.body("liyang")
    request = make_request(D(2026, 12, 4), body=town)
    guessed = clock.compute(request, on=D(2026, 12, 4))
    # 7 Dec .. 31 Dec 2026 gives 19 working days; the 20th is 1 January 2027 on the Monday-Friday guess.
    assert guessed.due.provisional and guessed.due_day == D(2027, 1, 1)
    WorkingDayOverride.objects.create(disclosing_body=site.body("hexian"), date=D(2027, 1, 1), kind="holiday")
    CoveredYear.objects.create(year=2027)
    entered = clock.compute(request, on=D(2026, 12, 4))
    assert not entered.due.provisional and entered.due_day == D(2027, 1, 4)


def test_a_towns_own_adjusted_working_day_counts_for_its_cases_only():
    town = site.body("liyang")
    other = site.body("wujiang")
    WorkingDayOverride.objects.create(disclosing_body=town, date=D(2026, 10, 11), kind="working_day")
    ours = clock.compute(make_request(D(2026, 9, 21), body=town), on=D(2026, 9, 21))
    theirs = clock.compute(make_request(D(2026, 9, 21), body=other), on=D(2026, 9, 21))
    assert ours.due_day == D(2026, 10, 23) and theirs.due_day == D(2026, 10, 26)


def test_working_days_between_is_the_inverse_of_adding_them():
    from interpretation.working_days.calendar import working_days_between

    town = site.body("liyang")
    assert working_days_between(D(2026, 9, 21), D(2026, 10, 26), town) == 20
    assert working_days_between(D(2026, 9, 30), D(2026, 10, 8), town) == 1  # the whole National Day week off
    assert working_days_between(D(2026, 10, 9), D(2026, 10, 12), town) == 2  # Saturday 10 October is worked
    assert working_days_between(D(2026, 10, 12), D(2026, 10, 9), town) == 0


def test_an_email_application_waits_for_confirmation_before_the_clock_starts():
    request = make_request(None, channel="email")
    assert request.status == Status.SUBMITTED
    assert clock.compute(request).state == clock.ClockState.NOT_STARTED
    with pytest.raises(lifecycle.Refused, match="请填写收到申请之日"):
        lifecycle.create(site.body("liyang"), fields={}, channel="in_person", received_on=None)
