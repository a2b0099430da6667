"""Write what a change touches, remove what is no longer public, rebuild or check a whole site's tree.

A path is written only when its page is publicly visible (interpretation.visibility, the one rule) and the
application renders it 200 and pure (render.py); a path that renders 404 or a redirect is removed. A server error
raises RenderFailed and touches nothing: the website channel retries the delivery, and the old file stays.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from wagtail.models import Page, Site

from interpretation.public.static_site import pages, render, tree
from interpretation.visibility import publicly_visible_pages

SITES_FILE = "sites.json"
logger = logging.getLogger(__name__)


class RenderFailed(Exception):
    """The application could not render a path (a 5xx): nothing is written or removed for it."""


@dataclass
class Report:
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    dynamic: dict[str, str] = field(default_factory=dict)  # path -> why it stays with the application

    def add(self, other: Report) -> None:
        self.written += other.written
        self.removed += other.removed
        self.unchanged += other.unchanged
        self.dynamic.update(other.dynamic)


@dataclass
class Drift:
    site: str
    path: str
    problem: str  # missing | different | unexpected


def _visible_ids(paths: pages.Paths) -> set[int]:
    ids = sorted({page.pk for page in paths.values() if page is not None})
    visible: set[int] = set()
    for start in range(0, len(ids), 5000):  # SQLite's limit on query parameters
        chunk = ids[start : start + 5000]
        visible.update(publicly_visible_pages().filter(pk__in=chunk).values_list("pk", flat=True))
    return visible


def _expected(site: Site, path: str, page: Page | None, visible: set[int]) -> render.Rendered | None:
    """The rendering to write for `path`, or None when nothing may be there; RenderFailed on a server error."""
    if page is not None and page.pk not in visible:
        return None  # never rendered at all: a non-public page's content is never in hand here
    rendered = render.render(site, path)
    if rendered.status >= 500:
        raise RenderFailed(f"{path} on {site.hostname}: the application answered {rendered.status}")
    return rendered


def sync(site: Site, paths: pages.Paths, tick: Callable[[], None] | None = None) -> Report:
    """Bring these paths of the site's tree up to date with the application."""
    folder = tree.site_root(site)
    report = Report()
    if not tree_exists():
        _write_sites_file()  # first: a tree is never there without its map (receivers look for it)
    with tree.locked(folder):
        _sync(site, folder, paths, report, tick)
    _write_sites_file()
    return report


def _sync(site: Site, folder: Path, paths: pages.Paths, report: Report, tick: Callable[[], None] | None) -> None:
    """Under the site's lock: a render that started earlier never overwrites one that started later."""
    visible = _visible_ids(paths)
    for path, page in sorted(paths.items(), key=lambda item: item[0]):
        target = tree.file_for(folder, path)
        if target is None:
            continue
        rendered = _expected(site, path, page, visible)
        if rendered is not None and rendered.writable:
            if tree.write(target, rendered.body):
                report.written.append(path)
            else:
                report.unchanged += 1
            _remember_headers(site, rendered)
        else:
            if rendered is not None and rendered.status == 200:
                report.dynamic[path] = rendered.impure
            if tree.remove(target, folder):
                report.removed.append(path)
        if tick is not None:
            tick()


def publish_page(page: Page) -> Report:
    """A release, update or withdrawal of `page`: rewrite every path showing it, on every site, remove the rest."""
    report = Report()
    for site, paths in pages.paths_for(page).items():
        report.add(sync(site, paths))
    return report


def files_in_place(page: Page, expect: list[str]) -> list[str]:
    """Problems (Chinese) with the page's files on every site: a public page's file must exist and show `expect`;
    a non-public page must have none."""
    page = page.specific
    public = publicly_visible_pages().filter(pk=page.pk).exists()
    problems = []
    for site, paths in pages.paths_for(page).items():
        folder = tree.site_root(site)
        for path, shown in paths.items():
            if shown is None or shown.pk != page.pk or path.endswith("catalog/"):
                continue
            target = tree.file_for(folder, path)
            if target is None:
                continue
            if not public:
                if target.exists():
                    problems.append(f"静态页面 {folder.name}{path} 仍未删除")
                continue
            try:
                text = target.read_text("utf-8")
            except FileNotFoundError:
                problems.append(f"静态页面 {folder.name}{path} 尚未写入")
                continue
            missing = [item for item in expect if item and item not in text and _escaped(item) not in text]
            if missing:
                problems.append(f"静态页面 {folder.name}{path} 缺少“{missing[0]}”")
    return problems


def _escaped(text: str) -> str:
    from html import escape

    return escape(text)


def build(site: Site, tick: Callable[[], None] | None = None, total: Callable[[int], None] | None = None) -> Report:
    """The site's whole tree: every path written or confirmed unchanged, files nothing renders any more removed."""
    paths = pages.all_paths(site)
    if total is not None:
        total(len(paths))
    report = sync(site, paths, tick)
    folder = tree.site_root(site)
    with tree.locked(folder):
        tree.clean_leftovers(folder)
        for relative in tree.files(folder):
            path = tree.url_path(relative)
            if path not in paths and tree.remove(folder / relative, folder):
                report.removed.append(path)
    return report


