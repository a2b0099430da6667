"""Migration tests: take the test database back to an earlier migration and forward again."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets):
    """Migrate to `targets` ((app, name) pairs; None as a name unapplies the app); the apps of that state."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([target for target in targets if target[1] is not None]).apps


def migrate_to_latest():
    return migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@contextmanager
def rolled_back_to(targets) -> Iterator:
    """The database as an older version left it; afterwards, whatever happened, migrated to the latest again."""
    try:
        yield migrate(targets)
    finally:
        migrate_to_latest()
