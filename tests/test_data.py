"""The data in policy_data/, whatever it holds: verbatim, complete, covered, documented.

Every test runs on three data sets: policy_data/ itself, a copy with one more
institution (derived from the first under new ids, by tests/datatools.py), and a
copy with a revised source text (every line moved, SHA256SUMS written again).
So the tests pin no institution, id, count or text of today's data, and adding an
institution or a source version by the documented steps keeps them green.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from conftest import ROOT
from datatools import clone_institution, new_source_version, read_sha256sums

from policykit import load_catalog
from policykit.coverage import coverage
from policykit.text import SourceText

REAL_DATA = ROOT / "policy_data"


def institution_ids(data: Path) -> list[str]:
    return sorted(p.stem for p in (data / "institutions").glob("*.yaml"))


@pytest.fixture(scope="module", params=["policy_data", "with a new institution", "with a revised source"])
def data(request, tmp_path_factory) -> Path:
    if request.param == "policy_data":
        return REAL_DATA
    copy = Path(shutil.copytree(REAL_DATA, tmp_path_factory.mktemp("data") / "policy_data"))
    if request.param == "with a new institution":
        clone_institution(copy, institution_ids(copy)[0], "newfield", "Newfield")
    else:
        new_source_version(copy, institution_ids(copy)[-1])
    return copy


@pytest.fixture(scope="module")
def catalog(data: Path):
    return load_catalog(data, root=data.parent)


def sha256sums_problems(sources: Path) -> list[str]:
    """Sources missing from SHA256SUMS, lines naming no source, and sources that differ."""
    sums = read_sha256sums(sources)
    names = sorted(p.name for p in sources.glob("*.txt"))
    out = [f"{n}: not listed in SHA256SUMS" for n in names if n not in sums]
    out += [f"{n}: listed in SHA256SUMS but missing" for n in sums if n not in names]
    out += [f"{n}: differs from SHA256SUMS" for n in names
            if n in sums and hashlib.sha256((sources / n).read_bytes()).hexdigest() != sums[n]]
    return out


def test_every_source_matches_sha256sums_and_is_listed(data: Path) -> None:
    assert sha256sums_problems(data / "sources") == []


def test_a_changed_or_unlisted_source_is_caught(data: Path, tmp_path: Path) -> None:
    sources = Path(shutil.copytree(data / "sources", tmp_path / "sources"))
    first, *_ = sorted(sources.glob("*.txt"))
    first.write_bytes(first.read_bytes() + b"\n")
    (sources / "unlisted.txt").write_text("A text nobody listed.\n", encoding="utf-8")
    assert sha256sums_problems(sources) == [f"unlisted.txt: not listed in SHA256SUMS", f"{first.name}: differs from SHA256SUMS"]


def test_every_institution_file_is_loaded_and_every_source_is_used(data: Path, catalog) -> None:
    assert sorted(i.id for i in catalog.institutions) == institution_ids(data)
    assert sorted(i.document.source for i in catalog.institutions) == sorted(p.name for p in (data / "sources").glob("*.txt"))


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


def test_rules_are_in_document_order(catalog) -> None:
    for inst in catalog.institutions:
        lines = [r.source_line for r in inst.rules]
        assert all(line > 0 for line in lines), inst.id
        # A draft that quotes a struck duplicate section after the current one: order by print position.
        assert lines == sorted(lines), inst.id


def test_coverage_no_normative_sentence_missing(catalog) -> None:
    """Every normative sentence is quoted by a rule or set aside under `ignored` with a reason.
    (How many are set aside is the policy's business: a short one with a list of topics to
    cover may rightly set aside a quarter of its sentences.)"""
    for inst in catalog.institutions:
        report = coverage(SourceText(inst.source_text), [r.text for r in inst.rules], [g.text for g in inst.ignored], [s.title for s in inst.sections])
        assert [s.text for s in report.filtered("missing").sentences] == [], inst.id
        assert report.sentences, f"no sentence found in the source of {inst.id}"


def test_most_rules_have_search_keywords(catalog) -> None:
    # (Stance, summary, title, audience and topics: the loader refuses a rule without them.)
    assert sum(1 for r in catalog.rules if r.keywords) >= 0.9 * len(catalog.rules)


def test_position_summaries_do_not_repeat_the_stance(catalog) -> None:
    # (Their length, one matrix line, is the loader's check.)
    labels = ("required", "prohibited", "restricted", "discouraged", "permitted", "encouraged", "not addressed")
    for inst in catalog.institutions:
        for p in inst.positions:
            assert not p.summary.lower().startswith(labels), (inst.id, p.topic, p.summary)


def test_positions_rest_on_live_rules(catalog) -> None:
    # A position never rests only on text a draft has struck out.
    for inst in catalog.institutions:
        for p in inst.positions:
            if p.addressed:
                assert any(not catalog.rule(r).wholly_struck for r in p.rules), (inst.id, p.topic)


def test_policy_wording_templates_quote_a_rule_or_faq_of_their_institutions(catalog) -> None:
    for template in catalog.templates:
        if template.origin != "policy":
            continue
        ref = template.source_ref
        owner = catalog.rule(ref).institution if ref in {r.id for r in catalog.rules} else catalog.faq(ref).institution
        assert owner in template.institutions, (template.id, ref)


def test_yaml_files_name_their_schema_on_the_first_line(data: Path) -> None:
    files = [data / "topics.yaml", data / "templates.yaml", *sorted((data / "institutions").glob("*.yaml"))]
    for f in files:
        first = f.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), f
        target = (f.parent / first.split("=", 1)[1]).resolve()
        assert target.is_file() and target.parent == data / "schema", f


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
    schemas = {p.name: json.loads(p.read_text()) for p in (REAL_DATA / "schema").glob("*.schema.json")}

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
