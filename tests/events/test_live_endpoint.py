"""live.json behind a cache: short max-age, ETag and 304, and only what is public."""

import pytest
from django.urls import reverse

from interpretation.events import lifecycle
from interpretation.events.choices import QuestionStatus
from interpretation.events.models import LiveEntry
from tests.factories.events import make_question

pytestmark = pytest.mark.django_db


def url(event):
    return reverse("events:live_json", args=(event.pk,))


def test_live_json_is_cached_only_a_few_seconds_and_never_varies_by_cookie(interview, client):
    response = client.get(url(interview))
    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "max-age=3" in cache_control
    assert "Cookie" not in response.get("Vary", "")
    assert "Set-Cookie" not in str(response.cookies.output())


def test_unchanged_content_answers_304_and_a_new_entry_changes_the_etag(interview, client):
    first = client.get(url(interview), {"after": 0})
    etag = first["ETag"]
    again = client.get(url(interview), {"after": 0}, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag and "max-age=3" in again["Cache-Control"]

    entry = LiveEntry.objects.create(event=interview, speaker="张明", text="访谈开始。")
    changed = client.get(url(interview), {"after": 0}, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert [item["id"] for item in changed.json()["entries"]] == [entry.pk]
    assert changed.json()["last"] == entry.pk


def test_moderation_and_state_changes_change_the_etag(interview, client):
    etag = client.get(url(interview))["ETag"]
    question = make_question(interview)
    assert client.get(url(interview), HTTP_IF_NONE_MATCH=etag).status_code == 304, "pending questions are not news"
    question.status = QuestionStatus.APPROVED
    question.moderated_at = question.submitted_at
    question.save()
    response = client.get(url(interview), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    etag = response["ETag"]
    lifecycle.perform(interview, "conclude")
    ended = client.get(url(interview), HTTP_IF_NONE_MATCH=etag)
    assert ended.status_code == 200 and ended.json()["state"] == "concluded"


def test_entries_come_in_order_after_the_cursor(interview, client):
    entries = [LiveEntry.objects.create(event=interview, text=f"第{n}条") for n in range(1, 4)]
    data = client.get(url(interview), {"after": entries[0].pk}).json()
    assert [item["text"] for item in data["entries"]] == ["第2条", "第3条"]
    assert data["entries"][0]["time"].count(":") == 1
