"""The nginx include files that go with the tree, written from what the application itself sends, so that the
headers nginx adds to the files it serves cannot drift from the application's settings.

- `hosts.conf` (http context): `map $host $static_site { ... }`, each host's folder, the default site's otherwise;
  and `$static_bypass`, non-empty when the application must answer although a file exists: a query string (search,
  list pages beyond the first) or a logged-in editor's session cookie. Used as a prefix in `try_files` (no `if`):
  `try_files $static_bypass$uri $static_bypass${uri}index.html @app;` (a dot folder is never written).
- `headers.conf` (server or location context): the security headers (CSP, X-Frame-Options, nosniff, HSTS,
  Referrer-Policy...) of a rendered page, as `add_header ... always;`.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

from interpretation.public.static_site import publish, tree

FOLDER = "nginx"


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def hosts_conf(sites: dict) -> str:
    lines = ["# Written by manage.py build_static_site: the static tree's folder for each host."]
    lines.append("map $host $static_site {")
    lines.append(f"    default {_quote(sites.get('default', ''))};")
    for host, folder in sorted(sites.get("hosts", {}).items()):
        if ":" not in host:
            lines.append(f"    {_quote(host)} {_quote(folder)};")
    lines.append("}")
    cookie = re.sub(r"[^A-Za-z0-9_]", "_", settings.SESSION_COOKIE_NAME)
    lines.append("# A query string or a session: the application answers (search, list pages, logged-in editors).")
    lines.append(f'map "$args$cookie_{cookie}" $static_bypass {{ "" ""; default "/.application"; }}')
    return "\n".join(lines) + "\n"


def headers_conf(sites: dict) -> str:
    headers = sites.get("headers", {}).get(sites.get("default", ""), {})
    lines = ["# Written by manage.py build_static_site: the security headers the application sends with its pages."]
    lines += [f"add_header {name} {_quote(value)} always;" for name, value in sorted(headers.items())]
    return "\n".join(lines) + "\n"


def write() -> list[Path]:
    sites = publish.sites_file()
    folder = tree.root() / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in (("hosts.conf", hosts_conf(sites)), ("headers.conf", headers_conf(sites))):
        target = folder / name
        tree.write(target, text.encode(), compress=False)
        written.append(target)
    return written
