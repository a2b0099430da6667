import re

from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents.views.serve import authenticate_with_password

from cms.health import healthz
from interpretation.public import media

# Uploads are served by the application in every mode (never `static(MEDIA_URL, ...)`): see public/media.py.
MEDIA_PREFIX = re.escape(settings.MEDIA_URL.lstrip("/"))

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's document URLs, with Cache-Control by visibility (the hook in interpretation.wagtail_hooks).
    re_path(r"^documents/(\d+)/(.*)$", media.serve_document, name="wagtaildocs_serve"),
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        authenticate_with_password,
        name="wagtaildocs_authenticate_with_password",
    ),
    re_path(rf"^{MEDIA_PREFIX}(?P<path>.+)$", media.serve_media, name="media_file"),
    path("channels/", include("channels.urls")),
    path("partners/", include("channels.partners.urls")),
    path("watcher/", include("channels.watcher.urls")),
    path("events/", include("interpretation.events.urls")),
    path("captcha/", include("captcha.urls")),  # the question form's challenge images (django-simple-captcha)
    path("disclosure-requests/", include("interpretation.disclosure_requests.urls")),
    path("", include("interpretation.public.urls")),
    path("", include(wagtail_urls)),
]
