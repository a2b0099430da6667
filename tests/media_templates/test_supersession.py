"""Atom and ninjs carry what a policy amends or repeals, and what amends or repeals it: a partner links both ways,
and the ninjs item still validates against the 2.1 schema."""

import dataclasses
import xml.etree.ElementTree as ET

import pytest

from media_templates.content import PolicyRelation
from media_templates.renderers.atom import ATOM_NS, render_atom_entry, render_atom_feed
from media_templates.renderers.ninjs import NinjsInvalid, render_ninjs, validate_ninjs

A = f"{{{ATOM_NS}}}"
REPEALS = PolicyRelation(
    rel="repeals",
    title="促进中小企业发展的若干措施",
    url="https://www.example.gov.cn/policies/2019-3/",
    statement="本文件废止《促进中小企业发展的若干措施》。",
    guid="policy-7",
)
AMENDED_BY = PolicyRelation(
    rel="amended-by",
    title="促进中小企业发展的若干措施(2025年修订)",
    url="https://www.example.gov.cn/policies/2025-30/",
    statement="本文件已被《促进中小企业发展的若干措施(2025年修订)》修改，以新文件为准。",
    guid="policy-9",
)


@pytest.fixture
def related(policy):
    return dataclasses.replace(policy, relations=(REPEALS, AMENDED_BY))


def test_atom_entry_links_each_related_policy_with_its_statement(related, style):
    entry = ET.fromstring(render_atom_entry(related, style=style).encode("utf-8"))
    titles = {link.get("href"): link.get("title") for link in entry.findall(f"{A}link") if link.get("rel") == "related"}
    assert titles[REPEALS.url] == "本文件废止《促进中小企业发展的若干措施》。"
    assert titles[AMENDED_BY.url] == "本文件已被《促进中小企业发展的若干措施(2025年修订)》修改，以新文件为准。"


def test_atom_feed_entries_keep_their_own_relations(policy, related, style):
    feed = ET.fromstring(render_atom_feed([related, policy], feed_id="urn:feed:press", feed_url="https://x.example/a"))
    first, second = feed.findall(f"{A}entry")
    assert REPEALS.url in {link.get("href") for link in first.findall(f"{A}link")}
    assert REPEALS.url not in {link.get("href") for link in second.findall(f"{A}link")}


def test_ninjs_names_each_relation_and_still_validates(related, style):
    doc = render_ninjs(related, style=style)  # validates
    relations = [a for a in doc["associations"] if not a["name"].startswith("material-")]
    assert [a["name"] for a in relations] == ["repeals-1", "amended-by-2"]
    repeals = relations[0]
    assert repeals["uri"] == "urn:policy:policy-7" and repeals["representationtype"] == "partial"
    assert repeals["headlines"][0]["value"] == REPEALS.title
    assert repeals["descriptions"] == [{"role": "relation", "contenttype": "text/plain", "value": REPEALS.statement}]
    assert repeals["renditions"][0]["href"] == REPEALS.url


def test_ninjs_schema_still_refuses_an_unknown_property_on_a_relation(related, style):
    doc = render_ninjs(related, style=style)
    doc["associations"][-1]["rel"] = "amended-by"  # not a ninjs 2.1 property: the name carries it
    with pytest.raises(NinjsInvalid, match="'rel' was unexpected"):
        validate_ninjs(doc)


def test_a_policy_without_relations_has_no_relation_associations(policy, style):
    names = [a["name"] for a in render_ninjs(policy, style=style).get("associations", [])]
    assert names == ["material-1", "material-2"]
