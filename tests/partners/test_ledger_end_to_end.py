"""Through the delivery ledger: a release becomes one row per partner, and each partner gets exactly one signed
delivery even when its first attempt answered 500 — in this process, and with a real Celery worker."""

import pytest
from django.core import mail
from django.urls import reverse

from channels.models import ChannelTargetState, Delivery
from channels.simulators.partner import PartnerReceiver, generate_secret
from tests.ledger.conftest import run_in_process
from tests.processes import celery_process, wait_until

PARTNER_CHANNELS = ("partner_webhook", "partner_email")


@pytest.fixture
def two_receivers():
    first, second = generate_secret(), generate_secret()
    with PartnerReceiver(first) as a, PartnerReceiver(second) as b:
        yield [(a, first), (b, second)]


@pytest.fixture
def partners(make_partner, two_receivers):
    pushers = [
        make_partner(name, webhook_enabled=True, webhook_url=receiver.url, webhook_secret=secret)
        for name, (receiver, secret) in zip(("县融媒体中心", "省电视台"), two_receivers, strict=True)
    ]
    mailer = make_partner("市日报社", email_enabled=True, email="zhengwu@ribao.example.cn")
    make_partner("只收规章", webhook_enabled=True, webhook_url=two_receivers[0][0].url, document_types=["regulation"])
    return pushers, mailer


@pytest.fixture
def initial_site(transactional_db):
    """Depending on which transactional tests ran before (browser tests rebuild the site themselves), the
    migrations' site, root page and collection may be gone: put them back as the migrations would."""
    from wagtail.models import Collection, Locale, Page, Site

    from cms.models import HomePage

    if Site.objects.filter(is_default_site=True).exists():
        return
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")
    locale, _ = Locale.objects.get_or_create(language_code="zh-hans")
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    home = root.add_child(instance=HomePage(title="历阳镇人民政府", slug="home", locale=locale))
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="历阳镇人民政府")
    Site.clear_site_root_paths_cache()


@pytest.fixture
def bells(monkeypatch):
    """No worker listens in the in-process test: bells are only recorded."""
    rung = []
    monkeypatch.setattr("channels.bells._send", lambda delivery_id, countdown: rung.append(delivery_id) or True)
    return rung


@pytest.mark.django_db
def test_release_reaches_each_partner_once_through_the_ledger(release_policy, partners, two_receivers, bells):
    (first, _), (second, _) = two_receivers
    first.fail_next("500")
    release = release_policy()
    rows = Delivery.objects.filter(release=release, channel__in=PARTNER_CHANNELS).order_by("channel", "target")
    pushers, mailer = partners
    assert {(r.channel, r.target) for r in rows} == {
        *(("partner_webhook", p.target) for p in pushers),
        ("partner_email", mailer.target),
    }, "one row per partner whose filters match; the regulations-only partner gets none"

    settled = [run_in_process(row) for row in rows]
    assert all(row.state == Delivery.State.DELIVERED for row in settled), [r.last_error_zh for r in settled]
    for receiver, pusher in ((first, pushers[0]), (second, pushers[1])):
        row = next(r for r in settled if r.target == pusher.target and r.channel == "partner_webhook")
        assert list(receiver.deliveries) == [row.key], "the webhook-id is the ledger's idempotency key"
        assert receiver.unique_count == 1 and receiver.duplicate_count == 0 and not receiver.rejected
        assert row.checkpoints["outcome_detail"]["acknowledgement"].startswith(pusher.name)
    assert [entry["status"] for entry in first.log] == [500, 200]
    first_row = next(r for r in settled if r.target == pushers[0].target)
    assert list(first_row.attempt_log.order_by("started_at").values_list("outcome", "error_class")) == [
        ("error", "transient"),
        ("delivered", ""),
    ]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["zhengwu@ribao.example.cn"]


@pytest.mark.django_db
def test_the_delivery_status_names_each_partner_and_shows_its_receipt(release_policy, partners, bells, login):
    release = release_policy()
    for row in Delivery.objects.filter(release=release, channel="partner_webhook"):
        run_in_process(row)
    page = login("releaser").get(reverse("channels_policy_deliveries", args=(release.policy_id,)))
    html = page.content.decode()
    pushers, _mailer = partners
    for pusher in pushers:
        assert pusher.name in html and f"{pusher.name}已确认接收" in html
    assert f"partner:{pushers[0].pk}<" not in html, "people see the partner's name, not the target key"
    listing = login("releaser").get(reverse("delivery_channels_delivery:index"), {"channel": "partner_webhook"})
    assert "省电视台" in listing.content.decode()


def queries_for(client, url, params=None) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # The first visit stamps the session's last activity (written at most every 30 s, security.sessions): however
    # long the releases before took, the measured visit then writes nothing.
    assert client.get(url, params or {}).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.django_db
