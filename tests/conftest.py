import pytest
from django.db import connections
from pytest_django.plugin import blocking_manager_key

# Set when a transactional test has run in this process: its teardown empties every table, and Django puts the
# migrations' data back only at the start of the next transactional test, not before an ordinary one.
_tables_emptied = False


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploads made by a test go to its own folder and vanish with it."""
    settings.MEDIA_ROOT = tmp_path / "media"


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    uses_live_db = any(name in item.fixturenames for name in ("transactional_db", "live_server"))
    return bool((marker and marker.kwargs.get("transaction")) or uses_live_db)


def pytest_collection_modifyitems(items):
    """Transactional tests (a real worker, a live server) end by flushing the database, which also wipes what the
    migrations created: the Wagtail site, root and home page. Serialized rollback puts it back for the tests after."""
    for item in items:
        if not _is_transactional(item):
            continue
        marker = item.get_closest_marker("django_db")
        kwargs = {**(marker.kwargs if marker else {}), "transaction": True, "serialized_rollback": True}
        item.add_marker(pytest.mark.django_db(*(marker.args if marker else ()), **kwargs), append=False)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Put the migrations' data back before an ordinary test that follows a transactional one.

    Run serially, pytest-django orders every transactional test after the others. Under pytest-xdist a process
    may take an ordinary test after a transactional one (a work-stealing process takes over the end of another's
    queue): that test, and the data its module-scoped fixtures build before it, need the content types,
    permissions and Wagtail site the migrations made. This runs before any fixture of the item is set up."""
    global _tables_emptied
    if _is_transactional(item):
        _tables_emptied = True  # by its teardown; its own setup restores what it needs
        return
    if not _tables_emptied:
        return
    _tables_emptied = False
    with item.config.stash[blocking_manager_key].unblock():
        for connection in connections.all():
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)
