"""scripts/update_source: kept, changed, gone and new rules in one run; edits in place; history; checksums."""

from __future__ import annotations

import difflib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, copy_fixture_data, run_build

import yaml

from policykit.draft import build_vocabulary
from policykit.draft.update import plan_update, word_diff
from policykit.review_marks import read_sums, sha256

TEXTS = ROOT / "tests" / "fixtures" / "texts"


def run(script: str, *args, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, ROOT / "scripts" / script, *map(str, args)], capture_output=True, text=True, cwd=cwd, input=stdin or "")


def new_alpha_text(data: Path) -> str:
    """Alpha's text with rule 2 reworded, rule 3 gone and a new rule 4."""
    old = (data / "sources" / "alpha.txt").read_text(encoding="utf-8")
    text = old.replace("Staff may text students only", "Staff may text students and parents only")
    text = text.replace("3. Photos of students must not be posted\nwithout consent.\n", "")
    assert text != old
    return text + "\n4. Staff must never share a student's photo on a personal account.\n"


def test_one_run_reports_kept_changed_gone_and_new_and_changes_only_what_is_accepted(tmp_path: Path) -> None:
    data = copy_fixture_data(tmp_path)
    yaml_file = data / "institutions" / "alpha.yaml"
    yaml_file.write_text(yaml_file.read_text(encoding="utf-8").replace("rules:\n", "rules:  # kept by the tools\n", 1), encoding="utf-8")
    before = yaml_file.read_text(encoding="utf-8")
    new = tmp_path / "alpha-2025.txt"
    new.write_text(new_alpha_text(data), encoding="utf-8")

    first = run("update_source", "alpha", new, "--data", data, "--date", "2025-01-31", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines()[0] == "alpha: 1 kept, 1 changed, 1 gone, 1 new"
    assert "changed  alpha-2 (line 5; NOT updated: run again with --accept alpha-2)" in first.stdout
    assert "diff: Staff may text students {+and parents+} only with the Head's written permission." in first.stdout
    assert "gone     alpha-3" in first.stdout
    assert re.search(r"new      alpha-4 \(4, alpha\.txt line \d+, prohibited", first.stdout)
    assert (data / "sources" / "alpha.txt").read_bytes() == new.read_bytes()
    assert read_sums(data / "sources" / "SHA256SUMS")["alpha.txt"][0] == sha256(new)
    after = yaml_file.read_text(encoding="utf-8")
    assert "Staff may text students only with the **Head's** written permission." in after  # not accepted: unchanged
    assert "# kept by the tools" in after

    second = run("update_source", "alpha", new, "--data", data, "--date", "2025-01-31", "--accept", "alpha-2", cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    assert "changed  alpha-2 (line 5; updated, history recorded)" in second.stdout
    data_after = yaml.safe_load(yaml_file.read_text(encoding="utf-8"))
    rule2 = next(r for r in data_after["rules"] if r["id"] == "alpha-2")
    assert rule2["text"] == "Staff may text students and parents only with the **Head's** written permission."
    assert rule2["unreviewed"].startswith("wording changed in the text of 2025-01-31")
    assert data_after["history"][-1]["rule"] == "alpha-2"
    assert "Before: \"Staff may text students only with the **Head's** written permission.\"" in data_after["history"][-1]["change"]
    assert [r["id"] for r in data_after["rules"]] == ["alpha-1", "alpha-2", "alpha-3", "alpha-4"]
    assert "not found in the text" in next(r for r in data_after["rules"] if r["id"] == "alpha-3")["unreviewed"]


def test_the_yaml_is_edited_in_place(tmp_path: Path) -> None:
    data = copy_fixture_data(tmp_path)
    yaml_file = data / "institutions" / "alpha.yaml"
    before = yaml_file.read_text(encoding="utf-8")
    vocab = build_vocabulary(yaml.safe_load((data / "topics.yaml").read_text(encoding="utf-8"))["topics"])
    report, after = plan_update(before, yaml.safe_load(before), new_alpha_text(data), vocab, {"alpha-2"}, "2025-01-31")
    removed = [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line.startswith("- ")]
    assert removed == ["-     text: Staff may text students only with the **Head's** written permission."]
    assert after.startswith(before.split("rules:")[0])
    assert word_diff("a b c", "a x c") == "a [-b-] {+x+} c"
    assert [c.rule for c in report.changed] == ["alpha-2"] and report.gone == ["alpha-3"]


def test_a_bad_new_text_fails_in_one_line_and_changes_nothing(tmp_path: Path) -> None:
    data = copy_fixture_data(tmp_path)
    snapshot = {p: p.read_bytes() for p in data.rglob("*") if p.is_file()}
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Staff must not\n\xff text.\n")
    for path in (bad, tmp_path / "absent.txt"):
        result = run("update_source", "alpha", path, "--data", data, cwd=tmp_path)
        assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in data.rglob("*") if p.is_file()} == snapshot


def review(path: Path) -> None:
    """A person's review: check each marked item, delete its mark, fill in what the text cannot say."""
    text = re.sub(r"(?m)^\s*unreviewed:.*\n", "", path.read_text(encoding="utf-8"))
    for key, val in [("name", "Larkspur Primary"), ("short_name", "Larkspur"), ("country", "Testland"), ("region", "Hill County"), ("scope", "All staff.")]:
        text = re.sub(rf"(?m)^{key}:\s*$", f"{key}: {val}", text, count=1)
    for key, val in [("owner", "The Head"), ("contact", "The Head"), ("title", "Online Conduct Guidance")]:
        text = re.sub(rf"(?m)^  {key}:\s*$", f"  {key}: {val}", text, count=1)
    path.write_text(text.replace("topics: []", "topics: [friend-requests-students]"), encoding="utf-8")


@pytest.mark.build
def test_draft_review_update_review_ends_with_valid_data_and_a_real_build(tmp_path: Path) -> None:
    data = tmp_path / "policy_data"
    shutil.copytree(ROOT / "policy_data", data)
    assert run("new_institution", "larkspur", "--source", TEXTS / "lettered.txt", "--data", data, cwd=tmp_path).returncode == 0
    yaml_file = data / "institutions" / "larkspur.yaml"
    review(yaml_file)
    assert run("validate", data, cwd=tmp_path).returncode == 0

    old = (TEXTS / "lettered.txt").read_bytes().decode("utf-8")
    new_text = old.replace("Staff should not tag pupils in any image.", "Staff should not tag pupils in any image or video.")
    new_text = new_text.replace("Unacceptable practice", "C. Staff must not post a class photograph on a personal account.\r\n\r\nUnacceptable practice")
    new = tmp_path / "larkspur-2026.txt"
    new.write_bytes(new_text.encode("utf-8"))
    updated = run("update_source", "larkspur", new, "--accept-all", "--data", data, "--date", "2026-11-30", cwd=tmp_path)
    assert updated.returncode == 0, updated.stderr
    assert updated.stdout.splitlines()[0] == "larkspur: 8 kept, 1 changed, 0 gone, 1 new"
    check = run("validate", data, cwd=tmp_path)
    assert check.returncode == 1 and "still marked unreviewed" in check.stderr

    review(yaml_file)
    check = run("validate", data, cwd=tmp_path)
    assert check.returncode == 0, check.stderr
    history = yaml.safe_load(yaml_file.read_text(encoding="utf-8"))["history"]
    assert history == [{"date": "2026-11-30", "rule": "larkspur-photographs-b", "change": 'The policy was reworded. Before: "Staff should not tag pupils in any image."'}]
    built = run_build(tmp_path / "site", data=data)
    assert built.returncode == 0, built.stderr
    page = (tmp_path / "site" / "institutions" / "larkspur" / "index.html").read_text(encoding="utf-8")
    assert "any image or video" in page and "class photograph" in page
