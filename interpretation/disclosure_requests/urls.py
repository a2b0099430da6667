from django.urls import path

from . import views

app_name = "disclosure_requests"

urlpatterns = [
    path("", views.index, name="index"),
    path("status/", views.status, name="status"),
    path("download/<str:token>/", views.download, name="download"),
    path("<slug:slug>/apply/", views.apply, name="apply"),
    path("<slug:slug>/annual-report/<int:year>/", views.report, name="report"),
    path("<slug:slug>/annual-report/<int:year>/report.docx", views.report_docx, name="report_docx"),
]
