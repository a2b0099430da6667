"""The press e-mail: built by media_templates, sent through Django's mail connection, SMTP errors classified."""

from __future__ import annotations

import hashlib
import smtplib
import socket
import ssl
from email.message import EmailMessage as StdlibMessage
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from channels.adapters.base import DeliveryError, ErrorClass


class _WireMessage:
    """What Django's SMTP backend asks of `message()`: bytes with the line separator it wants."""

    def __init__(self, message: StdlibMessage):
        self._message = message

    def as_bytes(self, unixfrom=False, linesep="\n"):
        return self._message.as_bytes(unixfrom=unixfrom, policy=self._message.policy.clone(linesep=linesep))

    def as_string(self, unixfrom=False, linesep="\n"):
        return self._message.as_string(unixfrom=unixfrom, policy=self._message.policy.clone(linesep=linesep))

    def __getitem__(self, name):
        return self._message[name]


class PreparedEmail(EmailMessage):
    """A Django e-mail whose MIME message is already built (by media_templates.renderers.email)."""

    def __init__(self, message: StdlibMessage, *, from_email: str, to: list[str]):
        super().__init__(subject=str(message["Subject"]), from_email=from_email, to=to)
        self.prepared = message

    def message(self, *args, **kwargs):
        return _WireMessage(self.prepared)


def message_id(key: str) -> str:
    """A stable Message-ID for a delivery key, in the sender's domain."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return f"<partner.{hashlib.sha256(key.encode()).hexdigest()[:32]}@{domain}>"


def send(message: StdlibMessage, *, to: str) -> None:
    """Send one message now; raise a classified DeliveryError on failure."""
    connection = get_connection(fail_silently=False, timeout=getattr(settings, "EMAIL_TIMEOUT", None) or 10)
    email = PreparedEmail(message, from_email=settings.DEFAULT_FROM_EMAIL, to=[to])
    try:
        sent = connection.send_messages([email])
    except Exception as exc:  # every failure gets a class; nothing is swallowed
        raise classify_smtp(exc) from exc
    if not sent:
        raise DeliveryError(ErrorClass.TRANSIENT, "Mail backend sent nothing", "邮件未能发出,将自动重试")


def _code(exc) -> int:
    return int(getattr(exc, "smtp_code", 0) or 0)


def classify_smtp(exc: Exception) -> DeliveryError:
    """4xx and connection trouble: retry. 5xx: a person (the address, our account, or the message)."""
    if isinstance(exc, DeliveryError):
        return exc
    text = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        if codes and all(400 <= code < 500 for code in codes):
            return DeliveryError(ErrorClass.TRANSIENT, text, "收件服务器暂时拒收,将自动重试", code=codes[0])
        return DeliveryError(
            ErrorClass.CONFIG, text, "对方邮箱地址被拒收,请核实合作媒体的电子邮箱", code=codes[0] if codes else None
        )
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return DeliveryError(ErrorClass.CONFIG, text, "发件服务器用户名或密码错误,请检查邮件设置", code=_code(exc))
    if isinstance(exc, smtplib.SMTPNotSupportedError | ssl.SSLError):
        return DeliveryError(ErrorClass.CONFIG, text, "发件服务器的加密设置不匹配,请检查邮件设置")
    if isinstance(exc, smtplib.SMTPSenderRefused):
        if _code(exc) == 552:  # MAIL FROM with SIZE=: this message is too large, not our sender (RFC 1870)
            return DeliveryError(ErrorClass.CONTENT, text, "邮件过大(552),发件服务器拒收,请精简附件后重试", code=552)
        if 400 <= _code(exc) < 500:
            return DeliveryError(ErrorClass.TRANSIENT, text, "发件服务器暂时拒绝发信,将自动重试", code=_code(exc))
        return DeliveryError(ErrorClass.CONFIG, text, "发件地址被拒绝,请检查发件人设置", code=_code(exc))
    if isinstance(exc, smtplib.SMTPConnectError | smtplib.SMTPHeloError) and _code(exc) >= 500:
        return DeliveryError(ErrorClass.CONFIG, text, "发件服务器拒绝连接,请检查邮件设置", code=_code(exc))
    if isinstance(exc, smtplib.SMTPResponseException):
        code = _code(exc)
        if 400 <= code < 500:
            return DeliveryError(ErrorClass.TRANSIENT, text, f"邮件服务器暂时出错({code}),将自动重试", code=code)
        return DeliveryError(ErrorClass.CONTENT, text, f"邮件被服务器拒收({code}),可能过大或被判为垃圾邮件", code=code)
    if isinstance(exc, smtplib.SMTPException | socket.timeout | TimeoutError | ConnectionError | OSError):
        return DeliveryError(ErrorClass.TRANSIENT, text, "无法连接发件服务器,将自动重试")
    return DeliveryError(ErrorClass.TRANSIENT, text, "邮件发送失败,将自动重试")
