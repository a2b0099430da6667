"""The home page's 发布会与访谈预告 section (read by cms.models.HomePage)."""

from interpretation.events.queries import upcoming_events

HOME_LIMIT = 5


def home_context(request) -> dict:
    return {
        "upcoming_events": [
            {
                "title": event.title + ("(时间暂定)" if event.is_provisional else ""),
                "url": event.url,
                "date": event.start,
                "kind_label": event.get_kind_display(),
            }
            for event in upcoming_events(limit=HOME_LIMIT)
        ]
    }
