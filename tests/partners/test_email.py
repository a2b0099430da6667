"""E-mail delivery: the message parsed back with the standard library, and SMTP answers classified."""

import email
import email.policy
import smtplib
import socket

import pytest
from django.core import mail

from channels.adapters.base import DeliveryError, ErrorClass, OutcomeState, get_adapter
from channels.partners.mail import classify_smtp
from tests.factories.policies import PDF
from tests.partners.smtp_server import SMTPServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def adapter():
    return get_adapter("partner_email")


@pytest.fixture
def mail_partner(make_partner):
    return make_partner("市日报社", email_enabled=True, email="zhengwu@ribao.example.cn")


def send(adapter, release, partner, checkpoints):
    payload = adapter.render(release, partner.target, {})
    return adapter.deliver(release, partner.target, payload, checkpoints, {})


def parsed(raw: bytes):
    return email.message_from_bytes(raw, policy=email.policy.default)


def test_the_email_carries_policy_interpretation_and_attachments(adapter, release_policy, mail_partner, saved):
    release = release_policy()
    outcome = send(adapter, release, mail_partner, saved.checkpoints())
    assert outcome.state == OutcomeState.DELIVERED and outcome.detail["to"] == "zhengwu@ribao.example.cn"
    [sent] = mail.outbox
    assert sent.to == ["zhengwu@ribao.example.cn"]
    message = parsed(sent.message().as_bytes(linesep="\r\n"))
    assert message["Subject"] == "关于优化营商环境的若干措施" and message["Message-ID"] == outcome.external_id
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "第一条 优化营商环境" in text and "《关于优化营商环境的若干措施》解读" in text
    assert "第一条 优化营商环境" in message.get_body(preferencelist=("html",)).get_content()
    files = {part.get_filename(): part for part in message.iter_attachments()}
    [pdf_name] = [name for name in files if name.startswith("shenqingbiao-") and name.endswith(".pdf")]
    assert set(files) == {pdf_name, "政策解读1.html", "政策解读2.html"}
    pdf = files[pdf_name]
    assert pdf.get_content_type() == "application/pdf" and pdf.get_content() == PDF
    assert "审批时限压减一半" in files["政策解读1.html"].get_content()
    assert "谁可以申请" in files["政策解读2.html"].get_content()


def test_an_email_already_accepted_is_not_sent_again(adapter, release_policy, mail_partner, saved):
    release = release_policy()
    send(adapter, release, mail_partner, saved.checkpoints())
    send(adapter, release, mail_partner, saved.checkpoints())
    assert len(mail.outbox) == 1


def test_a_correction_is_a_new_message_marked_as_such(adapter, release_policy, mail_partner, saved):
    release = release_policy()
    key = f"{release.pk}:partner_email:{mail_partner.target}"
    original = adapter.render(release, mail_partner.target, {"idempotency_key": key})
    options = {"idempotency_key": f"{key}:correction-1", "correction": True, "correction_note": "附件更正"}
    correction = adapter.render(release, mail_partner.target, options)
    assert correction["Subject"] == "【更正】关于优化营商环境的若干措施"
    assert correction["Message-ID"] != original["Message-ID"]
    retry = adapter.render(release, mail_partner.target, {"idempotency_key": key})
    assert retry["Message-ID"] == original["Message-ID"], "a retry is the same message"


@pytest.fixture
def smtp(settings):
    with SMTPServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        yield server


@pytest.mark.integration
def test_sent_through_a_real_smtp_conversation(adapter, release_policy, mail_partner, saved, smtp):
    send(adapter, release_policy(), mail_partner, saved.checkpoints())
    [(sender, recipients, data)] = smtp.messages
    assert sender == "gongkai@liyang.example.cn" and recipients == ["zhengwu@ribao.example.cn"]
    message = parsed(data)
    assert message["Subject"] == "关于优化营商环境的若干措施"
    assert any(part.get_filename().endswith(".pdf") for part in message.iter_attachments())


@pytest.mark.integration
@pytest.mark.parametrize(
    "reply, error_class",
    [("550 5.1.1 mailbox unavailable", ErrorClass.CONFIG), ("451 4.3.0 try again later", ErrorClass.TRANSIENT)],
)
def test_smtp_refusals_are_classified(adapter, release_policy, mail_partner, saved, smtp, reply, error_class):
    smtp.rcpt_reply = reply
    with pytest.raises(DeliveryError) as refused:
        send(adapter, release_policy(), mail_partner, saved.checkpoints())
    assert refused.value.error_class == error_class and not smtp.messages


@pytest.mark.integration
def test_an_unreachable_mail_server_is_transient(adapter, release_policy, mail_partner, saved, settings):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    with pytest.raises(DeliveryError) as down:
        send(adapter, release_policy(), mail_partner, saved.checkpoints())
    assert down.value.error_class == ErrorClass.TRANSIENT


@pytest.mark.parametrize(
    "exc, error_class",
    [
        (smtplib.SMTPAuthenticationError(535, b"bad credentials"), ErrorClass.CONFIG),
        (smtplib.SMTPDataError(552, b"message too large"), ErrorClass.CONTENT),
        (smtplib.SMTPDataError(421, b"closing"), ErrorClass.TRANSIENT),
        (smtplib.SMTPSenderRefused(550, b"no relay", "a@b"), ErrorClass.CONFIG),
        (smtplib.SMTPSenderRefused(552, b"5.3.4 message size exceeds fixed limit", "a@b"), ErrorClass.CONTENT),
        (smtplib.SMTPServerDisconnected("gone"), ErrorClass.TRANSIENT),
        (smtplib.SMTPConnectError(554, b"no service"), ErrorClass.CONFIG),
        (TimeoutError("timed out"), ErrorClass.TRANSIENT),
    ],
)
def test_smtp_errors_map_to_classes(exc, error_class):
    assert classify_smtp(exc).error_class == error_class
