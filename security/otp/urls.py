"""Admin URLs of the second factor (registered under /admin/ by security.otp.wagtail_hooks)."""

from django.urls import path

from . import views

urlpatterns = [
    path("otp/verify/", views.verify, name=views.VERIFY_URL_NAME),
    path("otp/", views.enrol, name=views.ENROL_URL_NAME),
    path("otp/remove/", views.remove, name=views.REMOVE_URL_NAME),
    path("otp/reset/<int:user_id>/", views.reset, name=views.RESET_URL_NAME),
]
