from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("api/releases", views.releases_api, name="releases_api"),
    path("feed.atom", views.atom_feed, name="feed"),
]
