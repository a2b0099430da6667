"""Whose error is it: a WeChat error belongs to the account (every row of it would meet it: the ledger pauses the
account) or to one row (its publish job, a call about its own article: that row is parked and the account goes on).

The code does not always tell. Credentials, the IP allow-list and a restricted account are the account's whichever
call met them (WeChatError.account_wide). An API refused (48001 API 功能未授权, 48004, 50001) or an HTTP 4xx may be
about one row's call only: a single row whose publish job WeChat will not report on must not pause the account for
good (re-enabling it would run the row and pause it again). So before the account is paused, the same API is asked
about the account as a whole (PROBES). If it answers, the error was the row's; if it refuses, that refusal is the
reason the administrator reads, with WeChat's code and meaning (meanings.py), never a guess.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from channels.adapters.base import DeliveryError, ErrorClass
from channels.wechat.client import ConfiguredWeChatClient
from channels.wechat.errors import ErrorClass as WeChatClass
from channels.wechat.errors import WeChatError
from channels.wechat.meanings import describe

#: An API family (the endpoint's first part) -> a call naming no row's object: may the account use the API?
PROBES: dict[str, Callable[[ConfiguredWeChatClient], Any]] = {
    "freepublish": lambda client: client.freepublish.batchget(0, 1, no_content=1),
    "draft": lambda client: client.draft.count(),
    "material": lambda client: client.material.get_count(),
    "media": lambda client: client.material.get_count(),
}
#: What each call does for a row, in the reason the row shows.
STEPS = {
    "media/uploadimg": "上传正文图片",
    "material/add_material": "上传封面",
    "draft/add": "保存草稿",
    "freepublish/submit": "提交发布",
    "freepublish/get": "查询发布结果",
    "message/mass/sendall": "群发",
}
ROW_ONLY = "该错误只涉及本条，公众号的其他分发照常进行"
CHECKED = "公众号本身正常（已核实：同一接口对公众号的其他调用成功），其他分发照常进行"
RETRY_OR_CANCEL = "请核实后点“重试”，或“取消”本条。"


def as_delivery_error(error: WeChatError) -> DeliveryError:
    """The ledger's view of a WeChat error; a configuration error's reason (the pause reason) names WeChat's code, its
    meaning and the call, after our advice."""
    kind = error.error_class.value
    error_class = ErrorClass(kind) if kind in ErrorClass._value2member_map_ else ErrorClass.CONTENT
    message_zh = error.message_zh
    if error_class is ErrorClass.CONFIG and (error.errcode is not None or error.http_status):
        message_zh = f"{message_zh}（{describe(error)}）"
    code = error.errcode if error.errcode is not None else error.http_status
    return DeliveryError(error_class, str(error), message_zh, retry_after=error.retry_after, code=code)


def account_error(client: ConfiguredWeChatClient, error: WeChatError) -> WeChatError | None:
    """The account's error behind a configuration `error`, or None when the account answers (the error was the call's).

    What the probe meets that tells nothing either way (a timeout, a rate limit) is raised: the row tries later."""
    if error.account_wide:
        return error
    probe = PROBES.get(error.endpoint.split("/", 1)[0])
    if probe is None:
        return error  # no call asks the account alone (mass send): the code is taken at its word
    try:
        probe(client)
    except WeChatError as refused:
        if refused.error_class is not WeChatClass.CONFIG:
            raise
        same = (refused.errcode, refused.http_status) == (error.errcode, error.http_status)
        return error if same else refused  # the call that met it, or the account's own answer
    return None


def row_error(error: WeChatError, *, checked: bool, advice: str = RETRY_OR_CANCEL) -> DeliveryError:
    """`error` as this row's alone: the row is parked with its own reason, and the account is not paused.
    `checked`: the account was asked and answered (account_error)."""
    step = STEPS.get(error.endpoint, f"调用微信接口 {error.endpoint}")
    scope = CHECKED if checked else ROW_ONLY
    code = error.errcode if error.errcode is not None else error.http_status
    return DeliveryError(
        ErrorClass.ROW,
        f"{error}; this row's alone" + (", the account answers the same API" if checked else ""),
        f"{step}时微信拒绝了本条（{describe(error)}）。{scope}。{advice}",
        code=code,
    )


def blame(client: ConfiguredWeChatClient, error: WeChatError) -> DeliveryError:
    """What a WeChat error met in a row's run stands for: a configuration error is the account's (paused, with the
    reason) or, when the account answers, the row's alone (parked); any other error is classified as it is."""
    if error.error_class is not WeChatClass.CONFIG:
        return as_delivery_error(error)
    account = account_error(client, error)
    return as_delivery_error(account) if account is not None else row_error(error, checked=True)
