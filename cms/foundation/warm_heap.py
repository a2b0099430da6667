"""A warm web process keeps its long-lived objects out of the garbage collector's way.

An admin page of fifty rows allocates a few hundred thousand objects. With CPython's default thresholds the
collector then regularly walks the whole heap (Django, Wagtail, the compiled templates, the jieba dictionary):
one request in ten or twenty paid 100-250 ms for it, which is what an editor's explorer p95 was made of. Once a
process has served its first requests, everything alive is the process's furniture: `gc.freeze()` moves it to the
permanent generation (CPython's documented use for long-running servers), and later collections only walk what
requests allocate. Garbage without reference cycles is freed by reference counting as before.

WEB_HEAP_FREEZE_AFTER (settings) is the number of requests after which the process freezes once; 0 never does
(the tests, whose process outlives many databases' worth of objects).
"""

from __future__ import annotations

import gc
import logging
import threading

from django.conf import settings

#: A web process's default (cms.settings.base); the benchmark runs pages with it too.
FREEZE_AFTER_REQUESTS = 50
log = logging.getLogger(__name__)
_lock = threading.Lock()
_served = 0
_frozen = False


class FreezeWarmHeapMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.after = int(getattr(settings, "WEB_HEAP_FREEZE_AFTER", 0) or 0)

    def __call__(self, request):
        response = self.get_response(request)
        if self.after and not _frozen:
            _count_and_maybe_freeze(self.after)
        return response


def _count_and_maybe_freeze(after: int) -> None:
    global _served, _frozen
    with _lock:
        if _frozen:
            return
        _served += 1
        if _served < after:
            return
        _frozen = True
    gc.collect()
    gc.freeze()
    log.info("web process warm after %d requests: %d objects frozen out of collection", after, gc.get_freeze_count())
