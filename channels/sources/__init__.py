"""Upstream sources (信息源): the database-free core of the feed watcher.

Fetch an upstream listing safely (``fetch``), decode it (``encoding``), parse it into
``UpstreamItem`` records (``feed``, ``json_list``, ``html_list``, facade in ``parsers``),
sanitise bodies (``sanitize``) into the form Wagtail's editor round-trips (``rich_text``; the
"upstream-image" editor feature it relies on is registered by ``wagtail_features``) and work out
identities for deduplication (``identity``). Nothing here touches the database; models and tasks
build on top of it.
"""
