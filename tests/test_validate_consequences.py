"""One validation run reports every consequence of an edit, and points at the right fix."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import edit

from policykit import PolicyDataError, load_catalog
from policykit.text import SourceText


def problems(data: Path) -> list[str]:
    try:
        load_catalog(data, root=data.parent)
    except PolicyDataError as exc:
        return [str(p) for p in exc.problems]
    return []


def remove_rule(path: Path, rule_id: str) -> None:
    """Delete one rule's block from an institution file."""
    text = path.read_text(encoding="utf-8")
    block = re.search(rf"^  - id: {re.escape(rule_id)}\n(?:^    .*\n|^\s*\n)*", text, re.MULTILINE)
    assert block, rule_id
    path.write_text(text[: block.start()] + text[block.end() :], encoding="utf-8")


def test_a_deleted_rule_gives_a_line_for_everything_still_naming_it(fixture_data: Path) -> None:
    inst = next(p for p in sorted((fixture_data / "institutions").glob("*.yaml")))
    catalog = load_catalog(fixture_data, root=fixture_data.parent)
    # The rule named in the most places: positions, see_also, templates, history.
    def mentions(rule_id: str) -> int:
        return sum(p.read_text(encoding="utf-8").count(rule_id) for p in fixture_data.rglob("*.yaml"))

    owner = catalog.institution(inst.stem)
    rule = max(owner.rules, key=lambda r: mentions(r.id))
    expected = mentions(rule.id) - 1  # its own `id:` line goes with it
    assert expected >= 2, "the fixture should name this rule somewhere else"
    remove_rule(inst, rule.id)
    found = problems(fixture_data)
    naming = [p for p in found if repr(rule.id) in p]
    assert len(naming) == expected, found
    assert all("did you mean" not in p for p in naming), naming


def test_a_file_with_a_problem_still_has_its_references_checked(fixture_data: Path) -> None:
    edit(fixture_data / "institutions/beta.yaml", "id: beta\n", "id: gamma\n")
    edit(fixture_data / "institutions/alpha.yaml", "see_also: [beta-a]", "see_also: [beta-q]")
    found = problems(fixture_data)
    assert any("expected the file's name" in p for p in found)
    assert any("unknown rule 'beta-q'" in p for p in found)


def test_messages_name_items_by_id_as_well_as_index(fixture_data: Path) -> None:
    edit(fixture_data / "institutions/alpha.yaml", "topics: [texting]", "topics: [textng]")
    (line,) = [p for p in problems(fixture_data) if "textng" in p and "unknown topic" in p]
    assert ": rules[1] (alpha-2).topics[0]: " in line


def test_no_suggestion_of_another_numbered_item() -> None:
    from policykit.checks._common import did_you_mean_id

    assert did_you_mean_id("alpha-4", ["alpha-3", "beta-a"]) == ""
    assert did_you_mean_id("hillside-1-c", ["hillside-1-b"]) == ""
    assert did_you_mean_id("alpah-3", ["alpha-3"]) == " (did you mean 'alpha-3'?)"


def test_a_lookalike_character_is_named_by_its_code_point() -> None:
    source = SourceText("Staff don't accept friend requests.\n")
    miss = source.closest_miss("Staff don\u00b4t accept friend requests.")
    assert "U+0027 APOSTROPHE" in miss and "U+00B4 ACUTE ACCENT" in miss
    letters = source.closest_miss("Staff don't accept friend reqests.")
    assert "U+" not in letters and "the source on 'uests." in letters


def test_a_rule_that_breaks_the_schema_leaves_the_rest_of_its_file_checked(fixture_data: Path) -> None:
    alpha = fixture_data / "institutions/alpha.yaml"
    edit(alpha, "stance: restricted\n    audience", "stance: forbidden\n    audience")  # rules[1], alpha-2
    edit(alpha, "see_also: [beta-a]", "see_also: [beta-q]")  # rules[0]
    found = problems(fixture_data)
    assert any(": rules[1] (alpha-2).stance: expected one of" in p for p in found), found
    assert any(": rules[0] (alpha-1).see_also[0]: unknown rule 'beta-q'" in p for p in found), found
    # What names the left-out rule is not reported: it would only repeat the stance problem.
    assert not any("'alpha-2'" in p for p in found), found


def test_a_left_out_rule_keeps_the_indices_of_the_ones_after_it(fixture_data: Path) -> None:
    alpha = fixture_data / "institutions/alpha.yaml"
    edit(alpha, "stance: restricted\n    audience", "stance: forbidden\n    audience")  # rules[1]
    edit(alpha, "text: Photos of students must not be posted without consent.", "text: Photos of pupils must not be posted without consent.")
    (line,) = [p for p in problems(fixture_data) if "verbatim quote" in p]
    assert ": rules[2] (alpha-3).text: " in line


def test_no_suggestion_of_a_duplicated_id() -> None:
    from policykit.checks._common import did_you_mean_id

    assert did_you_mean_id("alpha-photos", ["alpha-photo", "alpha-photo", "beta-a"]) == ""
    assert did_you_mean_id("alpha-photos", ["alpha-photo", "beta-a"]) == " (did you mean 'alpha-photo'?)"
