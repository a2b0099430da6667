"""Data built once per test module, for modules whose tests all run inside a transaction.

The build runs inside a transaction rolled back when the module ends; each test's own transaction is a savepoint
inside it. Not for modules with transactional tests: a real worker process would never see uncommitted data.
(pytest-django runs transactional tests after all the others, so a module may still hold one, as long as that test
does not ask for the module's data.)
"""

import pytest
from django.db import transaction


def built_once_per_module(build, *, on: str | None = None):
    """A module-scoped fixture that runs `build()` once and undoes it after the module's last test.

    `on` names another such fixture to build upon: its data comes first, this build is a savepoint inside it.
    """

    @pytest.fixture(scope="module")
    def fixture(request, django_db_setup, django_db_blocker):
        if on is not None:
            request.getfixturevalue(on)
        with django_db_blocker.unblock(), transaction.atomic():
            build()
            yield
            transaction.set_rollback(True)

    return fixture
