"""A follow-up (追加解读: a material released after its policy) as an item of its own, linked to its policy.

Its title says what is new ("【追加解读】" and the material's title), never the policy's headline again; its ninjs
is a separate item (its own uri and version) with the policy as an association, so a partner's system files it
next to the policy it explains.
"""

from __future__ import annotations

import dataclasses
from html import escape
from typing import Any

from interpretation.bundle_content import material_ref
from media_templates.common import guid_uri
from media_templates.content import PolicyContent

from .base import _retyped, material_html

TITLE_PREFIX = "【追加解读】"
PROFILE = "policy-follow-up"
GENRE = ("追加解读", "follow_up_interpretation")


def item_title(material) -> str:
    return f"{TITLE_PREFIX}{material.title}"


def follow_up_content(policy_content: PolicyContent, policy, material, version: int) -> PolicyContent:
    """The follow-up's item: its own title, summary, text and address; the policy's metadata says what it explains."""
    ref = material_ref(material)
    about = f"《{escape(policy.title)}》" + (f"({escape(policy.document_number)})" if policy.document_number else "")
    link = f'<p>本解读是对{about}的追加解读,政策原文见:<a href="{escape(policy_content.url)}">{about}</a></p>'
    return dataclasses.replace(
        policy_content,
        title=item_title(material),
        short_title="",
        summary=material.summary or policy_content.summary,
        body_html=(material_html(material) or f"<p>{escape(material.summary)}</p>") + link,
        url=ref.url,
        guid=ref.guid,
        attachments=(),
        materials=(ref,),
        version=version,
    )


def item_ninjs(document: dict[str, Any], policy_content: PolicyContent) -> dict[str, Any]:
    """The item's ninjs: labelled 追加解读, with the policy it explains as the association "policy"."""
    policy_uri = guid_uri(policy_content.guid, policy_content.url)
    association = {
        "name": "policy",
        "uri": policy_uri,
        "type": "text",
        "headlines": [{"role": "main", "contenttype": "text/plain", "value": policy_content.title}],
        "renditions": [{"name": "web", "href": policy_content.url, "contenttype": "text/html", "title": "政策原文"}],
    }
    document = {**document, "associations": [*document.get("associations", []), association]}
    return _retyped(document, PROFILE, GENRE)
