"""The admin's views of a bundle: the 三同步审签视图 and its queue, the release preview."""

from interpretation.admin_views import outcome
from interpretation.admin_views.preview import bundle_preview
from interpretation.admin_views.review import bundle_review, review_queue

__all__ = ["bundle_preview", "bundle_review", "outcome", "review_queue"]
