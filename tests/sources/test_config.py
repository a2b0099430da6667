"""Source configurations round-trip through JSON and explain bad selectors in Chinese."""

import json

import pytest

from channels.sources.config import (
    DetailConfig,
    FeedConfig,
    HtmlListConfig,
    JsonListConfig,
    config_from_dict,
    config_to_dict,
)


@pytest.mark.parametrize(
    "config",
    [
        FeedConfig(),
        FeedConfig(detail=DetailConfig(body="#content")),
        JsonListConfig(items_path="data.list", date="pubDate"),
        HtmlListConfig(item="li", title="a", detail=DetailConfig(body=".article", document_number="#wh")),
    ],
)
def test_configs_round_trip_through_json(config):
    assert config_from_dict(json.loads(json.dumps(config_to_dict(config)))) == config


def test_bad_configs_are_explained():
    with pytest.raises(ValueError, match="不是有效的 CSS 选择器"):
        HtmlListConfig(item="li[", title="a").validate()
    with pytest.raises(ValueError, match="不能为空"):
        DetailConfig(body="").validate()
    with pytest.raises(ValueError, match="未知的配置项"):
        config_from_dict({"kind": "feed", "selector": "x"})
    with pytest.raises(ValueError, match="未知的信息源类型"):
        config_from_dict({"kind": "ftp"})
    HtmlListConfig(item="li", title="a::text", link="a::attr(href)").validate()
