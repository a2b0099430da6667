"""Data built once per test module, for modules whose tests all run inside a transaction.

The build runs inside a transaction rolled back when the module ends; each test's own transaction is a savepoint
inside it. Not for modules with transactional tests: a real worker process would never see uncommitted data.
"""

import pytest
from django.db import transaction


def built_once_per_module(build):
    """A module-scoped fixture that runs `build()` once and undoes it after the module's last test."""

    @pytest.fixture(scope="module")
    def fixture(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock(), transaction.atomic():
            build()
            yield
            transaction.set_rollback(True)

    return fixture
