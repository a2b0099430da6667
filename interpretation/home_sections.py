"""The home page's 最新政策 and 政策解读 sections and the link to the policy library (read by cms.models.HomePage)."""

from interpretation.models import PolicyLibraryPage, public_policies
from interpretation.public.feeds import public_materials

LATEST_POLICIES = 8
LATEST_INTERPRETATIONS = 6


def home_context(request) -> dict:
    return {
        "latest_policies": list(
            public_policies()
            .select_related("topic", "disclosing_body")
            .order_by("-date_published", "-first_published_at")[:LATEST_POLICIES]
        ),
        "latest_interpretations": list(public_materials().order_by("-first_published_at")[:LATEST_INTERPRETATIONS]),
        "library": PolicyLibraryPage.objects.live().first(),
    }
