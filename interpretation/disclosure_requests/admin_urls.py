from django.urls import path

from .admin_views import case, letters, listing

app_name = "disclosure_requests_admin"

urlpatterns = [
    path("", listing.index, name="index"),
    path("new/", listing.create, name="create"),
    path("annual-report/", listing.annual_table, name="annual_table"),
    path("<int:pk>/", case.detail, name="case"),
    path("<int:pk>/act/<slug:action>/", case.act, name="act"),
    path("<int:pk>/letter.<slug:kind>", letters.letter, name="letter"),
    path("<int:pk>/files/<int:file_id>/", case.disclosed_file, name="file"),
]
