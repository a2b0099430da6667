from django.apps import AppConfig


class WorkingDaysConfig(AppConfig):
    name = "interpretation.working_days"
    label = "working_days"
    verbose_name = "工作日历"
    default_auto_field = "django.db.models.BigAutoField"
