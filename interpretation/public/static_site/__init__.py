"""静态化 (static publishing): released public pages written out as files, so that the web server in front answers
them at the static-file rate and keeps answering while the application, the database or Redis is down.

- tree.py: where a site's files live (STATIC_SITE_ROOT/<site folder>/...), written atomically with gzip beside.
- render.py: a page rendered exactly as an anonymous reader gets it, through the application's own middleware.
- pages.py: which paths a change touches (extensible: register another provider with `pages.provides`).
- publish.py: write what a change touches, remove what is no longer public, rebuild and check a whole tree.
- middleware.py: `make run` answers from the tree as nginx does in production.
The website channel (channels.adapters.website) calls publish on every release and withdrawal.
"""
