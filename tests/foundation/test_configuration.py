"""Bad configuration stops start-up with one clear line naming the variable, never a traceback."""

import os
import subprocess
import sys

import pytest

from tests.processes import ROOT


def start(settings_module: str, **env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "REDIS_URL"}}
    clean.update(DJANGO_SETTINGS_MODULE=settings_module, **env)
    return subprocess.run(
        [sys.executable, "manage.py", "migrate", "--check"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def assert_one_clear_line(result, variable):
    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert variable in lines[0]
    assert "配置错误" in lines[0]
    assert "Traceback" not in result.stderr


def test_production_without_secret_key_names_the_variable():
    result = start("cms.settings.production", ALLOWED_HOSTS="gov.example", SITE_URL="https://gov.example")
    assert_one_clear_line(result, "SECRET_KEY")


def test_production_with_debug_on_is_refused():
    result = start(
        "cms.settings.production",
        SECRET_KEY="x" * 50,
        DEBUG="true",
        ALLOWED_HOSTS="gov.example",
        SITE_URL="https://gov.example",
    )
    assert_one_clear_line(result, "DEBUG")


@pytest.mark.parametrize("url", ["redis//localhost:6379", "kafka://host:9092", "redis://host:port/0", "redis:///0"])
def test_malformed_broker_url_names_the_variable(url):
    assert_one_clear_line(start("cms.settings.dev", CELERY_BROKER_URL=url), "CELERY_BROKER_URL")


def test_unreachable_database_names_the_variable():
    # Port 1 on loopback: nothing listens there, so the connection is refused at once.
    result = start("cms.settings.dev", DATABASE_URL="postgres://nobody@127.0.0.1:1/nothing")
    assert_one_clear_line(result, "DATABASE_URL")
    assert "127.0.0.1" in result.stderr


def test_malformed_redis_url_names_the_variable():
    assert_one_clear_line(start("cms.settings.dev", REDIS_URL="localhost:6379"), "REDIS_URL")


def test_unreachable_broker_is_reported_by_preflight():
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(DJANGO_SETTINGS_MODULE="cms.settings.test", CELERY_BROKER_URL="redis://127.0.0.1:1/0")
    result = subprocess.run(
        [sys.executable, "manage.py", "preflight"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert_one_clear_line(result, "CELERY_BROKER_URL")


@pytest.mark.parametrize("kinds", ['{"wx123": service}', '{"wx123": "enterprise"}', '["wx123"]'])
def test_malformed_account_kinds_name_the_variable(kinds):
    assert_one_clear_line(start("cms.settings.dev", WECHAT_ACCOUNT_KINDS=kinds), "WECHAT_ACCOUNT_KINDS")


def test_account_kinds_come_from_the_environment():
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "REDIS_URL"}}
    clean.update(DJANGO_SETTINGS_MODULE="cms.settings.dev", WECHAT_ACCOUNT_KINDS='{"wx123": "service"}')
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.WECHAT_ACCOUNT_KINDS)"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "{'wx123': 'service'}", result.stderr
