"""Done means (issue 16): sources of each kind configured through the admin against a loopback upstream produce
drafts that open in the editor, publish, and keep their attachments.

An administrator saves one source of each kind through the real source form; each is polled; the draft opens in
the editor for the department editor it was routed to, the department's leader publishes it, and the public page
lists both attachments of the upstream detail page (Hanweb download-script links), which answer on the upstream.
"""

import urllib.request

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset

from channels.watcher.demo import grant_department_rights
from channels.watcher.drafts import ensure_index
from channels.watcher.models import RepublicationPage, Source
from channels.watcher.polling import poll_source
from tests.factories import site
from tests.watcher import attachment_site
from tests.watcher.test_admin import ADD_URL, source_form

pytestmark = pytest.mark.django_db

EMPTY_HTML = {"html_item": "", "html_title": "", "html_link": "", "html_date": ""}
KIND_FIELDS = {
    "feed": EMPTY_HTML,
    "html_list": {"html_item": "ul.list li", "html_title": "a", "html_link": "a", "html_date": "span::text"},
    "json_list": {
        **EMPTY_HTML,
        "json_items_path": "data.list",
        "json_title": "title",
        "json_url": "url",
        "json_date": "pubDate",
    },
    "hanweb": {**EMPTY_HTML, "hanweb_pages": "1"},
}


@pytest.fixture
def site_upstream(upstream):
    attachment_site.install(upstream)
    return upstream


def form_for(upstream, kind: str) -> dict:
    return source_form(
        disclosing_body=site.body("liyang").pk,
        name=f"某市人民政府 政府文件({attachment_site.KIND_NAMES[kind]})",
        kind=kind,
        url=upstream.url(attachment_site.LIST_PATHS[kind]),
        level="city",
        issuing_organ="某市人民政府",
        allowed_hosts="127.0.0.1",
        trusted_private_hosts="127.0.0.1",
        detail_body="#zoom",
        detail_document_number="td.wh",
        detail_attachments="",  # found by the reader: links naming a document, downfile.jsp?filename= included
        # 实施方案 go to 历阳镇's 经济发展办公室, whose editor prepares them and whose leader publishes them.
        routing_rules=inline_formset(
            [{"keywords": "实施方案", "department": site.department("jingji").pk, "topic": ""}]
        ),
        **KIND_FIELDS[kind],
    )


def _one_member(group):
    assert group is not None
    member = group.user_set.order_by("pk").first()
    assert member is not None, group
    return member


@pytest.mark.parametrize("kind", attachment_site.KINDS)
def test_a_source_configured_in_the_admin_yields_a_draft_that_opens_publishes_and_keeps_its_attachments(
    kind, client, office, site_upstream
):
    client.force_login(site.user("admin"))
    saved = client.post(reverse(ADD_URL), form_for(site_upstream, kind))
    assert saved.status_code == 302, saved.content.decode()[:3000]
    source = Source.objects.get()
    assert source.kind == kind

    report = poll_source(source)

    assert report.ok, report.error_detail
    draft = RepublicationPage.objects.get(title=attachment_site.title(kind))
    assert draft.department == site.department("jingji")
    assert not draft.live and draft.document_number == attachment_site.document_number(kind)
    assert "请认真贯彻落实" in draft.body
    expected = [attachment_site.hashed_attachment(kind)[1], attachment_site.named_attachment(kind)[1]]
    assert [a.title for a in draft.attachments.order_by("sort_order", "pk")] == expected

    # The department the draft was routed to: its editor opens it, its leader publishes it (as in the demo).
    grant_department_rights(ensure_index())
    editor = _one_member(draft.department.editors)
    client.force_login(editor)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=(draft.pk,)))
    assert edit.status_code == 200, (editor.username, edit.content.decode()[:2000])
    form = edit.content.decode()
    assert f'value="{attachment_site.title(kind)}"' in form and all(f'value="{name}"' in form for name in expected)
    leader = _one_member(draft.department.leaders)
    assert draft.permissions_for_user(leader).can_publish(), leader.username
    draft.save_revision(user=leader).publish(user=leader)

    published = RepublicationPage.objects.get(pk=draft.pk)
    assert published.live
    client.logout()
    public = client.get(published.get_url())
    assert public.status_code == 200
    html = public.content.decode()
    for attachment in published.attachments.all():
        assert attachment.title in html and f'href="{attachment.url.replace("&", "&amp;")}"' in html
        with urllib.request.urlopen(attachment.url, timeout=5) as answer:  # the link on the upstream site answers
            assert answer.status == 200 and answer.read().startswith(b"%PDF")
