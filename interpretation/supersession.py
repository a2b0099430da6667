"""Which policy amends, repeals or replaces which, read both ways (as GOV.UK and gov.cn show it).

The older policy holds the link (`superseded_by`) and its validity names the kind: 已修改 → the newer one
修改 it, 已废止 → 废止, 已失效 → 替代. One fact on one page, so the two pages can never tell different stories.
Only public, live policies are ever named: a withheld or withdrawn document is not linked from either side.
The wording lives here once, for the public pages and for every output (Atom, ninjs).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from interpretation.choices import SUPERSEDED_VALIDITY, SUPERSESSION_KIND, SupersessionKind, Validity

#: The older page's banner without a public successor to point to.
NOTICE: dict[str, str] = {
    Validity.AMENDED: "本文件已被修改",
    Validity.REPEALED: "本文件已废止",
    Validity.EXPIRED: "本文件已失效",
}

# The older page's sentence around the newer one's title: (before, after).
_REPLACED_BY = {
    SupersessionKind.AMENDS: ("本文件已被《", "》修改，以新文件为准。"),
    SupersessionKind.REPEALS: ("本文件已废止，以《", "》为准。"),
    SupersessionKind.REPLACES: ("本文件已失效，以《", "》为准。"),
}

# Output relation names: what this policy does to the other one, or what the other one did to it.
_REL = {
    SupersessionKind.AMENDS: ("amends", "amended-by"),
    SupersessionKind.REPEALS: ("repeals", "repealed-by"),
    SupersessionKind.REPLACES: ("replaces", "replaced-by"),
}


@dataclass(frozen=True)
class Supersession:
    """One side of the relation, seen from `page`'s reader: `other` is the policy to follow the link to."""

    kind: SupersessionKind
    other: Any  # the other PolicyDocumentPage (typed loosely: the models import this module)
    newer: bool  # True: `other` amends/repeals this one; False: this one amends/repeals `other`

    @property
    def before(self) -> str:
        return _REPLACED_BY[self.kind][0] if self.newer else f"本文件{self.kind.label}《"

    @property
    def after(self) -> str:
        return _REPLACED_BY[self.kind][1] if self.newer else "》。"

    @property
    def title(self) -> str:
        return str(getattr(self.other, "title", ""))

    @property
    def sentence(self) -> str:
        """本文件已废止，以《新文件》为准。 / 本文件废止《旧文件》。"""
        return f"{self.before}{self.title}{self.after}"

    @property
    def rel(self) -> str:
        return _REL[self.kind][1 if self.newer else 0]


def kind_of(policy) -> SupersessionKind | None:
    """What the newer policy does to `policy`, or None while `policy` is in force."""
    return SUPERSESSION_KIND.get(policy.validity)


def is_linkable(policy) -> bool:
    """A reader may be sent only to a live, proactively disclosed policy (of any body on the platform)."""
    return policy is not None and policy.live and policy.is_public


def successor(policy) -> Supersession | None:
    """The public policy that amends, repeals or replaces `policy`, if any."""
    kind = kind_of(policy)
    newer = policy.superseded_by if policy.superseded_by_id else None
    if kind is None or not is_linkable(newer):
        return None
    return Supersession(kind=kind, other=newer, newer=True)


def replaced(policy) -> list[Supersession]:
    """The public policies `policy` amends, repeals or replaces, oldest first."""
    from interpretation.models.policy import public_policies  # lazy: the models import this module

    if not policy.pk:
        return []
    older = (
        public_policies()
        .filter(superseded_by_id=policy.pk, validity__in=SUPERSEDED_VALIDITY)
        .only("title", "url_path", "validity", "live", "disclosure_attribute")
        .order_by("date_published", "path")
    )
    return [Supersession(kind=SUPERSESSION_KIND[old.validity], other=old, newer=False) for old in older]


def relations(policy) -> list[Supersession]:
    """Both directions, the newer policy first: what a reader of `policy` may follow."""
    newer = successor(policy)
    return ([newer] if newer else []) + replaced(policy)
