"""The README's production tables list every environment variable the code reads, and nothing it no longer reads.

The code is read with ast, not run: a read is a call of cms.foundation.config's helpers (config.env, env_bool,
env_int, env_list, env_choice, env_json) or of os.environ / os.getenv, with the variable's name as a string literal.
A read whose name is computed must be listed in DYNAMIC_READS with the names it can take, or this test fails.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from tests.processes import ROOT

SOURCES = ["cms", "channels", "interpretation", "bodies", "media_templates", "manage.py"]
# Read only by the test settings (PYTEST_XDIST_WORKER, TEST_SHARED_CACHE_DIR, TEST_BEAT_ENTRY): not an operator's.
TEST_ONLY_FILES = {"cms/settings/test.py"}
HELPERS = {"env", "env_bool", "env_int", "env_list", "env_choice", "env_json"}
ENVIRON_METHODS = {"get", "setdefault", "pop", "__getitem__"}


def _ledger_tunables() -> list[str]:
    from channels import conf

    return list(conf.DEFAULTS)


# Reads whose variable name is computed: (file, enclosing function) -> the names it can take.
DYNAMIC_READS: dict[tuple[str, str], Callable[[], list[str]]] = {
    ("channels/conf.py", "get"): _ledger_tunables,  # config.env(name) for each name of channels.conf.DEFAULTS
}
# Variables deliberately left out of the README, with the reason. None today.
UNDOCUMENTED: dict[str, str] = {}


def python_files() -> Iterator[Path]:
    for entry in SOURCES:
        path = ROOT / entry
        yield from sorted(path.rglob("*.py")) if path.is_dir() else [path]


def _is_os_environ(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "environ" and _is_name(node.value, "os")


def _is_name(node: ast.AST, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name


def _read_name(node: ast.AST, in_config: bool) -> tuple[bool, ast.expr | None]:
    """(whether node reads the environment, the expression naming the variable)."""
    if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load) and _is_os_environ(node.value):
        return True, node.slice
    if isinstance(node, ast.Compare) and _is_os_environ(node.comparators[0]):
        if isinstance(node.ops[0], ast.In | ast.NotIn):
            return True, node.left
    if not isinstance(node, ast.Call) or not node.args:
        return False, None
    func = node.func
    if isinstance(func, ast.Attribute):
        if func.attr in HELPERS and _is_name(func.value, "config"):
            return True, node.args[0]
        if func.attr in ENVIRON_METHODS and _is_os_environ(func.value):
            return True, node.args[0]
        if func.attr == "getenv" and _is_name(func.value, "os"):
            return True, node.args[0]
    if in_config and isinstance(func, ast.Name) and func.id in HELPERS:  # config.py calling its own helpers
        return True, node.args[0]
    return False, None


def environment_reads() -> tuple[dict[str, list[str]], list[str]]:
    """{variable: [where it is read]} and the computed reads nobody has explained."""
    found: dict[str, list[str]] = {}
    unexplained = []
    for path in python_files():
        relative = path.relative_to(ROOT).as_posix()
        if relative in TEST_ONLY_FILES:
            continue
        tree = ast.parse(path.read_text(), filename=relative)
        in_config = relative == "cms/foundation/config.py"
        functions = [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)]
        for node in ast.walk(tree):
            reads, name = _read_name(node, in_config)
            if not reads:
                continue
            where = f"{relative}:{node.lineno}"
            if isinstance(name, ast.Constant) and isinstance(name.value, str):
                found.setdefault(name.value, []).append(where)
                continue
            function = min(
                (f for f in functions if f.lineno <= node.lineno <= (f.end_lineno or f.lineno)),
                key=lambda f: (f.end_lineno or f.lineno) - f.lineno,
                default=None,
            )
            function_name = function.name if function else ""
            if in_config and function_name in HELPERS:
                continue  # the helpers pass their caller's name on
            if (relative, function_name) in DYNAMIC_READS:
                for variable in DYNAMIC_READS[relative, function_name]():
                    found.setdefault(variable, []).append(where)
            else:
                unexplained.append(f"{where} ({function_name or 'module'})")
    return found, unexplained


def readme_tables() -> dict[str, str]:
    """{variable: its row's description} from every `| 变量 | 说明 | … |` table of the production section."""
    text = (ROOT / "README.md").read_text()
    section = text[text.index("## 生产环境配置") :]
    section = section[: section.index("\n## ", 1)]
    documented: dict[str, str] = {}
    in_table = False
    for line in section.splitlines():
        if line.startswith("| 变量 |"):
            in_table = True
            continue
        if not line.startswith("|"):
            in_table = False
            continue
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if in_table and not set(cells[0]) <= {"-", ":"}:
            for variable in re.findall(r"`([A-Z][A-Z0-9_]*)`", cells[0]):
                documented[variable] = cells[1]
    return documented


def test_the_scanner_finds_reads_of_every_kind():
    found, _ = environment_reads()
    assert "cms/foundation/config.py" in found["DATABASE_URL"][0]  # env("…") inside config.py
    assert any("base.py" in where for where in found["HEARTBEAT_MAX_AGE"])  # config.env_int
    assert "DELIVERY_SWEEP_SECONDS" in found  # os.environ.get
    assert "DJANGO_SETTINGS_MODULE" in found  # os.environ.setdefault / os.environ[…]
    assert "DELIVERY_LEASE_SECONDS" in found  # channels.conf, computed
    assert "PYTEST_XDIST_WORKER" not in found  # the test settings


def test_every_variable_the_code_reads_is_in_the_readme_and_every_listed_one_is_read():
    found, unexplained = environment_reads()
    assert not unexplained, (
        f"cannot tell which variable these read; name it literally or add to DYNAMIC_READS: {unexplained}"
    )
    documented = readme_tables()
    missing = sorted(set(found) - set(documented) - set(UNDOCUMENTED))
    stale = sorted(set(documented) - set(found))
    assert not missing, "README.md (生产环境配置) lacks: " + ", ".join(f"{v} ({found[v][0]})" for v in missing)
    assert not stale, f"README.md (生产环境配置) lists variables the code no longer reads: {', '.join(stale)}"


def test_every_row_says_what_happens_when_the_variable_is_not_set():
    vague = sorted(v for v, text in readme_tables().items() if not re.search("默认|必填|不设", text))
    assert not vague, f"README rows that give no default (默认…) and do not say 必填: {vague}"
