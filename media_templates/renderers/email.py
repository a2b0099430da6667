"""The press e-mail: plain text and HTML alternatives, with the policy's attachments."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from urllib.parse import urlsplit

import css_inline

from ..common import display_title, guid_uri, render, resolve_style
from ..content import PolicyContent, SiteStyle, metadata_rows
from .html import html_to_text, links_to_footnotes, sanitize_body

__all__ = ["render_email"]

DEFAULT_MAX_ATTACHMENT_BYTES = 15 * 1024 * 1024


def render_email(
    policy: PolicyContent,
    *,
    sender: str | Address,
    to: Sequence[str | Address] = (),
    cc: Sequence[str | Address] = (),
    reply_to: str | Address | None = None,
    style: SiteStyle | None = None,
    include_attachments: bool = True,
    max_attachment_bytes: int = DEFAULT_MAX_ATTACHMENT_BYTES,
    date: datetime | None = None,
) -> EmailMessage:
    """A multipart/mixed message: multipart/alternative (text, HTML) plus the attached files.

    Attachments travel only when their `data` is given and all of them together fit within
    `max_attachment_bytes`, in order; the others are listed with their download link.
    """
    style = resolve_style(style, policy.publisher)
    title = display_title(policy)
    body = sanitize_body(policy.body_html, base_url=policy.url)

    budget = max_attachment_bytes if include_attachments else 0
    attachments, attached = [], []
    for a in policy.attachments:
        ok = False
        if a.data is not None and len(a.data) <= budget:
            ok = True
            budget -= len(a.data)
            attached.append(a)
        attachments.append({**asdict(a), "attached": ok})

    text_body, footnotes = links_to_footnotes(body, base_url=policy.url, keep_hosts=())
    context = {
        "policy": policy,
        "style": style,
        "title": title,
        "metadata": metadata_rows(policy),
        "body": body,
        "text": html_to_text(text_body),
        "footnotes": footnotes,
        "attachments": attachments,
        "materials": policy.materials,
    }
    css = render("article.css", {"style": style})
    html = css_inline.inline(render("email/body.html", context), extra_css=css, load_remote_stylesheets=False)
    text = render("email/body.txt", context).strip() + "\n"

    msg = EmailMessage()
    msg["Subject"] = title
    msg["From"] = sender
    if to:
        msg["To"] = list(to)
    if cc:
        msg["Cc"] = list(cc)
    if reply_to:
        msg["Reply-To"] = reply_to
    if date is not None:
        msg["Date"] = format_datetime(date)
    msg["Message-ID"] = _message_id(policy, sender, style)
    msg["Content-Language"] = "zh-Hans"
    msg["Auto-Submitted"] = "auto-generated"
    msg["X-Policy-URI"] = guid_uri(policy.guid, policy.url)
    msg["X-Policy-Version"] = str(policy.version)
    msg.set_content(text, subtype="plain", charset="utf-8")
    msg.add_alternative(html, subtype="html", charset="utf-8")
    for a in attached:
        maintype, _, subtype = (a.content_type or "application/octet-stream").partition("/")
        msg.add_attachment(a.data, maintype=maintype, subtype=subtype or "octet-stream", filename=a.filename)
    return msg


def _message_id(policy: PolicyContent, sender: str | Address, style: SiteStyle) -> str:
    """Stable per (policy, version), so a re-sent message is recognisably the same one."""
    domain = str(sender).rsplit("@", 1)[-1].strip("> ") if "@" in str(sender) else ""
    domain = domain or urlsplit(style.site_url or policy.url).hostname or "localhost"
    key = hashlib.sha256(f"{guid_uri(policy.guid, policy.url)}|{policy.version}".encode()).hexdigest()[:24]
    return f"<policy.{key}.v{policy.version}@{domain}>"
