"""A release while the message queue is unreachable: the leader's approval commits at once and says that delivery
starts when the queue is back; the sweep then rings for every row, and none was lost."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.test import Client

from channels import bells
from channels.models import Delivery
from cms.middleware import QUEUE_DOWN_NOTICE
from interpretation.models import BundleRelease
from tests.factories.site import office as build_office
from tests.faults.brokers import spare_port, this_process_rings
from tests.interpretation.conftest import office_pages
from tests.interpretation.test_three_sync_admin import draft_material, draft_policy, submit, workflow_action

# Committed for real: the bells ring after commit, as on a running site (a test transaction would never commit).
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def office():
    build_office()
    return office_pages()


@pytest.fixture
def login(office):
    def as_user(username):
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        return client

    return as_user


@pytest.fixture
def no_broker():
    bells._down_until = 0.0
    with this_process_rings(f"redis://127.0.0.1:{spare_port()}/0"):  # nothing listens there
        yield
    bells._down_until = 0.0


def test_approval_with_the_queue_down_releases_at_once_with_a_notice(office, login, no_broker):
    client = login("jjb_editor")
    policy = draft_policy(client, office["sections"]["jingji"])
    draft_material(client, policy)
    submit(client, policy)
    leader = login("jjb_leader")

    started = time.monotonic()
    response = workflow_action(leader, policy, "approve")
    elapsed = time.monotonic() - started

    assert response.status_code == 302
    # kombu's own retries held such a request 6 s per bell; the fault suite holds it to 2 s on a quiet machine,
    # this bound leaves room for a loaded CI.
    assert elapsed < 5, f"the approval waited {elapsed:.1f} s on a dead broker"
    policy.refresh_from_db()
    assert policy.live and BundleRelease.objects.filter(policy=policy).exists()
    notices = [str(message) for message in get_messages(response.wsgi_request)]
    assert str(QUEUE_DOWN_NOTICE) in notices
    rows = Delivery.objects.filter(release__policy=policy)
    assert rows.exists() and not rows.filter(offered_at__isnull=False).exists(), "no bell was rung"
    assert set(bells.overdue_ids(100)) >= set(rows.values_list("pk", flat=True)), "the sweep will ring for each"


def test_an_approval_with_the_queue_up_carries_no_notice(office, login):
    client = login("jjb_editor")
    policy = draft_policy(client, office["sections"]["jingji"])
    draft_material(client, policy)
    submit(client, policy)
    response = workflow_action(login("jjb_leader"), policy, "approve")
    assert str(QUEUE_DOWN_NOTICE) not in [str(message) for message in get_messages(response.wsgi_request)]
    assert Delivery.objects.filter(release__policy=policy, offered_at__isnull=False).exists()
