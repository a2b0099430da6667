"""Public views: the offline demo's upstream sites, served from ``channels/sources/samples``.

Only files inside that folder are served (``sample_path`` refuses anything that leaves it), with
their content types, and only when ``WATCHER_SERVE_SAMPLES`` is on (default: ``DEBUG``), so a
production site never shows invented "State Council" pages. ``noindex`` keeps them out of search.
"""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.views.decorators.http import condition, require_GET

from channels.sources.demo import sample_path

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".xml": "application/rss+xml; charset=utf-8",
    ".json": "application/json; charset=utf-8",
}


def samples_enabled() -> bool:
    return bool(settings.WATCHER_SERVE_SAMPLES)


def _etag(request, relative: str) -> str | None:
    """Lets the demo show conditional GETs: the second poll of an unchanged sample is a 304."""
    if not samples_enabled():
        return None
    try:
        stat = sample_path(relative).stat()
    except (FileNotFoundError, OSError, ValueError):
        return None
    return f"{stat.st_mtime_ns:x}-{stat.st_size:x}"


@require_GET
@condition(etag_func=_etag)
def sample_file(request, relative: str):
    if not samples_enabled():
        raise Http404("演示数据未开启")
    try:
        path = sample_path(relative)
    except (FileNotFoundError, OSError, ValueError) as exc:
        raise Http404("没有这个演示文件") from exc
    content_type = CONTENT_TYPES.get(path.suffix.lower())
    if content_type is None:
        raise Http404("没有这个演示文件")
    response = HttpResponse(path.read_bytes(), content_type=content_type)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "no-cache"
    return response
