"""Compiles the project's own translations (locale/*/LC_MESSAGES/*.po) into the .mo files Django reads.

Wagtail's and Django's zh_Hans catalogs leave many admin strings in English; locale/ supplies them. The .mo files
are build output: `make install` and the test session run this, which compiles only catalogs whose .po is newer
than their .mo, with Babel (pure Python: no GNU gettext needed on the machine). Never .po files inside .venv.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent.parent.parent / "locale"


def compile_catalogs(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Compile each stale catalog under `locale_dir`; returns the .mo files written."""
    written = []
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parent.parent.name, abort_invalid=True)
        temporary = mo_path.with_suffix(".mo.tmp")
        with temporary.open("wb") as mo_file:
            write_mo(mo_file, catalog)
        temporary.replace(mo_path)  # another process never reads half a catalog
        written.append(mo_path)
    return written


if __name__ == "__main__":
    for path in compile_catalogs(Path(sys.argv[1]) if len(sys.argv) > 1 else LOCALE_DIR):
        print(f"compiled {path}")
