"""The public reading site: pages, search, page cache and its invalidation, feeds, uploads."""
