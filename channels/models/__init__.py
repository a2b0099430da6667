"""The delivery ledger: what must reach each channel, what happened on every try, which targets are paused."""

from .delivery import Delivery, DeliveryAttempt
from .targets import ChannelTargetState

__all__ = ["ChannelTargetState", "Delivery", "DeliveryAttempt"]
