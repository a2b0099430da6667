from django.urls import path

from .admin_views import case, letters, listing, reports

app_name = "disclosure_requests_admin"

urlpatterns = [
    path("", listing.index, name="index"),
    path("new/", listing.create, name="create"),
    path("annual-report/", listing.annual_table, name="annual_table"),
    path("annual-report/<int:pk>/", reports.report, name="report"),
    path("annual-report/<int:pk>/report.docx", reports.report_docx, name="report_docx"),
    path("annual-report/<int:pk>/publish/", reports.publish, name="report_publish"),
    path("<int:pk>/", case.detail, name="case"),
    path("<int:pk>/act/<slug:action>/", case.act, name="act"),
    path("<int:pk>/letter.<slug:kind>", letters.letter, name="letter"),
    path("<int:pk>/files/<int:file_id>/", case.disclosed_file, name="file"),
]
