"""Pages that go live only through the three-sync release guard, whichever path publishes them."""


class GuardedReleaseMixin:
    """Policies and materials: born as drafts, made live only by a save the release guard has cleared.

    Wagtail's edit view saves `revision.as_object()` with `live=True` without calling `publish()`, so the guard
    sits in `save()`; `publish()` only names the actor (and keeps a refused scheduled release from stopping
    `publish_scheduled`).
    """

    def publish(
        self, revision, user=None, changed=True, log_action=True, previous_revision=None, skip_permission_checks=False
    ):
        def publish():
            return super(GuardedReleaseMixin, self).publish(
                revision,
                user=user,
                changed=changed,
                log_action=log_action,
                previous_revision=previous_revision,
                skip_permission_checks=skip_permission_checks,
            )

        from interpretation import three_sync  # the rule imports these models

        return three_sync.publish_guarded(self, publish, revision, user, log_action)

    def copy(self, *args, **kwargs):
        kwargs["keep_live"] = False  # a copy is a new document: it is signed and released on its own
        return super().copy(*args, **kwargs)

    def _born_a_draft(self):
        """A page is never created live (Wagtail's default is live=True): it becomes live by being released."""
        if self._state.adding and self.live:
            self.live, self.has_unpublished_changes = False, True
            self._born_as_draft = True
        if getattr(self, "_born_as_draft", False):
            # Wagtail's copy with "publish copies" stamps publication dates on the copy afterwards: never published.
            self.live_revision = None
            self.first_published_at = self.last_published_at = None

    def _guarded_save(self, save, going_live, *args, **kwargs):
        from interpretation import three_sync  # the rule imports these models

        self._born_a_draft()
        if three_sync.goes_live(self, kwargs.get("update_fields")):
            return going_live(self, lambda: save(*args, **kwargs))
        return save(*args, **kwargs)
