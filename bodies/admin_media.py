"""Files and images per 公开主体: a person sees, chooses, counts and edits only the libraries of their bodies.

Wagtail asks one permission policy per model for every listing, chooser (rich text and search included), count,
upload form and edit view, so the rule sits there. A person's rights come from two places:

- their groups' model permissions (添加/修改/选择图片, 添加/修改/选择文档). The department groups are per body but the
  role groups are shared, so these rights apply to the collections of the bodies in the person's scope
  (`bodies.scope.body_ids`): which body is theirs comes from their membership, not from the group. Anyone who may
  add, change or choose may also choose from their bodies' libraries;
- Wagtail's own collection permissions (GroupCollectionPermission), as before.

Either way a collection of a body outside the person's scope is never granted. Superusers see everything.
"""

from __future__ import annotations

from django.db.models import Case, IntegerField, Value, When
from django.db.models.signals import pre_save
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
from wagtail.permissions import register_permission_policy

from bodies import scope
from bodies.collections import CollectionMap, collection_of, ensure_collections

_MAP_CACHE = "_bodies_collection_map"
#: Which model permissions grant an action in the person's own bodies' collections.
_GRANTED_BY = {"add": ("add",), "change": ("change",), "choose": ("add", "change", "choose")}


def _collection_map(user) -> CollectionMap:
    found = getattr(user, _MAP_CACHE, None)
    if found is None:
        found = CollectionMap.load()
        setattr(user, _MAP_CACHE, found)
    return found


class BodyCollectionPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's collection-and-ownership policy, bounded by the person's bodies (see the module docstring)."""

    def allowed_collection_ids(self, user, actions) -> set[int]:
        """The collections where a (non-superuser) person may perform any of `actions`."""
        cache = self._cache(user)
        key = frozenset(actions)
        if key not in cache:
            cache[key] = self._compute(user, key)
        return cache[key]

    def _cache(self, user) -> dict:
        name = f"_bodies_media_{self.model._meta.label_lower.replace('.', '_')}"
        cache = getattr(user, name, None)
        if cache is None:
            cache = {}
            setattr(user, name, cache)
        return cache

    def _compute(self, user, actions) -> set[int]:
        ids = scope.body_ids(user)
        if ids is None:
            return set(_collection_map(user).owner)
        model_actions = {granting for action in actions for granting in _GRANTED_BY.get(action, ())}
        own_rights = any(user.has_perm(self._get_permission_name(action)) for action in model_actions)
        if own_rights and ids and ensure_collections(ids):
            setattr(user, _MAP_CACHE, None)  # read the tree again, with the new collections
        cmap = _collection_map(user)
        allowed = cmap.below(
            {permission.collection_id for permission in self._get_user_permission_objects_for_actions(user, actions)}
        )
        if own_rights:
            allowed |= cmap.under(ids)
        return allowed & cmap.visible(ids)

    # The two lookups every other method of Wagtail's policy goes through.

    def _check_perm(self, user, actions, collection=None):
        if not (user.is_active and user.is_authenticated):
            return False
        if user.is_superuser:
            return True
        allowed = self.allowed_collection_ids(user, actions)
        return collection.pk in allowed if collection is not None else bool(allowed)

    def _collections_with_perm(self, user, actions):
        """The collections, the person's own body's first: upload forms preselect the first one."""
        own = scope.body_of(user)
        first = own.collection_id if own is not None else None
        return Collection.objects.filter(pk__in=self.allowed_collection_ids(user, actions)).order_by(
            Case(When(pk=first, then=Value(0)), default=Value(1), output_field=IntegerField()), "path"
        )


def _into_body_collection(sender, instance, raw=False, **kwargs):
    """A new upload left in the root (nobody's folder) by a body's member goes to their body's library."""
    if raw or not instance._state.adding:
        return
    from cms.foundation.acting import request_user  # the ground floor

    user = request_user()
    body = scope.body_of(user) if user is not None else None
    if body is None:
        return
    root = Collection.get_first_root_node()
    if instance.collection_id in (None, root.pk):
        instance.collection = collection_of(body)


for _model in (get_image_model(), get_document_model()):
    # exact_class: looked up before Wagtail's own registration (made for the class and its subclasses)
    register_permission_policy(
        _model, BodyCollectionPolicy(_model, auth_model=_model, owner_field_name="uploaded_by_user"), exact_class=True
    )
    pre_save.connect(_into_body_collection, sender=_model, dispatch_uid=f"bodies_upload_{_model._meta.label_lower}")
