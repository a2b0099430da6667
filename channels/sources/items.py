"""What the parsers produce."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from .identity import dedup_key, item_identity


@dataclass(frozen=True)
class Attachment:
    url: str  # absolute http(s)
    title: str


@dataclass(frozen=True)
class UpstreamItem:
    guid: str  # the source's own id; the canonical URL when it has none
    url: str  # absolute, canonical (identity.canonical_url)
    title: str
    published: datetime | None = None  # aware; Asia/Shanghai when the source gave no zone
    summary: str = ""  # plain text
    document_number: str | None = None  # 文号, normalised
    body_html: str | None = None  # sanitised, in the editor's rich-text form (rich_text.clean_body); None until known
    attachments: tuple[Attachment, ...] = ()

    @property
    def identity(self) -> str:
        """Per-source identity (guid or URL; http and https alike)."""
        return item_identity(self.guid, self.url)

    @property
    def dedup_key(self) -> str | None:
        """Cross-source key: 文号 plus normalised title."""
        return dedup_key(self.document_number, self.title)


@dataclass
class ParseResult:
    """Items parsed from one listing. ``warnings`` (English) lists what was skipped or
    recovered; a malformed feed whose entries could be recovered comes back with warnings."""

    items: list[UpstreamItem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def partial(self) -> bool:
        return bool(self.warnings)

    def __iter__(self) -> Iterator[UpstreamItem]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index: int) -> UpstreamItem:
        return self.items[index]
