"""Admin writes run in one transaction, so a release either happens whole or not at all."""

from django.db import transaction


class AtomicAdminWritesMiddleware:
    """Wrap every admin POST in a transaction: publishing a policy and its materials commit together."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path.startswith("/admin/"):
            with transaction.atomic():
                response = self.get_response(request)
                if response.status_code >= 500:
                    # Django turned an exception into a response: undo whatever the view half did.
                    transaction.set_rollback(True)
                return response
        return self.get_response(request)
