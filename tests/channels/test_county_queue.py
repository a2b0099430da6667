"""下级主体待推送: a town's release is offered to the county's account; the county's people take it (one row for the
county's account, published through it) or decline it; the town's people cannot decide for the county."""

from __future__ import annotations

import pytest
from django.urls import reverse

from channels import county_queue
from channels.models import ChannelOffer, Delivery
from tests.factories import site
from tests.factories.library import work_plan

from . import accounts_setup
from .accounts_setup import (
    COUNTY_APP,
    county_account,
    published_titles,
    run,
)

pytestmark = pytest.mark.django_db
two_accounts, rings = accounts_setup.two_accounts, accounts_setup.rings  # fixtures
WORK_PLAN_TITLE = "2018年历阳镇政务公开工作方案"


@pytest.fixture
def offer(db, two_accounts, rings) -> ChannelOffer:
    site.office()
    county_account()
    plan = work_plan()
    return ChannelOffer.objects.get(release__policy=plan)


def county_editor():
    """郑丽 of 和县's 县政府办公室: an editor with access to the admin, no channel permission."""
    editors = site.GroupFactory(name="和县县政府办公室-起草人")
    return site.UserFactory(username="hx_editor", first_name="郑丽", groups=[editors], body=site.body("hexian"))


def test_the_county_editor_takes_a_town_release_onto_the_county_account(offer, two_accounts, client):
    client.force_login(county_editor())
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "下级主体待推送" in home and WORK_PLAN_TITLE in home and "推送到本级公众号" in home
    response = client.post(reverse("channels_offer_accept", args=(offer.pk,)))
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.state == "accepted" and offer.decided_by.username == "hx_editor" and offer.decided_at
    row = Delivery.objects.get(channel="wechat", release=offer.release)
    assert offer.delivery_id == row.pk and row.target == f"account:{offer.receiving_body.wechat_account.pk}"
    assert "郑丽" in row.attempt_log.get().message_zh
    assert run(row).state == Delivery.State.DELIVERED, row.last_error_zh
    assert published_titles(two_accounts, COUNTY_APP) == [WORK_PLAN_TITLE]
    assert "下级主体待推送" not in client.get(reverse("wagtailadmin_home")).content.decode(), "nothing left to decide"


def test_accepting_twice_makes_one_row(offer, rings, django_capture_on_commit_callbacks):
    editor = county_editor()
    with django_capture_on_commit_callbacks(execute=True):
        first = county_queue.accept(offer.pk, editor)
        second = county_queue.accept(offer.pk, editor)
    assert first.pk == second.pk
    assert Delivery.objects.filter(channel="wechat", release=offer.release).count() == 1
    assert rings == [first.pk], "the bell rang once, for the one row"


def test_the_dashboard_buttons_work_in_a_browser_that_sends_the_csrf_token(offer):
    """The panel's forms carry the CSRF token, so the real admin (which checks it) accepts the click."""
    import re

    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(county_editor())
    home = browser.get(reverse("wagtailadmin_home")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', home[home.index("下级主体待推送") :])
    assert token, "the panel's form has no CSRF token"
    response = browser.post(reverse("channels_offer_decline", args=(offer.pk,)), {"csrfmiddlewaretoken": token[1]})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.state == "declined"


def test_a_town_editor_can_neither_see_nor_decide_the_countys_offers(offer, client):
    town_editor = site.user("dzb_editor")
    assert not county_queue.pending_for(town_editor).exists()
    with pytest.raises(county_queue.OfferRefused, match="不属于该推送的接收主体"):
        county_queue.accept(offer.pk, town_editor)
    client.force_login(town_editor)
    assert "下级主体待推送" not in client.get(reverse("wagtailadmin_home")).content.decode()
    client.post(reverse("channels_offer_accept", args=(offer.pk,)))
    offer.refresh_from_db()
    assert offer.state == "pending" and not Delivery.objects.filter(channel="wechat").exists()


def test_declining_records_who_and_when_and_the_offer_stays(offer, client):
    client.force_login(county_editor())
    client.post(reverse("channels_offer_decline", args=(offer.pk,)))
    offer.refresh_from_db()
    assert (offer.state, offer.decided_by.username) == ("declined", "hx_editor") and offer.decided_at
    assert not Delivery.objects.filter(channel="wechat").exists()
    with pytest.raises(county_queue.OfferRefused, match="郑丽"):
        county_queue.accept(offer.pk, offer.decided_by)


def test_the_offer_can_only_be_decided_by_post(offer, client):
    client.force_login(county_editor())
    assert client.get(reverse("channels_offer_accept", args=(offer.pk,))).status_code == 405


def test_a_release_repeated_offers_once(offer):
    from channels.ledger.rows import create_deliveries

    create_deliveries(offer.release)
    assert ChannelOffer.objects.filter(release=offer.release).count() == 1
