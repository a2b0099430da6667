"""Public reading routes, included at the site root just before Wagtail's own catch-all."""

from django.urls import path, re_path

from interpretation.public import serving, views  # serving registers the page hooks on import

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("search/", views.search, name="public_search"),
    path("feeds/policies.atom", views.policies_atom, name="public_feed_policies"),
    path("feeds/interpretations.atom", views.interpretations_atom, name="public_feed_interpretations"),
    path("feeds/bodies/<slug:slug>/policies.atom", views.body_policies_atom, name="public_feed_body_policies"),
    path("bodies/", views.bodies_index, name="public_bodies"),
    path("bodies/<slug:slug>/", views.body_alias, name="public_body"),
    # Wagtail's page pattern, with the page cache in front of it: a hit never reaches Wagtail's routing.
    re_path(r"^((?:[\w\-]+/)*)$", serving.cached_serve, name="public_page"),
]
