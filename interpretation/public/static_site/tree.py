"""Where a site's static files live and how they are written: atomically, never half a file.

STATIC_SITE_ROOT holds one folder per Wagtail site, named after its hostname (hostname_port when two sites share a
hostname). A page's URL `/policies/x/` is the file `policies/x/index.html`; any other path (a feed) is its own
name. Each file is written to a temporary file in the same folder, then renamed over the old one (os.replace), so
a reader, nginx or a crash sees either the old file or the new one. Its gzip copy (`.gz`, for nginx's
gzip_static) is renamed first: a file whose bytes are current always has a current copy beside it.
"""

from __future__ import annotations

import contextlib
import fcntl
import gzip
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from django.conf import settings
from wagtail.models import Site

INDEX = "index.html"
GZIP_SUFFIX = ".gz"
#: Files at least this long get a gzip copy; below it the copy saves nothing.
GZIP_MIN_BYTES = 256


def root() -> Path:
    return Path(settings.STATIC_SITE_ROOT)


def folder_name(site: Site) -> str:
    """The site's folder: its hostname, with the port when another site has the same hostname."""
    shared = Site.objects.filter(hostname=site.hostname).exclude(pk=site.pk).exists()
    return f"{site.hostname}_{site.port}" if shared else site.hostname


def site_root(site: Site) -> Path:
    return root() / folder_name(site)


def relative_file(path: str) -> PurePosixPath | None:
    """The file a URL path is kept in, relative to the site's folder; None for a path that cannot be a file."""
    parts = [part for part in path.split("/") if part]
    if any(part in (".", "..") or part.startswith(".") for part in parts):
        return None
    if path.endswith("/") or not parts:
        parts.append(INDEX)
    return PurePosixPath(*parts)


def file_for(folder: Path, path: str) -> Path | None:
    relative = relative_file(path)
    return folder / relative if relative is not None else None


def url_path(relative: PurePosixPath) -> str:
    """The URL path a file under a site's folder answers (the inverse of relative_file)."""
    if relative.name == INDEX:
        parent = str(relative.parent)
        return "/" if parent == "." else f"/{parent}/"
    return f"/{relative}"


def _replace(target: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `target`, flush it to disk, then rename it over `target`."""
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        before_rename(target)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def before_rename(target: Path) -> None:
    """The moment between writing and renaming: a no-op, named so that a test can stop a write exactly there."""


def write(target: Path, data: bytes, compress: bool = True) -> bool:
    """Put `data` at `target` (and its gzip copy beside it); False when the file already holds exactly that."""
    try:
        if target.read_bytes() == data:
            return False
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    compressed = target.with_name(target.name + GZIP_SUFFIX)
    if compress and len(data) >= GZIP_MIN_BYTES:
        _replace(compressed, gzip.compress(data, compresslevel=9, mtime=0))
    else:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(compressed)
    _replace(target, data)
    return True


def remove(target: Path, stop_at: Path) -> bool:
    """Delete the file and its gzip copy (the copy first: never a copy without its file), and folders left empty
    up to `stop_at`; False when there was nothing to delete."""
    removed = False
    for name in (target.name + GZIP_SUFFIX, target.name):
        with contextlib.suppress(FileNotFoundError, NotADirectoryError):
            os.unlink(target.with_name(name))
            removed = True
    folder = target.parent
    while folder != stop_at and stop_at in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            break
        folder = folder.parent
    return removed


def remove_folder(folder: Path, path: str) -> list[str]:
    """Remove the URL path's file and every file below it (renamed aside first, so nothing half-removed is served);
    the URL paths removed."""
    relative = relative_file(path)
    if relative is None:
        return []
    directory = folder / relative.parent
    removed = [path] if remove(folder / relative, folder) else []
    if directory == folder or not directory.is_dir():
        return removed
    aside = directory.with_name(f".{directory.name}.{uuid.uuid4().hex}.removed")
    try:
        os.rename(directory, aside)
    except FileNotFoundError:
        return removed
    prefix = PurePosixPath(directory.relative_to(folder).as_posix())
    removed += [url_path(prefix / inner) for inner in files(aside)]
    shutil.rmtree(aside, ignore_errors=True)
    parent = directory.parent
    while parent != folder and folder in parent.parents:
        try:
            parent.rmdir()
        except OSError:
            break
        parent = parent.parent
    return removed


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """One writer per site folder at a time, across processes (workers, the web process, the build command)."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    with open(folder.parent / f".{folder.name}.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def clean_leftovers(folder: Path) -> int:
    """Remove what killed writers left behind (temporary files, folders set aside); call under the lock."""
    if not folder.is_dir():
        return 0
    count = 0
    for path in list(folder.rglob(".*")):
        if path.name.endswith(".tmp") and path.is_file():
            path.unlink(missing_ok=True)
            count += 1
        elif path.name.endswith(".removed") and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
            count += 1
    return count


def files(folder: Path) -> list[PurePosixPath]:
    """Every served file under a site's folder (not the gzip copies, not temporary files)."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and not path.name.endswith(GZIP_SUFFIX) and not path.name.startswith("."):
            found.append(PurePosixPath(path.relative_to(folder).as_posix()))
    return sorted(found)
