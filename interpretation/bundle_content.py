"""Turn a policy page and its materials into the plain content that media_templates' renderers take.

The one mapping of a policy page: interpretation's bundle preview and feeds use it, and so does the policy
release's content in channels.subjects (which adds what the release fixes: the signed revisions, the version).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from wagtail.models import Site
from wagtail.rich_text import expand_db_html

from bodies.models import DisclosingBody
from cms.foundation import links
from interpretation import supersession
from interpretation.choices import DisclosureAttribute
from media_templates.content import (
    Attachment,
    GraphicSpec,
    KeyPoint,
    MaterialRef,
    PolicyContent,
    PolicyRelation,
    Publisher,
)


def _page_path(page) -> str:
    """The page's path on the portal. A body with its own site has a second, deeper root (its column): the
    portal's is the widest root holding the page, which SITE_URL addresses."""
    roots = [root.root_path for root in Site.get_site_root_paths() if page.url_path.startswith(root.root_path)]
    if len(roots) > 1:
        return "/" + page.url_path[len(min(roots, key=len)) :]
    url = page.get_url() or ""
    if url.startswith("http"):
        url = urlsplit(url).path
    return url


def page_url(page) -> str:
    return links.absolute(_page_path(page))


def publisher(body: DisclosingBody | None, platform: DisclosingBody | None = None) -> Publisher | None:
    """Whose release this is: the releasing body's name as the organ, the platform body's (the portal's) as the
    site, the portal's address; None leaves the style's names (an installation without bodies)."""
    platform = platform or DisclosingBody.platform()
    if body is None and platform is None:
        return None
    return Publisher(
        organ_name=body.name if body is not None else "",
        site_name=platform.name if platform is not None else "",
        site_url=links.site_root(),
    )


def body_of(page) -> DisclosingBody | None:
    """The page's body (policy, event, republication), from the loaded relation when there is one."""
    if getattr(page, "disclosing_body_id", None) is None:
        return None
    return page.disclosing_body


def material_ref(material) -> MaterialRef:
    return MaterialRef(
        title=material.title,
        form=material.form,
        form_label=str(material.get_form_display()),
        interpreter_kind=material.interpreter_kind,
        interpreter_label=str(material.get_interpreter_kind_display()),
        url=page_url(material),
        summary=material.summary,
        guid=f"material-{material.pk}",
        date_published=material.first_published_at.date() if material.first_published_at else None,
    )


def policy_relations(policy) -> tuple[PolicyRelation, ...]:
    """Both ways, public live policies only (interpretation.supersession says which and in what words)."""
    return tuple(
        PolicyRelation(
            rel=item.rel,
            title=item.title,
            url=page_url(item.other),
            statement=item.sentence,
            guid=f"policy-{item.other.pk}",
        )
        for item in supersession.relations(policy)
    )


def policy_content(
    policy, *, materials=None, version: int | None = None, platform: DisclosingBody | None = None
) -> PolicyContent:
    """The policy as it stands (live or draft object), with the given materials or its live ones, in its body's
    name (`platform`, the portal's body, when the caller has it already)."""
    materials = list(policy.live_materials()) if materials is None else materials
    attachments = tuple(
        Attachment(
            title=item.display_title,
            url=links.absolute(item.document.url),
            filename=item.document.filename,
            size=item.document.file_size or 0,
            content_type=item.document.content_type,
        )
        for item in policy.attachments.all()
    )
    return PolicyContent(
        title=policy.title,
        document_number=policy.document_number,
        index_number=policy.index_number,
        issuing_organ=policy.issuing_organ,
        drafting_department=str(policy.drafting_department or ""),
        date_written=policy.date_written,
        date_published=policy.date_published,
        effective_date=policy.effective_date,
        topic=str(policy.topic or ""),
        validity_label=str(policy.get_validity_display()),
        disclosure_label=str(DisclosureAttribute(policy.disclosure_attribute).label)
        if policy.disclosure_attribute
        else "",
        summary=policy.summary,
        body_html=expand_db_html(policy.body),
        url=page_url(policy),
        attachments=attachments,
        materials=tuple(material_ref(m) for m in materials),
        guid=f"policy-{policy.pk}",
        version=version or (policy.live_revision_id or policy.latest_revision_id or 1),
        updated_at=policy.last_published_at,
        publisher=publisher(body_of(policy), platform),
        relations=policy_relations(policy),
    )


def graphic_spec(material) -> GraphicSpec:
    """The structured content of a 图解 material, ready to draw as a long image."""
    policy = material.get_parent().specific
    return GraphicSpec(
        title=material.title,
        subtitle=material.subtitle,
        key_points=tuple(KeyPoint(title=p.title, text=p.text, figure=p.figure) for p in material.key_points.all()),
        steps=tuple(material.step_list),
        qa=(),
        source_line=f"来源:{policy.issuing_organ} {policy.document_number}".strip(),
        publisher=publisher(body_of(policy)),
    )
