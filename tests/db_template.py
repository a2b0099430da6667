"""One migrated test database per run, copied for each pytest-xdist process.

Migrating a new database takes about 30 s of CPU (Django renders the model state of Wagtail's two hundred
migrations again and again); with every xdist process migrating its own at once on a two-core machine, the first
test of each waited 40-50 s. Here the first process to arrive migrates a template database, under a file lock, and
serializes its contents (for serialized rollback); every process then copies the template under the name
pytest-django would have given its own database (test_<name>_gw0, test.sqlite3_gw0): SQLite through the backup API
(the file is in WAL mode), PostgreSQL by CREATE DATABASE ... TEMPLATE. The xdist controller drops the template when
the run ends. A run that is not split (no xdist, --reuse-db) creates its database as pytest-django always does.

The first to arrive is normally `python -m tests.db_template`, which the controller starts (holding the lock)
before it starts the xdist processes: the migration runs while they start, collect and run the tests that need no
database. Should it fail, the first process to need a database builds the template itself.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connections


def clonable(alias: str) -> bool:
    connection = connections[alias]
    if connection.vendor == "postgresql":
        return True
    return connection.vendor == "sqlite" and not connection.creation.is_in_memory_db(
        connection.creation._get_test_db_name()
    )


def template_name(alias: str, worker: str = "") -> str:
    """The test database's name without pytest-django's _gwN suffix: the name of an unsplit run's database."""
    return connections[alias].creation._get_test_db_name().removesuffix(f"_{worker}" if worker else "")


def _state_file(names: list[str], ext: str) -> Path:
    var = Path(settings.VAR_DIR)
    var.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha1("|".join(names).encode()).hexdigest()[:12]
    return var / f"test-db-template-{digest}.{ext}"


@contextmanager
def _locked(names: list[str] | None = None, *, path: str | Path | None = None):
    with open(path or _state_file(names or [], "lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _drop(connection, name: str) -> None:
    if connection.vendor == "sqlite":
        for path in (name, f"{name}-wal", f"{name}-shm", f"{name}-journal"):
            Path(path).unlink(missing_ok=True)
        return
    with connection.creation._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)}")


def _copy(connection, template: str, target: str) -> None:
    _drop(connection, target)
    if connection.vendor == "sqlite":
        source, copy = sqlite3.connect(template), sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
        return
    with connection.creation._nodb_cursor() as cursor:
        quote = connection.ops.quote_name
        cursor.execute(f"CREATE DATABASE {quote(target)} TEMPLATE {quote(template)}")


def _create_template(connection, name: str, verbosity: int, serialize: bool) -> str | None:
    connection.settings_dict["TEST"]["NAME"] = name
    connection.creation.create_test_db(verbosity=verbosity, autoclobber=True, serialize=False)
    contents = connection.creation.serialize_db_to_string() if serialize else None
    connection.close()  # PostgreSQL copies a template nobody is connected to
    return contents


def _templates_made(run: str, aliases, templates: dict, serialized_aliases, verbosity: int) -> dict:
    """The run's templates and their serialized contents, made now unless they are made already (the lock held)."""
    state = _state_file(list(templates.values()), "json")
    made = json.loads(state.read_text()) if state.exists() else {}
    if made.get("run") != run:  # none yet, or one left by an earlier run: made afresh
        made = {"run": run, "contents": {}}
        for alias in aliases:
            made["contents"][alias] = _create_template(
                connections[alias], templates[alias], verbosity, alias in serialized_aliases
            )
        state.write_text(json.dumps(made))
    return made


def setup_clones(aliases, serialized_aliases, run: str, worker: str, verbosity: int) -> list:
    """Give this xdist process its copy of the run's template (made first if nobody has made it).

    Returns what django.test.utils.teardown_databases takes to drop the copies."""
    aliases = sorted(aliases)
    templates = {alias: template_name(alias, worker) for alias in aliases}
    original = {alias: connections[alias].settings_dict["NAME"] for alias in aliases}
    torn_down = []
    with _locked(list(templates.values())):
        made = _templates_made(run, aliases, templates, serialized_aliases, verbosity)
        for alias in aliases:
            connection = connections[alias]
            own = f"{templates[alias]}_{worker}"
            _copy(connection, templates[alias], own)
            torn_down.append((connection, original[alias], True))
            connection.settings_dict["TEST"]["NAME"] = own
            connection.settings_dict["NAME"] = settings.DATABASES[alias]["NAME"] = own
            if alias in serialized_aliases and made["contents"].get(alias) is not None:
                connection._test_serialized_contents = made["contents"][alias]
    return torn_down


def drop_templates(aliases) -> None:
    """The xdist controller, when the run ends: the template and its state file go."""
    aliases = sorted(alias for alias in aliases if clonable(alias))
    templates = [template_name(alias) for alias in aliases]
    if not templates:
        return
    with _locked(templates):
        for alias, name in zip(aliases, templates, strict=True):
            _drop(connections[alias], name)
        _state_file(templates, "json").unlink(missing_ok=True)


def start_builder(run: str) -> subprocess.Popen | None:
    """The xdist controller: start making the run's template in a process of its own, and return once that process
    holds the lock (the xdist processes, started next, wait for it when they first need a database)."""
    from django.conf import settings as django_settings

    aliases = sorted(django_settings.DATABASES)
    if not all(clonable(alias) for alias in aliases):
        return None
    lock = _state_file([template_name(alias) for alias in aliases], "lock")
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_XDIST")}
    builder = subprocess.Popen(
        [sys.executable, "-m", "tests.db_template", run, str(lock)],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    builder.stdout.readline()  # "locked", or nothing if it died: then the first xdist process builds the template
    builder.stdout.close()
    return builder


def _build(run: str, lock: str) -> None:
    with _locked(path=lock):
        print("locked", flush=True)
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - the controller reads no further
        import django

        django.setup()
        aliases = sorted(settings.DATABASES)
        templates = {alias: template_name(alias) for alias in aliases}
        for alias in aliases:
            connections[alias].settings_dict.setdefault("TEST", {})
        _templates_made(run, aliases, templates, set(aliases), verbosity=0)


if __name__ == "__main__":
    _build(*sys.argv[1:3])
