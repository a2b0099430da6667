"""Admin writes run in one transaction, so a release either happens whole or not at all; text goes out gzipped."""

from django.contrib import messages
from django.db import transaction
from django.middleware.gzip import GZipMiddleware
from django.utils.translation import gettext_lazy as _

from channels import bells

#: Told to the editor whose release committed while the message queue was unreachable.
QUEUE_DOWN_NOTICE = _(
    "发布已生效。消息队列暂时无法连接，向网站、微信公众号和合作媒体的分发将在队列恢复后自动开始，无需重新发布；"
    "进度见“分发状态”。"
)

#: The responses worth compressing: pages, feeds, JSON, the calendar. Images, audio, video and attachments are
#: already compressed or answer byte ranges, which a gzipped body would break.
COMPRESSIBLE_TYPES = ("text/", "application/json", "application/atom+xml", "application/xml", "application/rss+xml")


class AtomicAdminWritesMiddleware:
    """Wrap every admin POST in a transaction: publishing a policy and its materials commit together."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path.startswith("/admin/"):
            with bells.watching() as unrung:
                with transaction.atomic():
                    response = self.get_response(request)
                    if response.status_code >= 500:
                        # Django turned an exception into a response: undo whatever the view half did.
                        transaction.set_rollback(True)
                # Committed: the release's bells have been rung (on_commit), or could not be.
                if unrung() and response.status_code < 500 and hasattr(request, "_messages"):
                    messages.warning(request, QUEUE_DOWN_NOTICE)
            return response
        return self.get_response(request)


class TextGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware (with its BREACH mitigation) for whole text responses only.

    A phone on a slow network gets a page about a quarter of its size. Streamed responses (public files, exports)
    and binary types pass untouched; static files never get here (whitenoise answers them first, precompressed).
    """

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "")
        if response.streaming or not content_type.startswith(COMPRESSIBLE_TYPES):
            return response
        return super().process_response(request, response)
