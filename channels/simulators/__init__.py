"""Loopback simulators of the systems our channels talk to, for tests and local demos."""

from .faults import FaultInjector
from .partner import PartnerReceiver, generate_secret, signed_headers
from .wechat import WeChatSimulator

__all__ = ["FaultInjector", "PartnerReceiver", "WeChatSimulator", "generate_secret", "signed_headers"]
