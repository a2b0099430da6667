"""The applicant's downloads: once a status lookup has proved the query code, the reply letter (.pdf, .docx) and the
files disclosed are linked with signed tokens bound to the case and the item, valid for an hour. The code itself
never enters an address (addresses end up in logs, histories and Referer headers); a token only opens one item of
one case, and a forged or altered one fails the signature (SECRET_KEY).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core import signing

from .models import DisclosedFile, InformationRequest

SALT = "disclosure_requests.applicant_download"
MAX_AGE = 3600  # seconds a link stays valid
LETTER_KINDS = {
    "pdf": ("application/pdf", "PDF"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word"),
}


class Expired(Exception):
    """A genuine link older than MAX_AGE."""


class Invalid(Exception):
    """A link we did not sign (altered, truncated, made up) or whose case or item is gone."""


@dataclass(frozen=True)
class Link:
    label: str
    token: str


def token_for(application: InformationRequest, item: str) -> str:
    """`item` is "letter.pdf", "letter.docx" or "file.<DisclosedFile id>"."""
    return signing.dumps({"r": application.pk, "i": item}, salt=SALT)


def links(application: InformationRequest) -> list[Link]:
    """What the applicant may download now: nothing before the reply."""
    reply = getattr(application, "reply", None)
    if reply is None:
        return []
    found = [
        Link(f"答复告知书({label})", token_for(application, f"letter.{kind}"))
        for kind, (_t, label) in LETTER_KINDS.items()
    ]
    found += [Link(item.title, token_for(application, f"file.{item.pk}")) for item in reply.files.all()]
    return found


def resolve(token: str) -> tuple[InformationRequest, str, DisclosedFile | None]:
    """The case, the item and (for a file) the DisclosedFile a token opens; Expired or Invalid otherwise."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired:
        raise Expired from None
    except signing.BadSignature:
        raise Invalid from None
    application = InformationRequest.objects.select_related("disclosing_body").filter(pk=data.get("r")).first()
    item = str(data.get("i", ""))
    if application is None or getattr(application, "reply", None) is None:
        raise Invalid
    if item.startswith("letter.") and item.removeprefix("letter.") in LETTER_KINDS:
        return application, item, None
    match = re.fullmatch(r"file\.(\d+)", item)
    found = DisclosedFile.objects.filter(pk=match.group(1), reply__request=application).first() if match else None
    if found is None:
        raise Invalid
    return application, item, found


def filename(disclosed: DisclosedFile) -> str:
    """The name the applicant's browser saves: the file's title with the stored file's extension."""
    stem = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", disclosed.title).strip(" .") or "文件"
    ext = disclosed.file.name.rsplit(".", 1)[-1].lower() if "." in disclosed.file.name.rsplit("/", 1)[-1] else ""
    return f"{stem}.{ext}" if ext else stem
