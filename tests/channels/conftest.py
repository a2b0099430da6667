"""Fixtures for the channel tests: a WeChat simulator on loopback, clients pointed at it, test images."""

import io
import os
import uuid

import pytest
from PIL import Image

from channels.simulators.wechat import WeChatSimulator
from channels.wechat.client import ConfiguredWeChatClient

APP_ID = "wx_test_app_0001"
SECRET = "test-app-secret-0001"


@pytest.fixture(autouse=True)
def _own_cache_namespace(settings):
    """Tokens, uploaded-image URLs and callback nonces live in the cache (Redis when REDIS_URL is set):
    every test gets a key prefix of its own instead of flushing a cache others may use."""
    prefix = f"channels-test-{uuid.uuid4().hex[:12]}"
    settings.CACHES = {alias: {**conf, "KEY_PREFIX": prefix} for alias, conf in settings.CACHES.items()}


@pytest.fixture
def sim():
    with WeChatSimulator(APP_ID, SECRET, hang_seconds=3.0) as simulator:
        yield simulator


@pytest.fixture
def make_client(sim):
    def make(timeout=2.0, secret=SECRET, app_id=APP_ID):
        return ConfiguredWeChatClient(app_id, secret, base_url=sim.base_url, timeout=timeout)

    return make


@pytest.fixture
def wechat(make_client):
    return make_client()


def image_bytes(fmt: str, size=(32, 32), noise: bool = False, **save) -> bytes:
    if noise:  # incompressible pixels: the file size grows with the image
        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        image = Image.new("RGB", size, (200, 30, 30))
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **save)
    return buffer.getvalue()


@pytest.fixture
def small_jpeg():
    return image_bytes("JPEG")


@pytest.fixture
def small_png():
    return image_bytes("PNG")


def article(thumb_media_id: str, **overrides) -> dict:
    values = {
        "title": "关于进一步优化营商环境的政策解读",
        "author": "市发展改革委",
        "digest": "一图读懂本市优化营商环境的十项举措。",
        "content": '<p style="text-indent:2em">正文第一段。</p><p>详见<a href="https://mp.weixin.qq.com/s/abc">前文</a>。</p>',
        "content_source_url": "https://www.example.gov.cn/zcjd/2026/001.html",
        "thumb_media_id": thumb_media_id,
    }
    values.update(overrides)
    return values
