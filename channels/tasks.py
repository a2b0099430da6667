"""Celery tasks of the delivery ledger: both are idempotent, so a bell rung twice does no harm."""

from celery import shared_task
from celery.signals import worker_ready

from channels import bells
from channels.ledger import runs


@shared_task(name="channels.tasks.deliver", ignore_result=True)
def deliver(delivery_id: int) -> dict:
    """Run delivery `delivery_id` if it is due (a no-op when it is not, or someone else has it), then every
    other due row this worker can claim (ledger.runs.drain)."""
    return runs.drain(int(delivery_id))


@shared_task(name="channels.tasks.sweep", ignore_result=True)
def sweep() -> int:
    """Offer again every overdue row (lost bells, expired leases); run every minute by the scheduler."""
    return bells.sweep()


@worker_ready.connect
def _sweep_on_start(sender=None, **kwargs):
    """A worker that starts after a crash or a broker restart does not wait a minute for the scheduler."""
    try:
        sender.app.send_task("channels.tasks.sweep", retry=False)
    except Exception:  # noqa: BLE001 - the periodic sweep will run anyway
        pass
