"""The office and its work plan (a released policy with its interpretation), built once per module."""

import pytest
from django.core.cache import caches

from interpretation.models import PolicyDocumentPage
from tests.factories.library import work_plan
from tests.factories.site import office
from tests.module_db import built_once_per_module
from tests.public import corpus


def _build():
    office()
    work_plan()


_office_for_module = built_once_per_module(_build)


@pytest.fixture
def policy(_office_for_module, db, settings):
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
    caches["default"].clear()
    yield PolicyDocumentPage.objects.get(slug=corpus.SEED)
    caches["default"].clear()
