"""A strict build of the real mkdocs.yml: pages, anchors, links, exports, search index."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import real_catalog
from sitecheck import broken_links, external_resources, read_site

from policykit.model import period_end

CONTRACT = {
    "institutions": {"id", "name", "short_name", "country", "document", "url"},
    "topics": {"id", "title", "question", "group", "url"},
    "rules": {"id", "institution", "ref", "section", "text", "summary", "stance", "audience", "topics", "exceptions", "url"},
    "positions": {"institution", "topic", "stance", "summary", "rules", "url"},
    "faqs": {"id", "institution", "question", "answer", "rules", "url"},
    "templates": {"id", "title", "institutions", "origin", "body", "placeholders", "rules", "url"},
}


@pytest.fixture(scope="module")
def catalog():
    return real_catalog()


@pytest.fixture(scope="module")
def pages(built_site: Path):
    return read_site(built_site)


def test_every_generated_page_exists(built_site: Path, catalog) -> None:
    expected = ["index.html", "compare/index.html", "faq/index.html", "templates/index.html", "review/index.html",
                "changes/index.html", "maintainers/index.html", "institutions/index.html", "topics/index.html"]
    expected += [f"institutions/{i.id}/index.html" for i in catalog.institutions]
    expected += [f"sources/{i.id}/index.html" for i in catalog.institutions]
    expected += [f"topics/{t.id}/index.html" for t in catalog.topics]
    missing = [p for p in expected if not (built_site / p).is_file()]
    assert missing == []


def test_every_rule_faq_and_template_has_its_anchor(pages, catalog) -> None:
    for inst in catalog.institutions:
        ids = pages[f"institutions/{inst.id}/index.html"].ids
        assert {r.id for r in inst.rules} <= ids
        assert {f.id for f in inst.faq} <= ids
        assert {t.id for t in catalog.templates_for_institution(inst.id)} <= ids
    assert {t.id for t in catalog.templates} <= pages["templates/index.html"].ids
    for t in catalog.topics:
        assert {i.id for i in catalog.institutions} <= pages[f"topics/{t.id}/index.html"].ids
        assert t.id in pages["faq/index.html"].ids


def test_every_internal_link_and_anchor_resolves(built_site: Path, pages) -> None:
    assert len(pages) > 60
    assert broken_links(built_site, pages) == []


def test_nothing_is_loaded_from_another_host(pages) -> None:
    assert external_resources(pages) == []


def test_policies_json_matches_the_contract(built_site: Path, pages, catalog) -> None:
    data = json.loads((built_site / "policies.json").read_text(encoding="utf-8"))
    assert data["schema_version"] == 1
    assert set(data) == {"schema_version", *CONTRACT}
    for kind, keys in CONTRACT.items():
        for item in data[kind]:
            assert keys <= set(item), (kind, keys - set(item))
    for inst in data["institutions"]:
        assert {"title", "status", "issued", "reviewed", "review_due"} <= set(inst["document"])
    assert len(data["positions"]) == len(catalog.institutions) * len(catalog.topics)
    assert len(data["rules"]) == len(catalog.rules)
    assert {p["stance"] for p in data["positions"]} <= {"required", "prohibited", "restricted", "discouraged", "permitted", "encouraged", "not-addressed"}
    # Every url is site-relative and lands on an existing page and anchor.
    for kind in CONTRACT:
        for item in data[kind]:
            path, _, anchor = item["url"].partition("#")
            assert not path.startswith("/") and "://" not in path
            page = f"{path}index.html"
            assert page in pages, item["url"]
            assert not anchor or anchor in pages[page].ids, item["url"]
    # Each rule and institution as the data says it (its byte layout is the golden tests' job).
    rules = {r["id"]: r for r in data["rules"]}
    assert sorted(rules) == sorted(r.id for r in catalog.rules)
    for rule in catalog.rules:
        assert rules[rule.id]["url"] == f"institutions/{rule.institution}/#{rule.id}"
        assert rules[rule.id]["text"] == rule.text and rules[rule.id]["institution"] == rule.institution
    institutions = {i["id"]: i for i in data["institutions"]}
    for inst in catalog.institutions:
        doc = institutions[inst.id]["document"]
        assert (doc["review_due"], doc["issued"]) == (inst.document.review_due, inst.document.issued), inst.id
        # The latest review of all those listed.
        latest = max(inst.document.reviewed, key=period_end) if inst.document.reviewed else None
        assert doc["reviewed"] == latest and doc["reviewed_all"] == list(inst.document.reviewed), inst.id


def test_comparison_csv(built_site: Path, catalog) -> None:
    rows = list(csv.reader(io.StringIO((built_site / "comparison.csv").read_text(encoding="utf-8"))))
    assert rows[0][:4] == ["group", "topic", "title", "question"]
    assert len(rows[0]) == 4 + 2 * len(catalog.institutions)
    assert [r[1] for r in rows[1:]] == [t.id for t in catalog.topics]
    for inst in catalog.institutions:
        column = rows[0].index(f"{inst.short_name} stance")
        assert [r[column] for r in rows[1:]] == [inst.position(t.id).stance for t in catalog.topics], inst.id


def test_search_index_has_a_section_per_rule_and_position(built_site: Path, catalog) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = {d["location"]: d for d in index["docs"]}
    for inst in catalog.institutions:
        for rule in inst.rules:
            doc = docs[f"institutions/{inst.id}/#{rule.id}"]
            assert doc["title"].startswith(f"{inst.short_name} {rule.ref} ")
            for word in rule.keywords:
                assert word.lower() in doc["text"].lower(), (rule.id, word)
        for t in catalog.topics:
            assert f"topics/{t.id}/#{inst.id}" in docs
    # Noise stays out: the source texts and the matrix.
    assert not any(loc.startswith(("sources/", "compare/")) for loc in docs)
    assert not any("Compare with:" in d["text"] for d in docs.values())


def test_draft_deletions_are_shown_as_deletions(built_site: Path, catalog) -> None:
    struck = [i for i in catalog.institutions if i.document.is_draft and any("~~" in r.text for r in i.rules)]
    if not struck:
        pytest.skip("no draft in this data strikes words out")
    for inst in struck:
        html = (built_site / "institutions" / inst.id / "index.html").read_text(encoding="utf-8")
        assert "<del>" in html and "deleted in draft" in html, inst.id
        source = (built_site / "sources" / inst.id / "index.html").read_text(encoding="utf-8")
        assert "<del>" in source and "~~" not in source, inst.id