def check(site: Site, tick: Callable[[], None] | None = None) -> list[Drift]:
    """Compare the site's tree with what the application renders now; writes nothing."""
    paths = pages.all_paths(site)
    folder = tree.site_root(site)
    visible = _visible_ids(paths)
    drifts = []
    for path, page in sorted(paths.items(), key=lambda item: item[0]):
        target = tree.file_for(folder, path)
        if target is None:
            continue
        rendered = _expected(site, path, page, visible)
        writable = rendered is not None and rendered.writable
        try:
            current = target.read_bytes()
        except FileNotFoundError:
            current = None
        if writable and current is None:
            drifts.append(Drift(folder.name, path, "missing"))
        elif writable and rendered is not None and current != rendered.body:
            drifts.append(Drift(folder.name, path, "different"))
        elif not writable and current is not None:
            drifts.append(Drift(folder.name, path, "unexpected"))
        if tick is not None:
            tick()
    for relative in tree.files(folder):
        path = tree.url_path(relative)
        if path not in paths:
            drifts.append(Drift(folder.name, path, "unexpected"))
    return drifts


# -- what the tree's server needs to know: which folder answers which host, and which headers to send -----------


_headers_seen: dict[str, dict[str, str]] = {}


def _remember_headers(site: Site, rendered: render.Rendered) -> None:
    if rendered.content_type.startswith("text/html"):
        _headers_seen[tree.folder_name(site)] = rendered.headers


def _write_sites_file() -> None:
    """STATIC_SITE_ROOT/sites.json: each host's folder, the default folder, and the security headers the
    application sends with each site's pages (the middleware and the nginx include send the same)."""
    target = tree.root() / SITES_FILE
    try:
        known = json.loads(target.read_text("utf-8"))
    except (FileNotFoundError, ValueError):
        known = {}
    hosts: dict[str, str] = {}
    default = ""
    for site in Site.objects.order_by("pk"):
        folder = tree.folder_name(site)
        hosts[f"{site.hostname}:{site.port}"] = folder
        hosts.setdefault(site.hostname, folder)
        if site.is_default_site:
            default = folder
            _scheme, public_host = render.host_for(site)
            hosts.setdefault(public_host, folder)
    headers = {**known.get("headers", {}), **_headers_seen}
    data = {"default": default, "hosts": hosts, "headers": headers}
    if data != known:
        tree.root().mkdir(parents=True, exist_ok=True)
        tree.write(target, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode(), compress=False)


def sites_file(root: Path | None = None) -> dict:
    try:
        return json.loads(((root or tree.root()) / SITES_FILE).read_text("utf-8"))
    except (FileNotFoundError, ValueError):
        return {}


# -- changes outside a delivery (receivers.py) -------------------------------------------------------------


def tree_exists() -> bool:
    return (tree.root() / SITES_FILE).is_file()


def withdraw(page: Page) -> list[str]:
    """Remove the page's files and everything below it (a policy's materials) on every site, without rendering:
    a withdrawn page must stop being served at once, whatever else fails."""
    removed: list[str] = []
    if not tree_exists():
        return removed
    for root in pages.site_roots():
        if not page.path.startswith(root.root_page_path) or not page.url_path:
            continue
        relative = "/" + page.url_path[len(root.root_path) :]
        folder = tree.site_root(root.site)
        if relative == "/":
            continue  # a site's root unpublished: its pages are withdrawn one by one, the folder stays for nginx
        with tree.locked(folder):
            removed += tree.remove_folder(folder, relative)
    return removed


def refresh(page: Page) -> None:
    """Rewrite what shows `page` after a change no delivery writes; when that fails, remove those files instead so
    that the application answers (slower, never stale). `build_static_site` writes them again."""
    try:
        publish_page(page)
    except Exception:  # noqa: BLE001 - whatever failed, a stale list must not stay in front of readers
        logger.exception("static site: could not rewrite the pages showing page %s; removing them", page.pk)
        for site, paths in pages.paths_for(page).items():
            folder = tree.site_root(site)
            for path in paths:
                target = tree.file_for(folder, path)
                if target is not None:
                    tree.remove(target, folder)


def refresh_routes(page: Page) -> None:
    """Rewrite the page's own sub-paths (a compiled 依申请公开目录 edition and the catalogue listing it) on every
    site; when that fails, remove them so that the application answers. `build_static_site` writes them again."""
    if not tree_exists():
        return
    routes = pages.routes_for(page)
    try:
        for site, paths in routes.items():
            sync(site, paths)
    except Exception:  # noqa: BLE001 - whatever failed, a stale catalogue must not stay in front of readers
        logger.exception("static site: could not rewrite the sub-paths of page %s; removing them", page.pk)
        for site, paths in routes.items():
            folder = tree.site_root(site)
            for path in paths:
                target = tree.file_for(folder, path)
                if target is not None:
                    tree.remove(target, folder)
