from django.urls import path

from channels.watcher import views

urlpatterns = [
    path("samples/<path:relative>", views.sample_file, name="watcher_sample_file"),
]
