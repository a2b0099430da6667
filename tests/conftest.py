import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploads made by a test go to its own folder and vanish with it."""
    settings.MEDIA_ROOT = tmp_path / "media"


def pytest_collection_modifyitems(items):
    """Transactional tests (a real worker, a live server) end by flushing the database, which also wipes what the
    migrations created: the Wagtail site, root and home page. Serialized rollback puts it back for the tests after."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        uses_live_db = any(name in item.fixturenames for name in ("transactional_db", "live_server"))
        if not ((marker and marker.kwargs.get("transaction")) or uses_live_db):
            continue
        kwargs = {**(marker.kwargs if marker else {}), "transaction": True, "serialized_rollback": True}
        item.add_marker(pytest.mark.django_db(*(marker.args if marker else ()), **kwargs), append=False)
