import uuid

import pytest
from django.db import connections
from django.test.utils import setup_databases, teardown_databases
from pytest_django.fixtures import _disable_migrations, _get_databases_for_setup
from pytest_django.plugin import blocking_manager_key

from cms.foundation.translations import compile_catalogs
from tests import db_template, module_db

# Set when a transactional test has run in this process: its teardown empties every table, and Django puts the
# migrations' data back only at the start of the next transactional test, not before an ordinary one.
_tables_emptied = False


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """pytest-django's, except that xdist processes copy one migrated template instead of each migrating its own
    database (tests/db_template.py); an unsplit run, or one reusing its database, creates it as pytest-django does."""
    if not django_db_use_migrations:
        _disable_migrations()
    keepdb = django_db_keepdb and not django_db_createdb
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    workerinput = getattr(request.config, "workerinput", None)
    verbosity = request.config.option.verbose
    with django_db_blocker.unblock():
        if workerinput and not keepdb and all(db_template.clonable(alias) for alias in aliases):
            db_cfg = db_template.setup_clones(
                aliases, serialized_aliases, workerinput["testrunuid"], workerinput["workerid"], verbosity
            )
        else:
            db_cfg = setup_databases(
                verbosity=verbosity,
                interactive=False,
                aliases=aliases,
                serialized_aliases=serialized_aliases,
                keepdb=keepdb,
            )
    yield
    if not django_db_keepdb:
        with django_db_blocker.unblock():
            try:
                teardown_databases(db_cfg, verbosity=verbosity)
            except Exception as exc:  # as pytest-django's own fixture: a live server's session may still be open
                request.node.warn(pytest.PytestWarning(f"Error when trying to teardown test databases: {exc!r}"))


def _xdist_controller(config) -> bool:
    return bool(getattr(config.option, "numprocesses", None)) and not hasattr(config, "workerinput")


_template_builder = pytest.StashKey()


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session):
    """The project's translations are compiled (a developer's plain `pytest` has not run `make install`), and the
    xdist controller starts migrating the template database before it starts its processes."""
    compile_catalogs()
    config = session.config
    reuse = config.getvalue("reuse_db") and not config.getvalue("create_db")
    if not _xdist_controller(config) or reuse or config.getvalue("nomigrations"):
        return
    config.option.testrunuid = config.option.testrunuid or uuid.uuid4().hex  # the run the template is for
    config.stash[_template_builder] = db_template.start_builder(config.option.testrunuid)


def pytest_sessionfinish(session):
    """The xdist controller drops the template its processes copied their databases from."""
    config = session.config
    if not _xdist_controller(config):
        return
    builder = config.stash.get(_template_builder, None)
    if builder is not None:
        builder.wait()
    from django.conf import settings

    with config.stash[blocking_manager_key].unblock():
        db_template.drop_templates(settings.DATABASES)


def _xdist_sizes(count: int, workers: int) -> list[int]:
    """How many tests xdist's worksteal scheduler first gives each process: equal contiguous slices, in order."""
    sizes = []
    for index in range(workers):
        sizes.append((count - sum(sizes)) // (workers - index))
    return sizes


def _spread_tests_without_database(config, items):
    """Under xdist, each process's first slice of tests starts with its share of those that need no database.

    pytest-django orders the tests that need no database last, so all of them went to the last process, and the
    others could only wait while the template database was being migrated (tests/db_template.py)."""
    workers = getattr(config, "workerinput", {}).get("workercount", 0)
    if workers < 2:
        return
    needs_db = [item for item in items if _uses_db(item)]
    no_db = [item for item in items if not _uses_db(item)]
    ordered = []
    for index, size in enumerate(_xdist_sizes(len(items), workers)):
        share = no_db[len(no_db) * index // workers : len(no_db) * (index + 1) // workers]
        ordered += share
        take = max(0, size - len(share))
        ordered += needs_db[:take]
        del needs_db[:take]
    items[:] = ordered + needs_db


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploads made by a test go to its own folder and vanish with it; so do the pages it publishes statically."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STATIC_SITE_ROOT = tmp_path / "site"


def _uses_db(item) -> bool:
    return bool(item.get_closest_marker("django_db")) or bool(
        {"db", "transactional_db", "live_server", "django_db_setup"} & set(item.fixturenames)
    )


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    uses_live_db = any(name in item.fixturenames for name in ("transactional_db", "live_server"))
    return bool((marker and marker.kwargs.get("transaction")) or uses_live_db)


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config, items):
    """Transactional tests (a real worker, a live server) end by flushing the database, which also wipes what the
    migrations created: the Wagtail site, root and home page. Serialized rollback puts it back for the tests after.

    Once every plugin has ordered the tests (pytest-django: ordinary, transactional, no database), the tests that
    need no database are spread over the xdist processes."""
    for item in items:
        if not _is_transactional(item):
            continue
        marker = item.get_closest_marker("django_db")
        kwargs = {**(marker.kwargs if marker else {}), "transaction": True, "serialized_rollback": True}
        item.add_marker(pytest.mark.django_db(*(marker.args if marker else ()), **kwargs), append=False)
    result = yield
    _spread_tests_without_database(config, items)
    return result


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Put the migrations' data back before an ordinary test that follows a transactional one.

    Run serially, pytest-django orders every transactional test after the others. Under pytest-xdist a process
    may take an ordinary test after a transactional one (a work-stealing process takes over the end of another's
    queue): that test, and the data its module-scoped fixtures build before it, need the content types,
    permissions and Wagtail site the migrations made. This runs before any fixture of the item is set up."""
    global _tables_emptied
    if _is_transactional(item):
        with item.config.stash[blocking_manager_key].unblock():
            module_db.roll_back_open_builds()
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


@pytest.fixture
def admin_user(admin_user):
    """pytest-django's superuser, past its first login (it has chosen its own password: security.passwords)."""
    from security import passwords

    passwords.mark_changed_by_owner(admin_user)
    return admin_user
