"""Feed watcher (转载): finds higher-level policies upstream and prepares their republication.

Built on the database-free core in ``channels.sources``: ``polling`` fetches and parses a
source, ``intake`` turns items into records and drafts (``drafts``), ``release`` records what
was published and tells the channels. ``tasks`` runs it all from the scheduler.
"""
