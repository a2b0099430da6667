from django.urls import path

from channels import views

urlpatterns = [
    path("wechat/callback", views.wechat_callback, name="channels_wechat_callback"),
]
