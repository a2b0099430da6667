"""The county platform for the isolation tests: 和县 with its towns 历阳镇 and 乌江镇, a 经济发展办公室 in each town,
the body administrators (公开主体管理员) of the county and of 历阳镇, and one editor per town.

Built once per module (tests/module_db.py); each test module takes `county` and `login` from here.
"""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from bodies.collections import collection_of
from tests.factories import site
from tests.module_db import built_once_per_module

BODY_ADMINS = "公开主体管理员"
BODY_ADMIN_PERMISSIONS = [
    "auth.add_user",
    "auth.change_user",
    "auth.view_user",
    "partners.add_presspartner",
    "partners.change_presspartner",
    "partners.view_presspartner",
]
#: username -> (body slug, role): the demo's names, plus wj_editor for 乌江镇's 经济发展办公室.
PEOPLE = {
    "hx_admin": ("hexian", "body_admin"),
    "ly_admin": ("liyang", "body_admin"),
    "jjb_editor": ("liyang", "editor"),
    "wj_editor": ("wujiang", "editor"),
}


def build():
    site.home()
    bodies = {slug: site.body(slug) for slug in ("hexian", "liyang", "wujiang")}
    departments = {slug: site.department("jingji", body_slug=slug) for slug in ("liyang", "wujiang")}
    admins = site.GroupFactory(name=BODY_ADMINS, permissions=BODY_ADMIN_PERMISSIONS)
    for username, (slug, role) in PEOPLE.items():
        groups = [admins] if role == "body_admin" else [departments[slug].editors]
        site.UserFactory(username=username, body=bodies[slug], groups=groups)
    site.UserFactory(username="admin", superuser=True)


_county_for_module = built_once_per_module(build)


@pytest.fixture
def county(_county_for_module, db):
    return {slug: site.body(slug) for slug in ("hexian", "liyang", "wujiang")}


@pytest.fixture
def login(client, county):
    def as_user(username):
        client.logout()
        client.force_login(get_user_model().objects.get(username=username))
        return client

    return as_user


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), "#1b5eb3").save(buffer, "PNG")
    return buffer.getvalue()


def image_of(body, title: str):
    """An image in the body's library, as its editor's upload leaves it."""
    return get_image_model().objects.create(
        title=title, file=ContentFile(png_bytes(), name="upload.png"), collection=collection_of(body)
    )


def document_of(body, title: str):
    return get_document_model().objects.create(
        title=title, file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="upload.pdf"), collection=collection_of(body)
    )
