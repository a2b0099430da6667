"""Signals the interpretation app sends; the delivery side (channels) and the public cache subscribe.

Declared here, apart from the code that sends them, so a receiver's module imports a signal and nothing else.
"""

import django.dispatch

#: A policy bundle went live (a `BundleRelease` with its materials). Sent inside the publishing transaction:
#: receivers such as the delivery ledger write their rows in it too, so a release and its rows commit together.
policy_bundle_released = django.dispatch.Signal()
