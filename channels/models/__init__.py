"""The delivery ledger: what must reach each channel, what happened on every try, which targets are paused;
the bodies' WeChat accounts, and the offers of a subordinate body's releases to the account above it."""

from .accounts import WeChatAccount
from .delivery import Delivery, DeliveryAttempt
from .offers import ChannelOffer
from .targets import ChannelTargetState

__all__ = ["ChannelOffer", "ChannelTargetState", "Delivery", "DeliveryAttempt", "WeChatAccount"]
