"""The watcher's models: sources, the republication page type, upstream records and releases."""

from channels.watcher.models.following import InternalRepublicationRule, SourceFollower
from channels.watcher.models.pages import (
    RepublicationAttachment,
    RepublicationIndexPage,
    RepublicationInterpretation,
    RepublicationPage,
)
from channels.watcher.models.records import RepublicationRelease, UpstreamRecord
from channels.watcher.models.skipped import SkippedItem
from channels.watcher.models.sources import (
    LEVEL_RANK,
    DeadlineRule,
    DeadlineStart,
    RoutingRule,
    Source,
    SourceKind,
    SourceLevel,
)

__all__ = [
    "LEVEL_RANK",
    "DeadlineRule",
    "DeadlineStart",
    "InternalRepublicationRule",
    "RepublicationAttachment",
    "RepublicationIndexPage",
    "RepublicationInterpretation",
    "RepublicationPage",
    "RepublicationRelease",
    "RoutingRule",
    "SkippedItem",
    "Source",
    "SourceKind",
    "SourceFollower",
    "SourceLevel",
    "UpstreamRecord",
]
