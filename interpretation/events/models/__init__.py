from interpretation.events.models.history import EventDateChange, EventRelease
from interpretation.events.models.live import LiveEntry, PublicQuestion
from interpretation.events.models.pages import EventIndexPage, EventPage
from interpretation.events.models.parts import EventPerson, EventPhoto, PressKitItem

__all__ = [
    "EventDateChange",
    "EventIndexPage",
    "EventPage",
    "EventPerson",
    "EventPhoto",
    "EventRelease",
    "LiveEntry",
    "PressKitItem",
    "PublicQuestion",
]
