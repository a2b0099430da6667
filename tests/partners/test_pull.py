"""Pull for partners without a server: the ninjs API with a since cursor, and the Atom feed."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from interpretation.choices import DisclosureAttribute, DocumentType
from media_templates.renderers.atom import ATOM_NS

pytestmark = pytest.mark.django_db
A = f"{{{ATOM_NS}}}"


@pytest.fixture
def reader(make_partner):
    return make_partner("市日报社", pull_enabled=True)


def pull(client, token, **params):
    return client.get(reverse("partners:releases_api"), params, headers={"Authorization": f"Bearer {token}"})


def titles(response):
    return [item["headlines"][0]["value"] for item in response.json()["items"]]


def test_the_api_needs_a_valid_token(client, reader):
    missing = client.get(reverse("partners:releases_api"))
    assert missing.status_code == 401 and missing.json()["error"].startswith("请在 Authorization")
    assert missing["WWW-Authenticate"].startswith("Bearer")
    assert pull(client, "ppt_not-a-token").status_code == 401
    assert pull(client, "").status_code == 401


def test_a_stopped_partner_or_one_without_pull_is_forbidden(client, reader, make_partner):
    reader.disable("对方接口已注销(410),已停止推送")
    stopped = pull(client, reader.pull_token)
    assert stopped.status_code == 403 and stopped.json() == {"error": "该合作媒体已停用"}
    pusher = make_partner("只推送", webhook_enabled=True, webhook_url="https://p.example.cn/hook")
    assert pull(client, pusher.pull_token).json() == {"error": "该合作媒体未开通主动获取"}


def test_a_rotated_token_stops_working(client, reader):
    old = reader.pull_token
    reader.rotate_token()
    assert pull(client, old).status_code == 401
    assert pull(client, reader.pull_token).status_code == 200


def test_since_cursor_pages_through_releases_in_order(client, reader, release_policy):
    for title in ("第一份政策", "第二份政策", "第三份政策"):
        release_policy(title)
    first = pull(client, reader.pull_token, limit=2)
    assert first.status_code == 200 and first["Cache-Control"] == "no-store"
    assert titles(first) == ["第一份政策", "第二份政策"] and first.json()["has_more"] is True
    second = pull(client, reader.pull_token, since=first.json()["next"], limit=2)
    assert titles(second) == ["第三份政策"] and second.json()["has_more"] is False
    release_policy("第四份政策")  # arrives later: the saved cursor picks it up, nothing is repeated
    third = pull(client, reader.pull_token, since=second.json()["next"])
    assert titles(third) == ["第四份政策"]
    empty = pull(client, reader.pull_token, since=third.json()["next"])
    assert titles(empty) == [] and empty.json()["next"] == third.json()["next"]
    reader.refresh_from_db()
    assert reader.last_pulled_at is not None


def test_items_are_ninjs_of_the_release(client, reader, release_policy):
    release_policy()
    [item] = pull(client, reader.pull_token).json()["items"]
    assert item["version"] == "1" and item["standard"]["version"] == "2.1"
    assert [a["name"] for a in item["associations"]] == ["material-1", "material-2"]


def test_withheld_and_on_request_documents_never_appear(client, reader, release_policy):
    release_policy("依申请公开的文件", disclosure=DisclosureAttribute.ON_REQUEST)
    release_policy("不予公开的文件", disclosure=DisclosureAttribute.WITHHELD)
    public = release_policy("主动公开的文件")
    assert titles(pull(client, reader.pull_token)) == ["主动公开的文件"]
    public.policy.unpublish()
    assert titles(pull(client, reader.pull_token)) == []
    feed = client.get(reverse("partners:feed"), {"token": reader.pull_token}).content.decode()
    assert "依申请公开的文件" not in feed and "不予公开的文件" not in feed and "主动公开的文件" not in feed


def test_the_partners_filters_apply_to_pull(client, make_partner, release_policy):
    reader = make_partner("只收营商环境规章", pull_enabled=True, document_types=[DocumentType.REGULATION])
    release_policy("规范性文件", document_type=DocumentType.NORMATIVE)
    release_policy("规章", document_type=DocumentType.REGULATION)
    assert titles(pull(client, reader.pull_token)) == ["规章"]


def test_bad_parameters_are_refused_in_chinese(client, reader):
    assert pull(client, reader.pull_token, since="not-a-cursor").json() == {"error": "since 参数无效"}
    assert pull(client, reader.pull_token, limit=1000).status_code == 400


def test_the_atom_feed_parses_and_lists_the_newest_first(client, reader, release_policy):
    release_policy("第一份政策")
    release_policy("第二份政策")
    response = client.get(reverse("partners:feed"), {"token": reader.pull_token})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{A}feed"
    assert [e.findtext(f"{A}title") for e in root.findall(f"{A}entry")] == ["第二份政策", "第一份政策"]
    body = reader.disclosing_body  # the feed is the partner's body's, in its names
    assert body.name in root.findtext(f"{A}title") and root.find(f"{A}author").findtext(f"{A}name") == body.name
    assert reader.pull_token not in response.content.decode(), "the token is not echoed into the feed"
    entry = root.find(f"{A}entry")
    assert any(link.get("rel") == "enclosure" for link in entry.findall(f"{A}link"))


def test_the_feed_needs_the_token(client, reader):
    assert client.get(reverse("partners:feed")).status_code == 401
    assert client.get(reverse("partners:feed"), {"token": "ppt_wrong"}).status_code == 401
