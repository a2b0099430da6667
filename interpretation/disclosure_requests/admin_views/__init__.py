"""The handling office's screens: the case list, entering a paper application, one case and its actions."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from interpretation.disclosure_requests import privacy
from interpretation.disclosure_requests.models import InformationRequest


def case_for(request, pk: int) -> InformationRequest:
    """The case, if this person may open it (404 otherwise: its existence is not disclosed)."""
    return get_object_or_404(privacy.visible_requests(request.user).select_related("disclosing_body"), pk=pk)


def require_handler(request, application: InformationRequest) -> None:
    if not privacy.may_handle(request.user, application):
        raise PermissionDenied
