"""What every benchmark of `python -m tests.benchmarks` shares: they run one after another in one process."""

from django.test.utils import setup_test_environment, teardown_test_environment


def fresh_test_environment() -> None:
    """Django's test environment (locmem e-mail, test settings), set up afresh even when an earlier benchmark (or
    an earlier step of this one) left it set up: Django refuses to set it up twice."""
    try:
        setup_test_environment()
    except RuntimeError:
        teardown_test_environment()
        setup_test_environment()


def end_test_environment() -> None:
    """After a benchmark: leave no test environment behind for the next one."""
    try:
        teardown_test_environment()
    except AttributeError:  # none was set up
        pass


def run_child_on_postgres(database: str, module: str, flag: str, *, timeout: int) -> list[tuple[str, str]] | None:
    """Run `python -m <module> <flag>` with DATABASE_URL on its own PostgreSQL database (created if missing) and
    return the figures it prints as tab-separated lines; None when no PostgreSQL answers on 127.0.0.1."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    if subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"], check=False).returncode != 0:
        return None
    exists = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", f"SELECT 1 FROM pg_database WHERE datname='{database}'"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not exists:
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", database], check=True)
    env = {**os.environ, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}", "LOG_LEVEL": "WARNING"}
    env.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", module, flag],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-3000:])
    return [tuple(line.split("\t", 1)) for line in result.stdout.splitlines() if "\t" in line]
