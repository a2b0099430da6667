"""An event's related policies: only public ones are offered, and linking any other one is refused."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import Revision

from interpretation.events.models import EventPage
from interpretation.models import PolicyDocumentPage
from tests.events.test_admin import event_form
from tests.factories.events import make_event
from tests.interpretation.test_admin_scope import browser, release_then_withhold
from tests.interpretation.test_three_sync_admin import draft_policy

pytestmark = pytest.mark.django_db

DRAFT = "关于调整农业产业扶持资金的通知"
WITHHELD = "关于镇属企业改制的内部意见"


@pytest.fixture
def policies(office, user):
    """The public seed policy, a 经济办 draft, and a 经济办 policy withheld after its release."""
    jingji = office["departments"]["jingji"].section
    editor = browser(user("jjb_editor"))
    draft = draft_policy(editor, jingji, title=DRAFT, slug="nongye-fuchi", document_number="历政〔2026〕5号")
    withheld, _ = release_then_withhold(
        editor,
        jingji,
        user("jjb_leader"),
        material_title="《改制意见》解读",
        title=WITHHELD,
        slug="gaizhi",
        document_number="历政〔2026〕6号",
    )
    return {"public": office["policy"], "draft": draft, "withheld": withheld}


def edit_url(event):
    return reverse("wagtailadmin_pages:edit", args=(event.pk,))


def post(client, event, policy_ids):
    # A multiple select goes through as repeated values; nested_form_data would number a list like a formset.
    return client.post(edit_url(event), {**event_form(event), "policies": [str(pk) for pk in policy_ids]})


def test_related_policy_choices_are_the_public_policies_only(office, policies, user):
    event = make_event(office["index"])
    response = browser(user("dzb_editor")).get(edit_url(event))
    assert response.status_code == 200
    choices = set(response.context["form"].fields["policies"].queryset)
    assert choices == {policies["public"]}
    html = response.content.decode()
    assert policies["public"].title in html
    assert DRAFT not in html and WITHHELD not in html


def test_linking_a_policy_that_is_not_offered_is_refused_without_naming_it(office, policies, user):
    event = make_event(office["index"])
    response = post(browser(user("dzb_editor")), event, [policies["draft"].pk])
    assert response.status_code == 200
    assert DRAFT not in response.content.decode(), "the refusal must not reveal another department's draft"
    assert not EventPage.objects.get(pk=event.pk).get_latest_revision().content["policies"]


def test_keeping_a_policy_withheld_since_it_was_linked_is_refused_with_its_name(office, policies, user):
    withheld = policies["withheld"]
    PolicyDocumentPage.objects.filter(pk=withheld.pk).update(disclosure_attribute="proactive")
    event = make_event(office["index"], policy=withheld)
    PolicyDocumentPage.objects.filter(pk=withheld.pk).update(disclosure_attribute="withheld")
    revisions = Revision.objects.filter(object_id=str(event.pk)).count()

    client = browser(user("dzb_editor"))
    response = post(client, event, [withheld.pk, policies["public"].pk])
    assert response.status_code == 200
    assert f"相关政策文件《{WITHHELD}》尚未公开发布,不能关联" in response.content.decode()
    assert Revision.objects.filter(object_id=str(event.pk)).count() == revisions

    accepted = post(client, event, [policies["public"].pk])
    assert accepted.status_code == 302, accepted.content.decode()[:2000]
    assert EventPage.objects.get(pk=event.pk).get_latest_revision().content["policies"] == [policies["public"].pk]


def test_the_event_itself_refuses_a_new_link_to_a_policy_that_is_not_public(office, policies):
    event = make_event(office["index"])
    event.policies.add(policies["draft"])
    with pytest.raises(ValidationError) as refused:
        event.save_revision()
    assert refused.value.message_dict["policies"] == [f"相关政策文件《{DRAFT}》尚未公开发布,不能关联。"]

    event = make_event(office["index"], policy=policies["public"])
    assert list(event.policies.all()) == [policies["public"]]


def test_publishing_a_saved_revision_does_not_fail_on_a_policy_withheld_since(office, policies):
    """Scheduled publishing must go on; the public page lists public policies only."""
    public = policies["public"]
    event = make_event(office["index"], policy=public, publish=False)
    PolicyDocumentPage.objects.filter(pk=public.pk).update(disclosure_attribute="withheld")
    event.get_latest_revision().publish()
    event = EventPage.objects.get(pk=event.pk)
    assert event.live and event.public_policies == []
