"""Press partners and delivery records belong to a 公开主体: 历阳镇's people see, count and act on 历阳镇's only;
another body's partner or delivery answers 404; the county's administrator works for its towns too."""

import pytest
from django.urls import reverse

from channels.models import Delivery
from channels.partners.models import PressPartner
from tests.bodies import county as _county
from tests.factories import site
from tests.factories.partners import make_partner
from tests.factories.watcher import RepublicationFactory

pytestmark = pytest.mark.django_db
county, login, _county_for_module = _county.county, _county.login, _county._county_for_module


def partner_url(name, *args):
    return reverse(f"wagtailsnippets_partners_presspartner:{name}", args=args)


@pytest.fixture
def partners(county):
    return {
        "liyang": make_partner("历阳镇融媒体中心", disclosing_body=county["liyang"], pull_enabled=True),
        "wujiang": make_partner("乌江镇广播站", disclosing_body=county["wujiang"], pull_enabled=True),
    }


def test_a_town_administrator_lists_and_opens_only_the_town_s_partners(login, partners):
    admin = login("ly_admin")
    listing = admin.get(partner_url("list")).content.decode()
    assert "历阳镇融媒体中心" in listing and "乌江镇广播站" not in listing
    foreign = partners["wujiang"]
    for name in ("edit", "history", "usage", "rotate_token"):
        assert admin.get(partner_url(name, foreign.pk)).status_code == 404, name
    token_hash = foreign.pull_token_hash
    assert admin.post(partner_url("rotate_token", foreign.pk)).status_code == 404
    foreign.refresh_from_db()
    assert foreign.pull_token_hash == token_hash
    assert admin.get(partner_url("edit", partners["liyang"].pk)).status_code == 200


def test_the_county_administrator_sees_the_towns_partners(login, partners):
    listing = login("hx_admin").get(partner_url("list")).content.decode()
    assert "历阳镇融媒体中心" in listing and "乌江镇广播站" in listing


def test_a_new_partner_serves_a_body_in_scope_the_administrator_s_own_by_default(login, county):
    form = login("hx_admin").get(partner_url("add")).content.decode()
    own = f'<option value="{county["hexian"].pk}" selected>'
    assert own in form and "乌江镇人民政府" in form

    admin = login("ly_admin")
    form = admin.get(partner_url("add")).content.decode()
    assert f'<option value="{county["liyang"].pk}" selected>' in form and "乌江镇人民政府" not in form
    data = {"name": "县广播电视台", "active": "on", "pull_enabled": "on", "disclosing_body": county["wujiang"].pk}
    response = admin.post(partner_url("add"), data)
    assert response.status_code == 200 and not PressPartner.objects.filter(name="县广播电视台").exists()
    response = admin.post(partner_url("add"), {**data, "disclosing_body": county["liyang"].pk})
    assert response.status_code == 200 and "只显示这一次" in response.content.decode()  # the new token, once
    assert PressPartner.objects.get(name="县广播电视台").disclosing_body == county["liyang"]


# -- deliveries ------------------------------------------------------------------------------------------------


@pytest.fixture
def releaser(login, county):
    """历阳镇's leader who releases to channels (渠道发布): reads the ledger."""
    group = site.GroupFactory(name="渠道发布", permissions=["interpretation.release_to_channels"])
    site.UserFactory(username="releaser", body=county["liyang"], groups=[group])
    return login("releaser")


@pytest.fixture
def deliveries(county):
    """A republication released by each town, its delivery rows failed and waiting for a person."""
    found = {}
    for slug, title in (("liyang", "历阳镇转载的国务院意见"), ("wujiang", "乌江镇转载的国务院意见")):
        page = RepublicationFactory(title=title, disclosing_body=county[slug])
        rows = Delivery.objects.filter(page=page)
        assert rows.exists()
        rows.update(state=Delivery.State.FAILED, last_error_zh="对方接口返回错误")
        found[slug] = rows.first()
    return found


def listed_titles(client) -> set[str]:
    response = client.get(reverse("delivery_channels_delivery:index"))
    assert response.status_code == 200
    return {row.page.title for row in response.context["object_list"]}


def test_the_delivery_records_and_their_count_show_only_the_town_s_rows(releaser, deliveries):
    assert listed_titles(releaser) == {"历阳镇转载的国务院意见"}
    listing = releaser.get(reverse("delivery_channels_delivery:index"))
    assert listing.context["paginator"].count == Delivery.objects.filter(page=deliveries["liyang"].page).count()
    filter_choices = listing.content.decode()
    assert "乌江镇转载的国务院意见" not in filter_choices  # nor among the page filter's choices


def test_another_town_s_delivery_cannot_be_opened_or_acted_on(releaser, deliveries):
    foreign = deliveries["wujiang"]
    assert releaser.get(reverse("delivery_channels_delivery:inspect", args=(foreign.pk,))).status_code == 404
    retry = reverse("channels_delivery_action", args=(foreign.pk, "retry"))
    assert releaser.post(retry).status_code == 404
    foreign.refresh_from_db()
    assert foreign.state == Delivery.State.FAILED
    own = deliveries["liyang"]
    assert releaser.get(reverse("delivery_channels_delivery:inspect", args=(own.pk,))).status_code == 200


def test_the_dashboard_panel_lists_only_the_town_s_rows(releaser, deliveries, login):
    home = releaser.get(reverse("wagtailadmin_home")).content.decode()
    assert "分发需要处理" in home and "历阳镇转载的国务院意见" in home and "乌江镇转载的国务院意见" not in home
    county_home = login("admin").get(reverse("wagtailadmin_home")).content.decode()
    assert "历阳镇转载的国务院意见" in county_home and "乌江镇转载的国务院意见" in county_home
