"""Generated images: cover + thumbnail + a 10-point 图解 must take at most 500 ms on 2 cores.

Run alone with `python -m tests.benchmarks.bench_media_templates`, or with the others via `make bench`.
Peak memory: tracemalloc sees Python objects only (Pillow's pixel buffers are C allocations), so
the process's peak RSS is reported as well.
"""

import os
import resource
import statistics
import sys
import time
import tracemalloc
from datetime import date

RUNS = 15
BUDGET_MS = 500


def _setup_django():
    from django.apps import apps

    if not apps.ready:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
        import django

        django.setup()


def _content():
    from media_templates.content import GraphicSpec, KeyPoint, PolicyContent, QAPair

    policy = PolicyContent(
        title="和历市人民政府办公室关于印发《和历市促进中小企业高质量发展若干措施》的通知",
        document_number="和历政办发〔2025〕12号",
        index_number="11530700MB1234567X/2025-00012",
        issuing_organ="和历市人民政府办公室",
        drafting_department="和历市工业和信息化局",
        date_written=date(2025, 3, 1),
        date_published=date(2025, 3, 5),
        effective_date=date(2025, 4, 1),
        topic="工业、交通/中小企业",
        validity_label="有效",
        disclosure_label="主动公开",
        summary="从融资支持、减税降费、人才引进等方面提出10条措施。",
        body_html="<p>正文</p>",
        url="https://www.example.gov.cn/zhengce/2025/12/",
        guid="bench",
    )
    points = tuple(
        KeyPoint(
            f"第{i}项措施：支持中小企业发展",
            "对符合条件的企业给予一次性奖励，最高不超过50万元，所需资金由市财政统筹安排。",
            f"{i * 10}万元" if i % 3 else "",
        )
        for i in range(1, 11)
    )
    spec = GraphicSpec(
        title="一图读懂《和历市促进中小企业高质量发展若干措施》",
        subtitle="十条措施，助力中小企业减负增效",
        key_points=points,
        steps=("在线申报", "部门审核（5个工作日）", "资金拨付"),
        qa=(QAPair("哪些企业可以申请？", "在和历市注册登记的中小企业均可申请。"),),
        source_line="来源：和历市工业和信息化局",
    )
    return policy, spec


def _rss_mb() -> float:
    # ru_maxrss is in KiB on Linux (bytes on macOS)
    scale = 1 if sys.platform != "darwin" else 1 / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 1024


def _status_mb(field: str) -> str:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return f"{int(line.split()[1]) / 1024:.0f}"
    except OSError:
        pass
    return "n/a"


def run():
    _setup_django()
    from media_templates.images.cover import render_cover, render_thumbnail
    from media_templates.images.graphic import render_graphic
    from media_templates.style import load_style

    policy, spec = _content()
    style = load_style()
    rss_before = _rss_mb()

    def once():
        timings = {}
        for name, make in (
            ("cover", lambda: render_cover(policy, style=style)),
            ("thumbnail", lambda: render_thumbnail(policy, style=style)),
            ("图解", lambda: render_graphic(spec, style=style)),
        ):
            started = time.perf_counter()
            image = make()
            timings[name] = ((time.perf_counter() - started) * 1000, image)
        return timings

    started = time.perf_counter()
    first = once()  # cold: fonts loaded, caches filled
    cold_ms = (time.perf_counter() - started) * 1000

    tracemalloc.start()
    once()
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    totals, parts = [], {name: [] for name in first}
    for _ in range(RUNS):
        result = once()
        totals.append(sum(ms for ms, _ in result.values()))
        for name, (ms, _) in result.items():
            parts[name].append(ms)
    totals.sort()
    median = statistics.median(totals)
    sizes = {name: image for name, (_, image) in first.items()}
    figures = [
        ("cover+thumb+10-point 图解 median ms", f"{median:.0f}"),
        ("cover+thumb+10-point 图解 p95 ms", f"{totals[int(len(totals) * 0.95)]:.0f}"),
        (f"within {BUDGET_MS} ms budget", "yes" if median <= BUDGET_MS else "NO"),
        ("first (cold) run ms", f"{cold_ms:.0f}"),
    ]
    figures += [(f"{name} median ms", f"{statistics.median(ms):.0f}") for name, ms in parts.items()]
    figures += [
        (
            "cover size",
            f"{sizes['cover'].size[0]}×{sizes['cover'].size[1]} JPEG, {len(sizes['cover'].data) / 1024:.0f} KB",
        ),
        (
            "thumbnail size",
            f"{sizes['thumbnail'].size[0]}px JPEG q{sizes['thumbnail'].meta['quality']}, "
            f"{len(sizes['thumbnail'].data) / 1024:.0f} KB (≤64)",
        ),
        (
            "图解 size",
            f"{sizes['图解'].size[0]}×{sizes['图解'].size[1]} {sizes['图解'].format}, "
            f"{len(sizes['图解'].data) / 1024:.0f} KB",
        ),
        ("peak memory MB (tracemalloc, Python heap, one run)", f"{traced_peak / 2**20:.1f}"),
        ("peak RSS MB (whole process)", f"{_rss_mb():.0f}"),
        ("peak RSS growth MB during benchmark", f"{_rss_mb() - rss_before:.0f}"),
        (
            "RSS now MB: private (anon) / font files mapped (shared)",
            f"{_status_mb('RssAnon')} / {_status_mb('RssFile')}",
        ),
        (
            "CPU cores available",
            str(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()),
        ),
    ]
    return figures


if __name__ == "__main__":
    for figure, value in run():
        print(f"{figure}: {value}")
