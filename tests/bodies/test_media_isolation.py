"""Each 公开主体 has its own library of images and files: an editor of 历阳镇 neither sees, chooses, counts nor opens
乌江镇's, and their uploads land in 历阳镇's library; the county's people see their towns' libraries."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from bodies.collections import collection_of
from tests.bodies import county as _county
from tests.bodies.county import document_of, image_of, png_bytes
from tests.factories import site

pytestmark = pytest.mark.django_db
county, login, _county_for_module = _county.county, _county.login, _county._county_for_module


@pytest.fixture
def libraries(county):
    """One image and one file in each town's library; 历阳镇's image is jjb_editor's upload."""
    found = {
        "ly_image": image_of(county["liyang"], "历阳镇 集市 宣传图"),
        "wj_image": image_of(county["wujiang"], "乌江镇 集市 宣传图"),
        "ly_doc": document_of(county["liyang"], "历阳镇 集市 通知"),
        "wj_doc": document_of(county["wujiang"], "乌江镇 集市 通知"),
    }
    found["ly_image"].uploaded_by_user = get_user_model().objects.get(username="jjb_editor")
    found["ly_image"].save()
    return found


@pytest.fixture
def librarian(login, county):
    """A 历阳镇 person who manages the library (may change any image or file in scope, not only their own)."""
    rights = ["wagtailimages.change_image", "wagtaildocs.change_document"]
    site.UserFactory(username="ly_librarian", groups=[site.GroupFactory(name="历阳镇-资料管理", permissions=rights)])
    return login("ly_librarian")


def page(client, name, *args, **query):
    response = client.get(reverse(name, args=args), query)
    assert response.status_code == 200, (name, response.status_code)
    if response["Content-Type"].startswith("application/json"):  # a chooser's modal step
        return json.loads(response.content)["html"]
    return response.content.decode()


def refused(client, url) -> bool:
    """Wagtail answers a forbidden admin page with 403, or by sending the person back to the dashboard."""
    response = client.get(url)
    return response.status_code in (403, 404) or (
        response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    )


def dashboard_count(html: str, listing: str) -> int:
    return int(re.search(rf'href="{re.escape(listing)}">\s*(\d+)', html).group(1))


def test_an_editor_chooses_and_counts_only_their_own_body_s_images_and_documents(login, libraries):
    editor = login("jjb_editor")
    for html in (
        page(editor, "wagtailimages_chooser:choose"),
        page(editor, "wagtailimages_chooser:choose_results", q="集市"),
    ):
        assert "历阳镇 集市 宣传图" in html and "乌江镇 集市 宣传图" not in html
    for html in (
        page(editor, "wagtaildocs_chooser:choose"),
        page(editor, "wagtaildocs_chooser:choose_results", q="集市"),
    ):
        assert "历阳镇 集市 通知" in html and "乌江镇 集市 通知" not in html
    home = page(editor, "wagtailadmin_home")
    assert dashboard_count(home, reverse("wagtailimages:index")) == 1
    assert dashboard_count(home, reverse("wagtaildocs:index")) == 1


def test_the_library_listings_show_only_the_body_s_own(librarian, libraries):
    for html in (
        page(librarian, "wagtailimages:index"),
        page(librarian, "wagtailimages:index_results"),
        page(librarian, "wagtaildocs:index"),
    ):
        assert "历阳镇 集市" in html and "乌江镇 集市" not in html


def test_another_body_s_image_and_document_cannot_be_opened_or_chosen(login, libraries):
    editor = login("jjb_editor")
    for name, pk in (
        ("wagtailimages:edit", libraries["wj_image"].pk),
        ("wagtailimages:delete", libraries["wj_image"].pk),
        ("wagtailimages_chooser:chosen", libraries["wj_image"].pk),
        ("wagtaildocs:edit", libraries["wj_doc"].pk),
        ("wagtaildocs_chooser:chosen", libraries["wj_doc"].pk),
    ):
        assert refused(editor, reverse(name, args=(pk,))), name
    assert editor.get(reverse("wagtailimages:edit", args=(libraries["ly_image"].pk,))).status_code == 200


def test_uploads_land_in_the_uploader_s_body_library(login, county):
    editor = login("jjb_editor")
    form = editor.get(reverse("wagtailimages:add")).content.decode()
    assert 'name="collection"' not in form  # one library: nothing to choose
    upload = SimpleUploadedFile("jishi.png", png_bytes(), content_type="image/png")
    response = editor.post(reverse("wagtailimages:add"), {"title": "集市现场", "file": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    image = get_image_model().objects.get(title="集市现场")
    assert image.collection == collection_of(site.body("liyang"))
    assert image.collection.name == "历阳镇人民政府"

    document = SimpleUploadedFile("tongzhi.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = editor.post(reverse("wagtaildocs:add"), {"title": "集市安排", "file": document})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert get_document_model().objects.get(title="集市安排").collection.disclosing_body.slug == "liyang"


def test_the_county_sees_its_towns_libraries_and_uploads_to_its_own_first(login, county, libraries):
    site.UserFactory(
        username="hx_editor",
        body=county["hexian"],
        groups=[site.GroupFactory(name="县政府办公室-起草人", permissions=site.UPLOADS)],
    )
    editor = login("hx_editor")
    html = page(editor, "wagtailimages_chooser:choose")
    assert "历阳镇 集市 宣传图" in html and "乌江镇 集市 宣传图" in html
    form = page(editor, "wagtailimages:add")
    options = re.findall(r'<option value="(\d+)"[^>]*>\s*([^<]+?)\s*<', form[form.index('name="collection"') :])
    assert options[0][1] == "和县人民政府" and {"历阳镇人民政府", "乌江镇人民政府"} <= {name for _, name in options}


def test_a_person_of_no_body_sees_no_body_s_library(login, libraries):
    site.UserFactory(username="stray", body=False, groups=[site.GroupFactory(name="临时组", permissions=site.UPLOADS)])
    html = page(login("stray"), "wagtailimages_chooser:choose")
    assert "历阳镇 集市 宣传图" not in html and "乌江镇 集市 宣传图" not in html
