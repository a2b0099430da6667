"""On demand, not part of the suite: read a folder of feeds (e.g. feedparser's own ``tests/``, fetched by hand)
through our feed kind and count what comes out.

    python -m tests.benchmarks.feed_corpus /path/to/feedparser/tests [--show 10]

Figures: feeds read (at least one item), feeds without items (and of those, feeds where feedparser alone
finds entries), parse failures (``ParseError``), crashes (any other exception: a bug), entries feedparser alone
finds, our items, entries skipped with a warning, and bodies that do not survive Wagtail's editor (read into
contentstate and written back: a converter error, or different text, links or images). No network.
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

import django
import feedparser


def _meaning(html: str) -> tuple[str, list[str | None], list[str | None]]:
    import lxml.html

    root = lxml.html.fragment_fromstring(html or "<p></p>", create_parent="div")
    text = re.sub(r"\s+", "", root.text_content())
    return text, [a.get("href") for a in root.iter("a")], [img.get("src") for img in root.iter("img")]


def survives_editor(converter, html: str) -> str:
    """ "" when ``html`` comes back from the editor with the same meaning, else why not."""
    try:
        stored = converter.to_database_format(converter.from_database_format(html))
    except Exception as exc:
        return f"converter: {type(exc).__name__}: {exc}"
    return "" if _meaning(stored) == _meaning(html) else "meaning changed"


def run(folder: Path, show: int = 5) -> dict[str, int]:
    from channels.sources.errors import ParseError
    from channels.sources.feed import parse_feed
    from channels.sources.rich_text import draft_body
    from channels.watcher.models import RepublicationPage

    logging.getLogger("channels.sources.feed").setLevel(logging.ERROR)  # skipped entries are counted instead
    converter = RepublicationPage._meta.get_field("body").formfield().widget.converter
    counts: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in (".xml", ".rss", ".atom", ".rdf")):
        counts["files"] += 1
        name = str(path.relative_to(folder))
        content = path.read_bytes()
        entries = len(feedparser.parse(io.BytesIO(content)).entries)
        counts["entries (feedparser alone)"] += entries
        try:
            result = parse_feed(content, url=f"http://127.0.0.1/corpus/{name}")
        except ParseError:
            counts["parse failures"] += 1
            continue
        except Exception as exc:  # a crash is a bug: keep going, report it
            counts["crashes"] += 1
            examples.setdefault("crashes", []).append(f"{name}: {exc!r}")
            continue
        counts["feeds read" if result.items else "feeds without items"] += 1
        if entries and not result.items:
            counts["feeds with entries, no item"] += 1
            examples.setdefault("feeds with entries, no item", []).append(f"{name}: {result.warnings[:1]}")
        counts["items"] += len(result.items)
        counts["entries skipped"] += sum("skipped" in warning for warning in result.warnings)
        for item in result.items:
            problem = survives_editor(converter, draft_body(item.body_html, item.summary))
            if problem:
                counts["round-trip failures"] += 1
                examples.setdefault("round-trip failures", []).append(f"{name} {item.guid}: {problem}")
    for kind, lines in examples.items():
        print(f"-- {kind} (first {show} of {len(lines)})", file=sys.stderr)
        for line in lines[:show]:
            print("   " + line[:300], file=sys.stderr)
    return dict(counts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--show", type=int, default=5, help="examples printed per kind of failure")
    arguments = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    django.setup()
    started = time.perf_counter()
    counts = run(arguments.folder, arguments.show)
    figures = ("files", "feeds read", "feeds without items", "feeds with entries, no item", "parse failures")
    for figure in (*figures, "crashes", "entries (feedparser alone)", "items"):
        print(f"{figure:22} {counts.get(figure, 0)}")
    for figure in ("entries skipped", "round-trip failures"):
        print(f"{figure:22} {counts.get(figure, 0)}")
    print(f"{'wall time (s)':22} {time.perf_counter() - started:.1f}")
    return 1 if counts.get("crashes") or counts.get("round-trip failures") else 0


if __name__ == "__main__":
    sys.exit(main())
