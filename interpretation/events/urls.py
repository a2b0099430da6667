from django.urls import path

from interpretation.events import views

app_name = "events"

urlpatterns = [
    path("calendar.ics", views.calendar_feed, name="calendar_feed"),
    path("csrf.json", views.csrf_token, name="csrf_token"),
    path("<int:event_id>/live.json", views.live_json, name="live_json"),
    path("<int:event_id>/questions/", views.ask, name="ask"),
    path("<int:event_id>/event.ics", views.event_ics, name="event_ics"),
    path("<int:event_id>/press-kit/<int:item_id>/", views.press_kit_file, name="press_kit_file"),
]
