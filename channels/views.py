"""Public endpoints of the channels: the WeChat publish callback (no login: WeChat signs it)."""

from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from channels.adapters.base import get_adapter


@csrf_exempt
@require_http_methods(["GET", "POST"])
def wechat_callback(request):
    return get_adapter("wechat").handle_callback(request)
