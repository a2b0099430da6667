"""The public reading site: search, page cache, feeds.

`interpretation.models` imports `interpretation.public.search`, so this package loads in every process; the
cache-invalidation receivers are connected here for that reason (see receivers.py).
"""

from interpretation.public import receivers  # noqa: F401
