"""Nothing non-public is served: a policy's attachment, its 图解 images and their renditions follow the policy.

Each state is checked over HTTP for a reader, for an editor of the drafting department (经济发展办公室) and for an
editor of another department (党政办公室): 200 or 404, nothing in between.
"""

import io
import re
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupCollectionPermission

from interpretation import three_sync
from interpretation.models import (
    DepartmentSectionPage,
    GraphicImage,
    GraphicKeyPoint,
    GraphicMaterialPage,
    PolicyAttachment,
    PolicyDocumentPage,
    Topic,
)
from tests.interpretation import conftest as _office

pytestmark = pytest.mark.django_db
office, user, _office_for_module = _office.office, _office.user, _office._office_for_module

PDF = b"%PDF-1.4\n% attachment\n%%EOF\n"
READER, OWNER, OTHER = None, "jjb_editor", "dzb_editor"
PUBLIC = {READER: 200, OWNER: 200, OTHER: 200}
PRIVATE = {READER: 404, OWNER: 200, OTHER: 404}


def png(name="graphic.png", size=(240, 160)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, "#b3121b").save(buffer, "PNG")
    return get_image_model().objects.create(title="图解", file=ContentFile(buffer.getvalue(), name=name))


def make_policy(state, slug="policy"):
    """A 经济发展办公室 policy with an attachment, a 图解 and an image in its body, left in `state`."""
    User = get_user_model()
    editor, leader = User.objects.get(username="jjb_editor"), User.objects.get(username="jjb_leader")
    section = DepartmentSectionPage.objects.get(department__code="jingji")
    document = get_document_model().objects.create(
        title="附件一 申请表", file=ContentFile(PDF, name=f"shenqingbiao-{slug}.pdf")
    )
    inline = png(f"body-{slug}.png")
    policy = PolicyDocumentPage(
        title="关于优化营商环境的若干措施",
        slug=slug,
        live=False,
        document_number="历政〔2026〕3号",
        date_written=date(2026, 3, 1),
        topic=Topic.objects.get(code="yingshang-huanjing"),
        document_type="other_policy",
        summary="十条措施优化营商环境。",
        body=f'<p>第一条 优化营商环境。</p><embed embedtype="image" format="fullwidth" id="{inline.pk}" alt="流程图"/>',
        disclosure_attribute="proactive",
        interpretation_required=True,
        plan_release_at=timezone.now(),
        plan_channels=["website"],
        plan_forms=["graphic"],
        plan_outline="一、背景",
        first_interpreter="李华",
    )
    policy.attachments = [PolicyAttachment(document=document, title="申请表")]
    section.add_child(instance=policy)
    revision = policy.save_revision(user=editor)
    graphic = GraphicMaterialPage(title="一图读懂", slug="tujie", live=False, summary="十条措施一图读懂。")
    graphic.key_points = [GraphicKeyPoint(title="十条措施", figure="10条")]
    image = png(f"graphic-{slug}.png")
    graphic.images = [GraphicImage(image=image, alt_text="十条措施图解")]
    policy.add_child(instance=graphic)
    graphic.save_revision(user=editor)
    if state != "draft":
        three_sync.sign_bundle(policy, revision, leader, comment="同意")
        revision.publish(user=leader)
    if state in ("on_request", "withheld"):
        # Set directly: how such a policy gets released is the openness office's business, not this test's.
        PolicyDocumentPage.objects.filter(pk=policy.pk).update(
            disclosure_attribute=state, withholding_reason="涉及第三方商业信息"
        )
    if state == "withdrawn":
        PolicyDocumentPage.objects.get(pk=policy.pk).unpublish(user=leader)
    return {
        "policy": PolicyDocumentPage.objects.get(pk=policy.pk),
        "graphic": GraphicMaterialPage.objects.get(pk=graphic.pk),
        "document": document,
        "image": image,
        "inline": inline,
    }


def urls(made) -> dict[str, str]:
    return {
        "attachment": made["document"].url,
        "rendition": made["image"].get_rendition("fill-100x100").url,
        "original": made["image"].file.url,
        "body image": made["inline"].get_rendition("width-800").url,
    }


