"""The adapter registry is strict: one adapter per channel, and a second one is a configuration error."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from channels.adapters.base import (
    ChannelAdapter,
    Outcome,
    OutcomeState,
    all_adapters,
    find_adapter,
    get_adapter,
    register,
    unregister,
)
from channels.adapters.website import WebsiteAdapter


class _Throwaway(ChannelAdapter):
    channel = "throwaway"
    label = "测试渠道"

    def targets(self, subject):
        return []

    def render(self, subject, target, options):
        return None

    def deliver(self, subject, target, payload, checkpoints, options):
        return Outcome(OutcomeState.DELIVERED)


def test_a_second_adapter_for_a_channel_is_refused_and_the_first_stays():
    class AnotherWebsite(WebsiteAdapter):
        channel = "website"

    with pytest.raises(ImproperlyConfigured, match=r"channel 'website' is served by .*WebsiteAdapter"):
        register(AnotherWebsite)
    assert type(get_adapter("website")) is WebsiteAdapter
    assert [a.channel for a in all_adapters()].count("website") == 1


def test_a_new_channel_registers_once():
    register(_Throwaway)
    try:
        assert type(find_adapter("throwaway")) is _Throwaway
        with pytest.raises(ImproperlyConfigured):
            register(_Throwaway)
    finally:
        unregister("throwaway")
    assert find_adapter("throwaway") is None
    with pytest.raises(KeyError):
        get_adapter("throwaway")
