"""The demo's releases reach the demo partners, once, however often the demo is loaded.

The first load is the module's (built once; each test runs in a savepoint on top of it): loading takes seconds."""

import pytest
from django.core.management import call_command

from channels.models import Delivery
from channels.partners.models import PressPartner
from interpretation.events.models import EventRelease
from tests.module_db import built_once_per_module

pytestmark = pytest.mark.django_db

demo = built_once_per_module(lambda: call_command("load_demo", verbosity=0))


def test_the_demo_load_gives_the_seed_release_its_partner_rows(demo):
    pusher = PressPartner.objects.get(name="县融媒体中心")
    rows = Delivery.objects.filter(channel="partner_webhook", target=pusher.target)
    policy_rows = rows.filter(release__isnull=False)
    assert policy_rows.count() == 1 and policy_rows.get().release.policy.slug == "2018-liyang-openness-work-plan"
    assert not Delivery.objects.filter(target=PressPartner.objects.get(name="市日报社").target).exists()
    call_command("load_demo", verbosity=0)
    assert policy_rows.count() == 1


def test_the_demo_events_released_before_the_partners_existed_reach_them_too(demo):
    pusher = PressPartner.objects.get(name="县融媒体中心")
    released = set(EventRelease.objects.values_list("pk", flat=True))
    rows = Delivery.objects.filter(channel="partner_webhook", target=pusher.target, event_release__isnull=False)
    assert released and set(rows.values_list("event_release_id", flat=True)) == released
    count = rows.count()
    call_command("load_demo", verbosity=0)
    assert rows.count() == count
