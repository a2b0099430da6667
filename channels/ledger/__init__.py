"""The delivery ledger: `rows` writes what must be delivered, with each release and in its transaction;
`runs` claims one row with a lease, runs its adapter and writes down what happened and when to try again.

Every worker, on the embedded broker or on Celery + Redis, runs `runs.process(delivery_id)`; the broker only
rings the bell (channels.bells). The states the two share are named once, in channels.models.DeliveryQuerySet.
"""
