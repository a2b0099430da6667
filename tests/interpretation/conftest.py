"""The office, built by the factories: two departments, the openness office, a workflow and one user per role."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from tests.factories.site import office as build_office
from tests.module_db import built_once_per_module


def office_pages() -> dict:
    """Fresh instances for each test: treebeard keeps a page's child count on the instance."""
    from interpretation.models import DepartmentSectionPage, PolicyLibraryPage

    sections = {
        section.department.code: section for section in DepartmentSectionPage.objects.select_related("department")
    }
    return {
        "library": PolicyLibraryPage.objects.get(),
        "departments": {code: section.department for code, section in sections.items()},
        "sections": sections,
    }


_office_for_module = built_once_per_module(build_office)


@pytest.fixture
def office(_office_for_module, db):
    return office_pages()


@pytest.fixture
def user(office):
    return lambda username: get_user_model().objects.get(username=username)


@pytest.fixture
def login(client, user):
    def as_user(username):
        client.force_login(user(username))
        return client

    return as_user


def policy_form(**overrides):
    """POST data for the policy edit form, filled as a drafter would fill it."""
    data = {
        "title": "关于优化营商环境的若干措施",
        "slug": "yingshang-cuoshi",
        "document_number": "历政〔2026〕3号",
        "issuing_organ": "历阳镇人民政府",
        "document_type": "normative_document",
        "validity": "valid",
        "openness_area": "decision",
        "summary": "十条措施优化营商环境。",
        "body": rich_text("<p>第一条 优化营商环境。</p>"),
        "disclosure_attribute": "proactive",
        "withholding_reason": "",
        "attribute_change_reason": "",
        "interpretation_required": "on",
        "plan_release_at": "2026-12-01 09:00",
        "plan_channels": ["website", "wechat"],
        "plan_forms": ["text"],
        "plan_outline": "一、背景\n二、措施",
        "first_interpreter": "李华",
        "interpreter_contact": "0555-5312002",
        "override_reason": "",
        "attachments": inline_formset([]),
        "comments": inline_formset([]),
    }
    data.update(overrides)
    # Checkbox lists go through as repeated values; nested_form_data would number them like formsets.
    lists = {key: data.pop(key) for key in ("plan_channels", "plan_forms")}
    return {**nested_form_data(data), **lists}


def text_material_form(**overrides):
    data = {
        "title": "《关于优化营商环境的若干措施》解读",
        "slug": "jiedu",
        "interpreter_kind": "by_department",
        "interpreter_name": "经济发展办公室",
        "summary": "解读十条措施。",
        "body": rich_text("<p>措施解读正文。</p>"),
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def add_url(model_name, parent):
    return reverse("wagtailadmin_pages:add", args=("interpretation", model_name, parent.pk))


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


@pytest.fixture
def as_user(office):
    """A fresh client per person: one person's confirmation never shows on another's page."""

    def login(username):
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        return client

    return login
