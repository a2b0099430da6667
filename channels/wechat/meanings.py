"""What WeChat means by each error code, in WeChat's own words (公众号全局返回码说明), for the reasons people read.

A paused account or a parked row says which code WeChat answered, what WeChat says it means and which call met it,
so an administrator checks the right thing instead of guessing from our summary.
"""

from __future__ import annotations

from .errors import WeChatError

MEANINGS: dict[int, str] = {
    -1: "系统繁忙，请稍候再试",
    40001: "获取 access_token 时 AppSecret 错误，或者 access_token 无效",
    40005: "不合法的文件类型",
    40007: "不合法的媒体文件 id",
    40009: "不合法的图片文件大小",
    40013: "不合法的 AppID",
    40014: "不合法的 access_token",
    40125: "不合法的 AppSecret",
    40164: "调用接口的 IP 地址不在白名单中",
    40243: "AppSecret 已被冻结，请登录公众平台解冻后再次调用",
    41001: "缺少 access_token 参数",
    42001: "access_token 超时",
    45002: "消息内容超过限制",
    45003: "标题字段超过限制",
    45004: "描述字段超过限制",
    45009: "接口调用超过限制",
    45011: "API 调用太频繁，请稍候再试",
    45028: "没有群发配额",
    45110: "作者字段超过限制",
    45166: "内容不合法",
    47001: "解析 JSON/XML 内容错误",
    48001: "API 功能未授权，请确认公众号已获得该接口",
    48004: "API 接口被封禁，请登录公众平台查看详情",
    50001: "用户未授权该 API",
    50002: "用户受限，可能是违规后接口被封禁",
    53501: "频繁请求发布",
    53503: "该草稿未通过发布检查",
    53600: "article_id 无效",
}


def describe(error: WeChatError) -> str:
    """「微信错误码 48001：api 功能未授权…；接口 freepublish/get」: the code, its meaning and the call."""
    if error.errcode is not None:
        said = f"微信错误码 {error.errcode}：{MEANINGS.get(error.errcode, '微信未公布其含义')}"
    elif error.http_status:
        said = f"微信接口答复 HTTP {error.http_status}"
    else:
        said = "微信未给出错误码"
    return f"{said}；接口 {error.endpoint}" if error.endpoint else said
