"""Run every benchmark module and print one table of figures: `python -m tests.benchmarks [name ...]`."""

import importlib
import os
import pkgutil
import sys
import time

import django


def main(selected: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    django.setup()
    from tests.benchmarks.harness import end_test_environment

    package = importlib.import_module("tests.benchmarks")
    names = sorted(m.name for m in pkgutil.iter_modules(package.__path__) if m.name.startswith("bench_"))
    if selected:
        names = [n for n in names if any(s in n for s in selected)]
    if not names:
        print("没有找到基准测试 / no benchmarks found")
        return 1
    rows, failed = [], 0
    for name in names:
        print(f"running {name} ...", file=sys.stderr, flush=True)
        started = time.perf_counter()
        try:
            figures = importlib.import_module(f"tests.benchmarks.{name}").run()
        except Exception as exc:  # one broken benchmark must not hide the others' figures
            failed += 1
            figures = [("error", f"{type(exc).__name__}: {exc}")]
        finally:
            end_test_environment()
        rows += [(name, figure, str(value)) for figure, value in figures]
        rows.append((name, "wall time (s)", f"{time.perf_counter() - started:.1f}"))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    print("\n" + "  ".join(h.ljust(w) for h, w in zip(("benchmark", "figure", "value"), widths, strict=True)))
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
