"""The real data in policy_data/: verbatim, complete, covered, documented."""

from __future__ import annotations

import hashlib
import json

import pytest
from conftest import ROOT

from policykit import load_catalog
from policykit.coverage import coverage
from policykit.model import STANCES
from policykit.text import SourceText

DATA = ROOT / "policy_data"
SHARED_SOURCES = ROOT.parent / "shared" / "sources"
IDS = ["cms", "cmcss", "cps", "crypt", "cmsd82"]


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(DATA, root=ROOT)


def test_sources_are_the_received_texts_byte_for_byte() -> None:
    sums = dict(reversed(line.split("  ")) for line in (DATA / "sources" / "SHA256SUMS").read_text().splitlines())
    assert sorted(sums) == sorted(p.name for p in (DATA / "sources").glob("*.txt"))
    for name, digest in sums.items():
        assert hashlib.sha256((DATA / "sources" / name).read_bytes()).hexdigest() == digest, name


@pytest.mark.skipif(not SHARED_SOURCES.is_dir(), reason="../shared/sources is not beside this checkout")
def test_sources_match_the_shared_originals() -> None:
    for i in IDS:
        assert (DATA / "sources" / f"{i}.txt").read_bytes() == (SHARED_SOURCES / f"{i}.txt").read_bytes(), i


def test_all_five_institutions_with_their_status(catalog) -> None:
    assert sorted(i.id for i in catalog.institutions) == sorted(IDS)
    assert catalog.institution("cps").document.is_draft
    assert [i.id for i in catalog.institutions if i.document.is_draft] == ["cps"]
    assert catalog.institution("crypt").document.review_due == "2018-11"


def test_the_fixed_topic_ids_are_all_there(catalog) -> None:
    design = (ROOT.parent / "shared" / "DESIGN.md")
    fixed = {
        "friend-requests-students", "friend-requests-parents", "former-students", "channels-students",
        "channels-parents", "texting", "messaging-groups", "personal-contact-details", "personal-email-for-school",
        "work-email-for-personal", "privacy-settings", "official-accounts", "speaking-for-school", "logo-branding",
        "account-passwords", "student-images", "confidential-information", "criticism-of-school", "harassment",
        "copyright", "references-endorsements", "wikipedia-editing", "personal-content", "personal-use-at-work",
        "monitoring", "comment-moderation", "media-inquiries", "reporting-concerns", "mistakes", "discipline",
        "leaving-employment", "young-children",
    }
    assert len(fixed) == 32
    assert fixed <= {t.id for t in catalog.topics}
    if design.is_file():
        for topic_id in fixed:
            assert f"`{topic_id}`" in design.read_text(encoding="utf-8")


def test_every_institution_answers_every_topic(catalog) -> None:
    for inst in catalog.institutions:
        assert [p.topic for p in inst.positions] == [t.id for t in catalog.topics], inst.id


def test_every_rule_is_found_verbatim_in_its_source(catalog) -> None:
    # The loader checks this too; here it is checked on its own, quote by quote.
    for inst in catalog.institutions:
        source = SourceText(inst.source_text)
        for rule in inst.rules:
            for quote in (rule.text, *rule.exceptions, *rule.conditions, *rule.footnotes):
                assert source.find(quote), f"{rule.id}: {quote[:60]!r}"
        for entry in inst.faq:
            assert source.find(entry.question) and source.find(entry.answer), entry.id


def test_rules_are_in_document_order(catalog) -> None:
    for inst in catalog.institutions:
        lines = [r.source_line for r in inst.rules]
        assert all(line > 0 for line in lines), inst.id
        # The CPS draft quotes its struck duplicate section after the current one: order by print position.
        assert lines == sorted(lines), inst.id


@pytest.mark.parametrize("inst_id", IDS)
def test_coverage_no_normative_sentence_missing(catalog, inst_id: str) -> None:
    inst = catalog.institution(inst_id)
    report = coverage(SourceText(inst.source_text), [r.text for r in inst.rules], [g.text for g in inst.ignored], [s.title for s in inst.sections])
    assert [s.text for s in report.filtered("missing").sentences] == []
    assert report.percent_captured >= 90.0
    assert len(report.sentences) >= 30


def test_rule_fields_are_filled(catalog) -> None:
    for rule in catalog.rules:
        assert rule.stance in STANCES
        assert rule.summary.strip() and rule.title.strip()
        assert rule.audience and rule.topics, rule.id
    assert sum(1 for r in catalog.rules if r.keywords) >= 0.9 * len(catalog.rules)


def test_position_summaries_fit_one_matrix_line(catalog) -> None:
    labels = ("required", "prohibited", "restricted", "discouraged", "permitted", "encouraged", "not addressed")
    for inst in catalog.institutions:
        for p in inst.positions:
            assert len(p.summary) <= 150, (inst.id, p.topic, len(p.summary))
            assert not p.summary.lower().startswith(labels), (inst.id, p.topic, p.summary)


def test_positions_rest_on_live_rules(catalog) -> None:
    # A position never rests only on text the CPS draft has struck out.
    for inst in catalog.institutions:
        for p in inst.positions:
            if p.addressed:
                assert any(not catalog.rule(r).wholly_struck for r in p.rules), (inst.id, p.topic)


def test_cmsd82_faq_has_eleven_questions_linked_to_rules(catalog) -> None:
    faq = catalog.institution("cmsd82").faq
    assert [f.ref for f in faq] == [f"FAQ {n}" for n in range(1, 12)]
    assert sum(1 for f in faq if f.rules) >= 8


def test_template_replies(catalog) -> None:
    origins = [t.origin for t in catalog.templates]
    assert len(catalog.templates) >= 8
    assert origins.count("policy") >= 2 and origins.count("suggested") >= 6
    printed = {t.source_ref for t in catalog.templates if t.origin == "policy"}
    assert {"cps-iii-d-2", "cmsd82-question-7"} <= printed


def test_yaml_files_name_their_schema_on_the_first_line() -> None:
    files = [DATA / "topics.yaml", DATA / "templates.yaml", *sorted((DATA / "institutions").glob("*.yaml"))]
    for f in files:
        first = f.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), f
        target = (f.parent / first.split("=", 1)[1]).resolve()
        assert target.is_file() and target.parent == DATA / "schema", f


def _properties(node, path=""):
    """Every property schema in a JSON Schema document, with its path."""
    if isinstance(node, dict):
        for name, prop in (node.get("properties") or {}).items():
            yield f"{path}.{name}", prop
        for key, value in node.items():
            yield from _properties(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _properties(value, f"{path}[{i}]")


def test_every_schema_property_has_a_title_and_description() -> None:
    schemas = {p.name: json.loads(p.read_text()) for p in (DATA / "schema").glob("*.schema.json")}

    def resolve(prop, here):
        ref = prop.get("$ref")
        if not ref:
            return prop
        doc, _, pointer = ref.partition("#")
        target = schemas[doc or here]
        for part in pointer.strip("/").split("/"):
            target = target[part]
        return {**target, **{k: v for k, v in prop.items() if k != "$ref"}}

    checked = 0
    for name, schema in schemas.items():
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        for path, prop in _properties(schema):
            full = resolve(prop, name)
            assert full.get("title") and full.get("description"), f"{name}{path}"
            checked += 1
    assert checked > 60
