"""Data built once per test module, for modules whose tests all run inside a transaction.

The build runs inside a transaction rolled back when the module ends; each test's own transaction is a savepoint
inside it. A real worker process would never see that uncommitted data, so a transactional test (pytest-django
runs them after all the others, and a module may hold one) rolls every open build back before it starts
(`roll_back_open_builds`, called from tests/conftest.py): it starts from the migrated database, not inside a
transaction some ordinary test's module left open.
"""

import pytest
from django.db import transaction

#: The builds whose transaction is still open, outermost first.
_open_builds: list = []


def built_once_per_module(build, *, on: str | None = None):
    """A module-scoped fixture that runs `build()` once and undoes it after the module's last test.

    `on` names another such fixture to build upon: its data comes first, this build is a savepoint inside it.
    """

    @pytest.fixture(scope="module")
    def fixture(request, django_db_setup, django_db_blocker):
        if on is not None:
            request.getfixturevalue(on)
        with django_db_blocker.unblock():
            block = transaction.atomic()
            block.__enter__()
            _open_builds.append(block)
            try:
                build()
            except BaseException:
                _close(block)
                raise
        yield
        with django_db_blocker.unblock():
            _close(block)

    return fixture


def _close(block) -> None:
    """Roll back `block` and every build opened inside it (a savepoint closes before its transaction)."""
    if block not in _open_builds:
        return  # rolled back already, before a transactional test
    while _open_builds:
        inner = _open_builds.pop()
        transaction.set_rollback(True)
        inner.__exit__(None, None, None)
        if inner is block:
            return


def roll_back_open_builds() -> None:
    """Undo every module build still open: the database must be as the migrations left it. The caller unblocks the
    database."""
    if _open_builds:
        _close(_open_builds[0])
