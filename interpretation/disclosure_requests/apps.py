from django.apps import AppConfig


class DisclosureRequestsConfig(AppConfig):
    """政府信息公开申请 (依申请公开): applications, the statutory clock, handling and reply letters."""

    name = "interpretation.disclosure_requests"
    label = "disclosure_requests"
    verbose_name = "依申请公开"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import report_pages  # noqa: F401 - registers the published reports' paths with the static site