def fetch(client, user, url, username):
    client.logout()
    if username is not None:
        client.force_login(user(username))
    return client.get(url)


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("proactive", PUBLIC),
        ("draft", PRIVATE),
        ("on_request", PRIVATE),
        ("withheld", PRIVATE),
        ("withdrawn", PRIVATE),
    ],
)
def test_files_follow_their_policy(client, office, user, state, expected):
    made = make_policy(state)
    assert made["policy"].live == (state not in ("draft", "withdrawn"))
    for kind, url in urls(made).items():
        assert url.startswith(("/documents/", "/media/")), url
        for username, status in expected.items():
            response = fetch(client, user, url, username)
            assert response.status_code == status, (state, kind, username, response.status_code)
            cache = response["Cache-Control"]
            if expected is PUBLIC:
                assert "public" in cache and "max-age=300" in cache, (kind, cache)
            else:
                assert "no-store" in cache and "private" in cache, (kind, username, cache)
            if status == 200 and kind == "attachment":
                assert b"".join(response.streaming_content) == PDF


def test_unpublishing_a_policy_withdraws_its_files_at_once(client, office):
    made = make_policy("proactive")
    files = urls(made)
    assert all(client.get(url).status_code == 200 for url in files.values())
    made["policy"].unpublish()
    assert {kind: client.get(url).status_code for kind, url in files.items()} == dict.fromkeys(files, 404)
    revision = made["policy"].get_latest_revision()
    three_sync.sign_bundle(made["policy"], revision, get_user_model().objects.get(username="jjb_leader"))
    revision.publish()
    assert all(client.get(url).status_code == 200 for url in files.values()), "public again when republished"


def test_every_image_on_a_public_graphic_page_loads_for_a_reader(client, office):
    made = make_policy("proactive")
    for page in (made["graphic"], made["policy"]):
        html = client.get(page.url).content.decode()
        sources = set(re.findall(r'(/media/[^"\s,]+)', html))
        assert sources, page.url
        assert {src: client.get(src).status_code for src in sources} == dict.fromkeys(sources, 200)


def test_a_document_file_under_media_follows_the_same_rule_chinese_names_too(client, office, user, settings):
    made = make_policy("proactive")
    document = get_document_model().objects.create(title="附件二", file=ContentFile(PDF, name="附件二 承诺书.pdf"))
    PolicyAttachment.objects.create(page=made["policy"], document=document, title="承诺书")
    assert document.file.url.startswith("/media/documents/%E9%99%84")
    response = client.get(document.file.url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert "filename*=utf-8''%E9%99%84" in response["Content-Disposition"]
    settings.MEDIA_ACCEL_REDIRECT_LOCATION = "/_protected_media"
    assert client.get(document.file.url)["X-Accel-Redirect"] == f"/_protected_media{document.file.url[6:]}"
    made["policy"].unpublish()
    assert statuses(client, user, document.file.url) == PRIVATE


def statuses(client, user, url):
    return {name: fetch(client, user, url, name).status_code for name in PRIVATE}


def test_unknown_and_stray_paths_under_media_are_404(client, office, settings):
    stray = settings.MEDIA_ROOT / "original_images" / "stray.png"
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(b"not an upload")
    for path in ("/media/original_images/stray.png", "/media/nothing.txt", "/media/images/../original_images/x.png"):
        assert client.get(path).status_code == 404, path


def test_an_unused_upload_is_seen_only_by_who_may_choose_it_in_the_library(client, office, user):
    document = get_document_model().objects.create(title="未使用", file=ContentFile(PDF, name="unused.pdf"))
    image = png("unused.png")
    group = Group.objects.create(name="经济发展办公室-资料库")
    root = Collection.get_first_root_node()
    for codename in ("choose_document", "choose_image"):
        permission = Permission.objects.get(codename=codename)
        GroupCollectionPermission.objects.create(group=group, collection=root, permission=permission)
    user(OWNER).groups.add(group)
    for url in (document.url, image.file.url, image.get_rendition("max-165x165").url):
        assert statuses(client, user, url) == PRIVATE, url


def test_with_an_internal_location_nginx_sends_the_bytes(client, office, user, settings):
    settings.MEDIA_ACCEL_REDIRECT_LOCATION = "/_protected_media/"
    public, draft = make_policy("proactive"), make_policy("draft", slug="draft")
    rendition = public["image"].get_rendition("fill-100x100")
    response = client.get(rendition.url)
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == f"/_protected_media/{rendition.file.name}"
    assert response["Content-Type"] == "image/png" and "max-age=300" in response["Cache-Control"]
    attachment = client.get(public["document"].url)
    assert attachment["X-Accel-Redirect"] == f"/_protected_media/{public['document'].file.name}"
    assert 'filename="shenqingbiao-policy.pdf"' in attachment["Content-Disposition"]
    for url in urls(draft).values():
        refused = client.get(url)
        assert refused.status_code == 404 and "X-Accel-Redirect" not in refused, url
    owner = fetch(client, user, draft["document"].url, OWNER)
    assert owner.status_code == 200 and "no-store" in owner["Cache-Control"] and "X-Accel-Redirect" in owner
