"""IPTC ninjs 2.x (News in JSON) for press partners: the policy, its materials and the policies it amends or
repeals (or that amend or repeal it) as associations.

ninjs 2.x names: `headlines` and `bodies` (arrays of {role, contenttype, value}) replace 1.x's
`headline` and `body_html`; `renditions` and `associations` are arrays of objects with a `name`.
No property outside the standard is allowed, so our metadata goes into altids, organisations,
subjects and descriptions.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator, FormatChecker

from ..common import as_datetime, display_title, guid_uri, iso, resolve_style, version_created
from ..content import MaterialRef, PolicyContent, PolicyRelation, SiteStyle, metadata_rows
from ..images.base import GeneratedImage
from . import limits
from .html import html_to_text, sanitize_body

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schemas" / "ninjs-2.1-required.json"
IPTC_SCHEMA_URL = "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json"
FORM_TYPES = {
    "text": "text",
    "graphic": "graphic",
    "audio": "audio",
    "video": "video",
    "qa": "text",
    "animation": "video",
}

__all__ = ["NinjsInvalid", "render_ninjs", "render_ninjs_json", "validate_ninjs"]


class NinjsInvalid(ValueError):
    pass


_formats = FormatChecker()


def _is_datetime(value: object) -> bool:
    return not isinstance(value, str) or ("T" in value and datetime.fromisoformat(value).tzinfo is not None)


def _is_uri(value: object) -> bool:
    return not isinstance(value, str) or bool(urlsplit(value).scheme)


# Registered by calling jsonschema's (untyped) decorator, which would leave the checks untyped.
_formats.checks("date-time", raises=ValueError)(_is_datetime)
_formats.checks("uri", raises=ValueError)(_is_uri)


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=_formats)


def validate_ninjs(document: dict[str, Any]) -> None:
    """Raise NinjsInvalid (with every problem listed) unless `document` is valid ninjs 2.x."""
    errors = sorted(_validator().iter_errors(document), key=lambda e: list(e.absolute_path))
    if errors:
        lines = [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in errors]
        raise NinjsInvalid("ninjs 文档不符合 2.x 规范：\n" + "\n".join(lines))


def render_ninjs(
    policy: PolicyContent,
    *,
    materials: Sequence[MaterialRef] | None = None,
    images: Sequence[tuple[GeneratedImage, str]] = (),
    style: SiteStyle | None = None,
    validate: bool = True,
) -> dict[str, Any]:
    """The ninjs 2.x item. `images` are generated images with the URL each was published at."""
    style = resolve_style(style, policy.publisher)
    materials = policy.materials if materials is None else materials
    uri = guid_uri(policy.guid, policy.url)
    body = sanitize_body(policy.body_html, base_url=policy.url)
    text = html_to_text(body)
    title = display_title(policy)
    headlines = [{"role": "main", "contenttype": "text/plain", "value": title}]
    short = limits.truncate(policy.short_title or title, limits.WECHAT_TITLE)
    if short != title:
        headlines.append({"role": "short", "contenttype": "text/plain", "value": short})
    organ = policy.issuing_organ or style.organ_name
    doc: dict[str, Any] = {
        "uri": uri,
        "standard": {"name": "ninjs", "version": "2.1", "schema": IPTC_SCHEMA_URL},
        "type": "text",
        "profile": "policy-bundle",
        "representationtype": "full",
        "version": str(policy.version),
        "versioncreated": iso(version_created(policy)),
        "pubstatus": "usable",
        "language": "zh-Hans",
        "headlines": headlines,
        "bodies": [
            {"role": "main", "contenttype": "text/html", "value": body, "charcount": len(text)},
            {"role": "main", "contenttype": "text/plain", "value": text, "charcount": len(text)},
        ],
        "descriptions": _descriptions(policy),
        "by": organ,
        "copyrightholder": organ,
        "genres": [{"name": "政策文件", "literal": "policy_document"}],
        "altids": [
            {"role": role, "value": value}
            for role, value in (
                ("document_number", policy.document_number),
                ("index_number", policy.index_number),
                ("guid", policy.guid),
            )
            if value
        ],
        "organisations": [
            {"name": name, "rel": rel}
            for rel, name in (("issuer", policy.issuing_organ), ("drafter", policy.drafting_department))
            if name
        ],
        "subjects": [
            {"name": name, "rel": rel}
            for rel, name in (
                ("topic", policy.topic),
                ("validity", policy.validity_label),
                ("disclosure_attribute", policy.disclosure_label),
            )
            if name
        ],
        "renditions": _renditions(policy),
        "associations": [_material(i, m) for i, m in enumerate(materials, 1)]
        + [_image(uri, image, href) for image, href in images]
        + [_relation(i, r) for i, r in enumerate(policy.relations, 1)],
    }
    for key, day in (("firstcreated", policy.date_published), ("contentcreated", policy.date_written)):
        if day:
            doc[key] = iso(as_datetime(day))
    if policy.is_correction:
        doc["ednote"] = f"更正：{policy.correction_note or '本版替代此前版本。'}"
        doc["genres"].append({"name": "更正", "literal": "correction"})
    doc = {k: v for k, v in doc.items() if v not in ([], "")}
    if validate:
        validate_ninjs(doc)
    return doc


def render_ninjs_json(policy: PolicyContent, **kwargs: Any) -> str:
    return json.dumps(render_ninjs(policy, **kwargs), ensure_ascii=False, indent=2)


def _descriptions(policy: PolicyContent) -> list[dict[str, str]]:
    out = []
    if policy.summary:
        out.append({"role": "summary", "contenttype": "text/plain", "value": policy.summary})
    rows = metadata_rows(policy)
    if rows:
        value = "\n".join(f"{label}：{value}" for label, value in rows)
        out.append({"role": "metadata", "contenttype": "text/plain", "value": value})
    if policy.effective_date:
        out.append({"role": "effective_date", "contenttype": "text/plain", "value": policy.effective_date.isoformat()})
    return out


def _renditions(policy: PolicyContent) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [{"name": "web", "href": policy.url, "contenttype": "text/html", "title": "政策页面"}]
    for i, a in enumerate(policy.attachments, 1):
        item: dict[str, Any] = {
            "name": f"attachment-{i}",
            "href": a.url,
            "contenttype": a.content_type,
            "title": a.title,
        }
        if a.size:
            item["sizeinbytes"] = a.size
        out.append(item)
    return out


def _material(index: int, m: MaterialRef) -> dict[str, Any]:
    item: dict[str, Any] = {
        "name": f"material-{index}",
        "uri": guid_uri(m.guid, m.url),
        "type": FORM_TYPES[m.form],
        "language": "zh-Hans",
        "headlines": [{"role": "main", "contenttype": "text/plain", "value": m.title}],
        "by": m.interpreter_label,
        "genres": [
            {"name": m.form_label, "literal": m.form},
            {"name": m.interpreter_label, "literal": m.interpreter_kind},
        ],
        "renditions": [{"name": "web", "href": m.url, "contenttype": "text/html", "title": m.title}],
    }
    if m.summary:
        item["descriptions"] = [{"role": "summary", "contenttype": "text/plain", "value": m.summary}]
    if m.date_published:
        item["firstcreated"] = iso(as_datetime(m.date_published))
    return item


def _relation(index: int, r: PolicyRelation) -> dict[str, Any]:
    """Another policy, named by what links them (`repeals-1`, `amended-by-1`): ninjs 2.1 has no `rel` on an
    association, so the name carries it, and the description says it in words."""
    return {
        "name": f"{r.rel}-{index}",
        "uri": guid_uri(r.guid, r.url),
        "type": "text",
        "representationtype": "partial",
        "language": "zh-Hans",
        "headlines": [{"role": "main", "contenttype": "text/plain", "value": r.title}],
        "descriptions": [{"role": "relation", "contenttype": "text/plain", "value": r.statement}],
        "genres": [{"name": "政策文件", "literal": "policy_document"}],
        "renditions": [{"name": "web", "href": r.url, "contenttype": "text/html", "title": r.title}],
    }


def _image(policy_uri: str, image: GeneratedImage, href: str) -> dict[str, Any]:
    width, height = image.size
    descriptions = [{"role": "alt", "contenttype": "text/plain", "value": image.alt}]
    if image.text_equivalent:
        descriptions.append({"role": "text_equivalent", "contenttype": "text/plain", "value": image.text_equivalent})
    return {
        "name": image.name,
        "uri": f"{policy_uri}#{image.name}",
        "type": "graphic" if image.text_equivalent else "picture",
        "descriptions": descriptions,
        "renditions": [
            {
                "name": "original",
                "href": href,
                "contenttype": image.mime_type,
                "width": width,
                "height": height,
                "sizeinbytes": len(image.data),
            }
        ],
    }