def test_the_status_page_and_the_listing_do_not_query_once_per_partner(release_policy, make_partner, bells, login):
    """A county office has dozens of partners: the pages cost the same with 2 partners as with 14."""
    client = login("releaser")

    def release_to(partner_count, title):
        for number in range(partner_count):
            make_partner(f"{title}媒体{number}", webhook_enabled=True, webhook_url="https://media.example.cn/hook")
        release = release_policy(title)
        run_in_process(Delivery.objects.get(release=release, channel="website"))  # one row with an attempt
        return release

    few = release_to(2, "两家")
    status_few = queries_for(client, reverse("channels_policy_deliveries", args=(few.policy_id,)))
    listing_few = queries_for(client, reverse("delivery_channels_delivery:index"), {"channel": "partner_webhook"})
    ChannelTargetState.objects.create(channel="partner_webhook", target="partner:99999", enabled=False)
    many = release_to(12, "十四家")
    assert Delivery.objects.filter(release=many, channel="partner_webhook").count() == 14
    status_many = queries_for(client, reverse("channels_policy_deliveries", args=(many.policy_id,)))
    listing_many = queries_for(client, reverse("delivery_channels_delivery:index"), {"channel": "partner_webhook"})
    assert (status_many, listing_many) == (status_few, listing_few)
    page = client.get(reverse("delivery_channels_delivery:index"), {"channel": "partner_webhook"}).content.decode()
    assert "十四家媒体11" in page and "两家媒体0" in page, "partner names, fetched with the rows"


@pytest.mark.django_db
def test_a_410_pauses_the_partner_in_the_ledger_and_loses_nothing(release_policy, partners, two_receivers, bells):
    (first, _), _ = two_receivers
    first.behave("410")
    release = release_policy()
    pusher = partners[0][0]
    row = run_in_process(Delivery.objects.get(release=release, channel="partner_webhook", target=pusher.target))
    assert row.state == Delivery.State.RETRYING and row.last_error_class == "config", "it waits with the partner"
    assert row.last_error_zh == "对方接口已注销(410),已停止推送"
    pusher.refresh_from_db()
    assert not pusher.active
    assert not Delivery.objects.filter(channel="partner_webhook", target=pusher.target).exclude(pk=row.pk).exists()
    later = release_policy("下一份政策")  # a stopped partner gets no new rows
    assert not Delivery.objects.filter(release=later, target=pusher.target).exists()


@pytest.mark.django_db
def test_re_enabling_the_partner_resumes_its_paused_rows(release_policy, partners, two_receivers, bells, login):
    (first, _), _ = two_receivers
    first.fail_next("410")  # the partner moved its endpoint, then tells us it is back
    release = release_policy()
    pusher = partners[0][0]
    row = run_in_process(Delivery.objects.get(release=release, channel="partner_webhook", target=pusher.target))
    assert row.state == Delivery.State.RETRYING and ChannelTargetState.is_disabled("partner_webhook", pusher.target)

    admin = login("admin")
    edit = admin.get(reverse("wagtailsnippets_partners_presspartner:edit", args=(pusher.pk,))).content.decode()
    assert "重新启用" in edit and "对方接口已注销(410)" in edit
    admin.post(reverse("wagtailsnippets_partners_presspartner:enable", args=(pusher.pk,)))
    assert not ChannelTargetState.is_disabled("partner_webhook", pusher.target)
    row = run_in_process(row)
    assert row.state == Delivery.State.DELIVERED
    assert list(first.deliveries) == [row.key] and first.duplicate_count == 0


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_delivers_once_per_partner_after_a_500(
    initial_site, release_committed_policy, partners, two_receivers
):
    (first, _), (second, _) = two_receivers
    first.fail_next("500")
    release = release_committed_policy()  # committed before any worker runs: its bells may be lost, the sweep is not
    env = {
        "PARTNER_WEBHOOK_PRIVATE_HOSTS": "127.0.0.1",
        "PARTNER_WEBHOOK_TIMEOUT": "2",
        "DELIVERY_BACKOFF_SECONDS": "0.5",
        "DELIVERY_REOFFER_SECONDS": "0",  # the worker's start-up sweep offers every pending row at once
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    webhook_rows = Delivery.objects.filter(release=release, channel="partner_webhook")
    assert webhook_rows.count() == 2
    with celery_process("worker", "--concurrency=2", "--pool=threads", **env):
        wait_until(
            lambda: not webhook_rows.exclude(state=Delivery.State.DELIVERED).exists(),
            timeout=60,
            message="both partner pushes delivered",
        )
    for receiver, pusher in zip((first, second), partners[0], strict=True):
        assert list(receiver.deliveries) == [webhook_rows.get(target=pusher.target).key]
        assert receiver.unique_count == 1 and receiver.duplicate_count == 0 and not receiver.rejected
    assert [entry["status"] for entry in first.log] == [500, 200]
