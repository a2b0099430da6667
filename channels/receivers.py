"""The ledger listens to the three-sync release: its rows are written in the publishing transaction."""

from django.dispatch import receiver

from interpretation.three_sync import policy_bundle_released


@receiver(policy_bundle_released, dispatch_uid="channels.create_deliveries")
def on_bundle_released(sender, release, **kwargs):
    from channels.ledger import create_deliveries

    create_deliveries(release)
