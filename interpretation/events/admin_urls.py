from django.urls import path

from interpretation.events.admin_views import live, record, schedule

app_name = "events_admin"

urlpatterns = [
    path("<int:event_id>/schedule/", schedule.schedule, name="schedule"),
    path("<int:event_id>/schedule/<slug:action>/", schedule.transition, name="transition"),
    path("<int:event_id>/live/", live.live_room, name="live"),
    path("<int:event_id>/live/entry/", live.post_entry, name="post_entry"),
    path("<int:event_id>/live/entry/<int:entry_id>/delete/", live.delete_entry, name="delete_entry"),
    path("<int:event_id>/live/question/<int:question_id>/<slug:action>/", live.moderate, name="moderate"),
    path("<int:event_id>/record/", record.record, name="record"),
]
