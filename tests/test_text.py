"""Quote matching and coverage, on small texts."""

from __future__ import annotations

from policykit.coverage import coverage
from policykit.text import SourceText, normalise


def test_normalise_ignores_only_meaningless_differences() -> None:
    assert normalise("a  **bold**\n\u201cq\u201d \u2013 it\u2019s") == 'a bold "q" - it\'s'
    assert normalise("[\\[insert link\\]](#)") == "[insert link]"
    assert normalise("~~struck~~") == "~~struck~~"
    assert normalise("\\*literal\\*") == "*literal*"


def test_find_across_line_breaks_and_quote_forms() -> None:
    source = SourceText("The rule:\nstaff  must \u201cnot\u201d\npost.\n")
    assert source.find('staff must "not" post.')
    assert source.find("staff must not post.") is None


def test_elision_marks_an_omission_in_order() -> None:
    text = "no one may give\n\nFOOTER 12 Road\n\naccess to anyone."
    source = SourceText(text)
    spans = source.find("no one may give […] access to anyone.")
    assert spans and len(spans) == 2
    assert source.find("access to anyone [...] no one may give") is None
    # The second part is reported on its own line, after the footer (line numbers count from 1).
    assert source.line_of(spans[1].start) == text.splitlines().index("access to anyone.") + 1


def test_struck_text_must_keep_its_marks() -> None:
    source = SourceText("Staff ~~should not~~ must not friend students.")
    assert source.find("Staff ~~should not~~ must not friend students.")
    assert source.find("Staff should not must not friend students.") is None


def test_closest_miss_says_where_the_quote_departs() -> None:
    source = SourceText("Staff must not accept friend requests.")
    assert source.closest_miss("Staff must never accept") == (
        "departs from the source after 'Staff must n' (the quote goes on 'ever accept', the source on 'ot accept friend requests')"
    )
    assert source.closest_miss("Completely different") == "is not in the source (it starts 'Completely different')"


def test_coverage_counts_captured_ignored_and_missing() -> None:
    source = SourceText(
        "Purpose: this policy should help.\nStaff must not text.\nStaff should be kind. Staff may never shout.\nRules:\n"
    )
    report = coverage(source, ["Staff must not text."], ["Purpose: this policy should help."], ["Rules:"])
    assert [(s.status, s.line) for s in report.sentences] == [
        ("ignored", 1), ("captured", 2), ("missing", 3), ("missing", 3),
    ]
    assert round(report.percent_captured) == 25


def test_fast_normalise_agrees_with_the_offset_map_on_every_real_text() -> None:
    from conftest import ROOT

    from policykit import load_catalog
    from policykit.text import _canonical_char_map

    catalog = load_catalog(ROOT / "policy_data", root=ROOT)
    samples = ["  a **b** \\\\*c\\\\* [\\\\[x\\\\]](#) \u201cq\u201d \u2014 ~~d~~ ", "**", "\\\\*", "[a](b) [c](d)"]
    for inst in catalog.institutions:
        samples.append(inst.source_text)
        samples.extend(r.text for r in inst.rules)
        samples.extend(q for r in inst.rules for q in (*r.exceptions, *r.conditions, *r.footnotes))
    for text in samples:
        assert normalise(text) == _canonical_char_map(text)[0], text[:60]
