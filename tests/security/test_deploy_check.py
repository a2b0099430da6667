"""`manage.py check --deploy` with the README's production variables finds nothing to warn about, and still warns
when the operator turns Django's https redirect off without saying that the proxy redirects instead."""

import subprocess
import sys

from tests.processes import ROOT
from tests.security.production_env import production_env


def check_deploy(tmp_path, **extra: str) -> str:
    env = production_env(f"sqlite:///{tmp_path / 'deploy.sqlite3'}", VAR_DIR=str(tmp_path), **extra)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return f"rc={result.returncode}\n{result.stdout}{result.stderr}"


def test_the_readme_production_variables_pass_the_deploy_check_without_a_warning(tmp_path):
    output = check_deploy(tmp_path, REDIS_URL="redis://127.0.0.1:6379/5")
    assert output.startswith("rc=0"), output
    assert "System check identified no issues" in output, output
    assert "WARNING" not in output and "ERROR" not in output and "?:" not in output, output


def test_a_proxy_that_redirects_to_https_is_declared_not_silenced_by_accident(tmp_path):
    declared = check_deploy(tmp_path, PROXY_REDIRECTS_HTTPS="true")
    assert "System check identified no issues" in declared and "W008" not in declared, declared
    undeclared = check_deploy(tmp_path, SECURE_SSL_REDIRECT="false")
    assert "security.W008" in undeclared, undeclared
