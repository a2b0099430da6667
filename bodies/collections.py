"""Each 公开主体 keeps its files and images in a library of its own: one Wagtail Collection per body.

The collection is a child of the root collection, named after the body, made the first time it is needed and
remembered in `DisclosingBody.collection`. A collection (or a folder below one) belongs to the body whose
collection it is or lies under; the root and any folder outside the bodies' collections belong to no body.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import transaction
from wagtail.models import Collection

from bodies.models import DisclosingBody

logger = logging.getLogger(__name__)


def collection_of(body: DisclosingBody) -> Collection:
    """The body's collection, made if missing; safe when two requests race (the loser's folder is removed)."""
    if body.collection_id is not None:
        return body.collection
    with transaction.atomic():
        made = Collection.get_first_root_node().add_child(name=_free_name(body))
        claimed = DisclosingBody.objects.filter(pk=body.pk, collection__isnull=True).update(collection=made)
        if not claimed:
            made.delete()
    body.refresh_from_db(fields=["collection"])
    if claimed:
        logger.info("Body %s: created its media collection %s", body.pk, body.collection_id)
    return body.collection


def _free_name(body: DisclosingBody) -> str:
    """The body's name, or the name with its slug when a folder of that name already exists."""
    taken = Collection.objects.filter(name=body.name).exists()
    return f"{body.name}({body.slug})" if taken else body.name


def ensure_collections(body_ids) -> bool:
    """Give every listed body its collection (one query when all have one); whether any was made."""
    missing = list(DisclosingBody.objects.filter(pk__in=body_ids, collection__isnull=True))
    for body in missing:
        collection_of(body)
    return bool(missing)


@dataclass(frozen=True)
class CollectionMap:
    """Every collection's owning body (None for the root and folders outside the bodies'), read in two queries."""

    owner: dict[int, int | None]
    path: dict[int, str]
    body_collection: dict[int, int]  # body id -> its own collection id

    @classmethod
    def load(cls) -> CollectionMap:
        body_collection = dict(
            DisclosingBody.objects.filter(collection__isnull=False).values_list("pk", "collection_id")
        )
        body_of_path: dict[str, int] = {}
        paths = list(Collection.objects.values_list("pk", "path"))
        path_of = dict(paths)
        for body_id, collection_id in body_collection.items():
            if collection_id in path_of:
                body_of_path[path_of[collection_id]] = body_id
        owner: dict[int, int | None] = {}
        for pk, path in paths:
            # the nearest enclosing body collection: the longest owned path that prefixes this one
            found = None
            for length in range(len(path), 0, -Collection.steplen):
                found = body_of_path.get(path[:length])
                if found is not None:
                    break
            owner[pk] = found
        return cls(owner=owner, path=path_of, body_collection=body_collection)

    def below(self, collection_ids) -> set[int]:
        """These collections and every folder under them (a permission on a folder reaches its subfolders)."""
        prefixes = tuple(self.path[pk] for pk in collection_ids if pk in self.path)
        return {pk for pk, path in self.path.items() if prefixes and path.startswith(prefixes)}

    def under(self, body_ids) -> set[int]:
        """Ids of the collections that belong to these bodies."""
        wanted = set(body_ids)
        return {pk for pk, body in self.owner.items() if body in wanted}

    def visible(self, body_ids) -> set[int]:
        """Collections a person with this scope may see at all: their bodies' and those of no body."""
        if body_ids is None:
            return set(self.owner)
        wanted = set(body_ids)
        return {pk for pk, body in self.owner.items() if body is None or body in wanted}
