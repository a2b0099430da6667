"""The Chinese name of every audit action, for the list an auditor reads; unknown actions fall back to the label
Wagtail's log registry gives them (the three-sync actions), then to the dotted name itself."""

from __future__ import annotations

ACTIONS: dict[str, str] = {
    "disclosure_request.create": "收到政府信息公开申请",
    "disclosure_request.confirm_receipt": "确认收到申请",
    "disclosure_request.assign": "交办申请",
    "disclosure_request.amendment_request": "告知补正",
    "disclosure_request.amendment_completed": "补正完成",
    "disclosure_request.abandoned": "逾期未补正视为放弃",
    "disclosure_request.extend": "延长答复期限",
    "disclosure_request.consultation": "征求意见",
    "disclosure_request.reply": "作出答复",
    "disclosure_request.delivery": "送达答复",
    "disclosure_request.withdraw": "申请人撤回申请",
    "disclosure_request.offer_for_proactive": "转为主动公开",
    "disclosure_request.view_personal_data": "查看申请人个人信息",
    "disclosure_request.attach_file": "附上公开的文件",
    "disclosure_request.letter_download": "下载告知书",
    "disclosure_request.applicant_download": "申请人下载答复材料",
    "disclosure_request.annual_report_publish": "发布年度报告",
    "disclosure_request.catalogue_compile": "编制依申请公开目录",
    "disclosure_request.catalogue_title": "修改依申请公开目录名称",
    "disclosure_request.purge_personal_data": "清除到期的个人信息",
    "auth.login": "登录",
    "security.secrets_rotated": "密钥轮换(重新加密)",
    "partners.rotate_secret": "轮换合作媒体签名密钥",
    "partners.rotate_token": "轮换合作媒体获取令牌",
    "partners.enable": "重新启用合作媒体",
    "auth.logout": "退出登录",
    "auth.login_failed": "登录失败",
    "auth.lockout": "账号锁定",
    "auth.unlock": "解除锁定",
    "auth.password_change": "修改密码",
    "auth.password_reset": "重置密码",
    "auth.password_expired": "密码过期",
    "auth.session_timeout": "会话超时",
    "auth.otp_enrolled": "启用两步验证",
    "auth.otp_verified": "两步验证通过",
    "auth.otp_removed": "关闭两步验证",
    "auth.otp_reset": "重置两步验证",
    "auth.otp_failed": "动态口令错误",
    "user.create": "新建用户",
    "user.delete": "删除用户",
    "user.activate": "启用账号",
    "user.deactivate": "停用账号",
    "user.superuser_grant": "授予超级管理员",
    "user.superuser_revoke": "撤销超级管理员",
    "perm.group_change": "用户组变更",
    "perm.group_create": "新建用户组",
    "perm.group_delete": "删除用户组",
    "perm.user_groups": "用户所属组变更",
    "perm.user_permissions": "用户权限变更",
    "perm.group_permissions": "用户组权限变更",
    "perm.page_permission": "页面权限变更",
    "perm.collection_permission": "文件集权限变更",
    "page.publish": "发布页面",
    "page.unpublish": "撤下页面",
    "interpretation.submitted_together": "同步提交审签",
    "interpretation.signed": "同步审签",
    "interpretation.returned": "退回修改",
    "interpretation.released_together": "同步发布",
    "interpretation.override": "无解读先行发布",
    "interpretation.follow_up_added": "补充解读",
    "interpretation.attribute_changed": "公开属性变更",
    "interpretation.withdrawn_together": "同步撤回",
    "interpretation.disclosure_approved": "政务公开办审核",
    "interpretation.release_refused": "发布被拒绝",
    "channel.retry": "渠道分发重试",
    "channel.cancel": "取消渠道分发",
    "channel.retract": "撤回已分发内容",
    "channel.mass_send": "选择微信群发",
    "channel.send_tomorrow": "额度恢复后再发",
    "channel.correction": "发送更正",
    "channel.enable_target": "重新启用渠道",
    "channel.pause": "渠道因配置错误暂停",
    "channel.offer_accept": "采用下级主体推送",
    "channel.offer_decline": "不采用下级主体推送",
    "audit.export": "导出审计日志",
    "audit.prune": "清理过期审计日志",
}


def label_for(action: str) -> str:
    if action in ACTIONS:
        return ACTIONS[action]
    try:
        from wagtail.log_actions import registry  # lazy: the registry reads every app's hooks

        label = registry.get_action_label(action)
    except Exception:  # noqa: BLE001 - an unregistered action is named by its code
        return action
    return str(label) if label else action
