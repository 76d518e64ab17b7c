"""scripts/new_institution --source: a draft from the text, clean failures, and draft → review → build."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import shutil

import pytest
from conftest import ROOT, copy_fixture_data, run_build

TEXTS = ROOT / "tests" / "fixtures" / "texts"


def run(script: str, *args, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, ROOT / "scripts" / script, *map(str, args)], capture_output=True, text=True, cwd=cwd)


def review(path: Path, topic: str) -> None:
    """What a person does after checking each item: delete the marks, fill in what the text cannot say."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^\s*unreviewed:.*\n", "", text)
    for key, val in [("short_name", "Larkspur"), ("country", "Testland"), ("region", "Hill County"), ("scope", "All staff.")]:
        text = re.sub(rf"(?m)^{key}:.*$", f"{key}: {val}", text, count=1)
    for key, val in [("owner", "The Head"), ("contact", "The Head"), ("title", "Online Conduct Guidance")]:
        text = re.sub(rf"(?m)^  {key}:\s*$", f"  {key}: {val}", text, count=1)
    text = text.replace("topics: []", f"topics: [{topic}]")
    path.write_text(text, encoding="utf-8")


def real_data_copy(tmp_path: Path) -> Path:
    """A copy of whatever policy_data/ holds (a real build needs the topics the hand-written pages link to)."""
    data = tmp_path / "policy_data"
    shutil.copytree(ROOT / "policy_data", data)
    return data


@pytest.mark.build
def test_a_draft_is_listed_item_by_item_then_reviewed_it_validates_and_builds(tmp_path: Path) -> None:
    data = real_data_copy(tmp_path)
    made = run("new_institution", "larkspur", "--name", "Larkspur Primary", "--source", TEXTS / "lettered.txt", "--data", data, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert "drafted 9 rules in 3 sections" in made.stdout
    yaml_file = data / "institutions" / "larkspur.yaml"
    assert (data / "sources" / "larkspur.txt").read_bytes() == (TEXTS / "lettered.txt").read_bytes()
    sums = (data / "sources" / "SHA256SUMS").read_text()
    assert sorted(line.split()[1] for line in sums.splitlines()) == sorted(p.name for p in (data / "sources").glob("*.txt"))

    check = run("validate", data, cwd=tmp_path)
    assert check.returncode == 1
    mark_lines = [i for i, line in enumerate(yaml_file.read_text(encoding="utf-8").splitlines(), 1) if line.strip().startswith("unreviewed:")]
    listed = [line for line in check.stderr.splitlines() if "still marked unreviewed" in line]
    assert [int(line.split(":")[1]) for line in listed] == mark_lines
    assert all(line.startswith("policy_data/institutions/larkspur.yaml:") for line in listed)

    review(yaml_file, "friend-requests-students")
    check = run("validate", data, cwd=tmp_path)
    assert check.returncode == 0, check.stderr
    built = run_build(tmp_path / "site", data=data)
    assert built.returncode == 0, built.stderr
    page = (tmp_path / "site" / "institutions" / "larkspur" / "index.html").read_text(encoding="utf-8")
    assert 'id="larkspur-contact-a"' in page and "Staff must not accept friend requests" in page


def test_a_missing_or_non_utf8_source_fails_in_one_line_and_leaves_nothing(tmp_path: Path) -> None:
    data = copy_fixture_data(tmp_path)
    before = sorted(p.relative_to(data) for p in data.rglob("*"))
    missing = run("new_institution", "gamma", "--source", tmp_path / "nowhere.txt", "--data", data, cwd=tmp_path)
    assert missing.returncode == 1 and len(missing.stderr.strip().splitlines()) == 1 and "Traceback" not in missing.stderr
    assert "nowhere.txt" in missing.stderr
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Staff must not text pupils.\nCaf\xe9 rules apply.\n".encode("latin-1"))
    bad = run("new_institution", "gamma", "--source", latin1, "--data", data, cwd=tmp_path)
    assert bad.returncode == 1 and len(bad.stderr.strip().splitlines()) == 1 and "Traceback" not in bad.stderr
    assert f"{latin1}:2: expected UTF-8 text; found byte 0xe9" in bad.stderr
    assert sorted(p.relative_to(data) for p in data.rglob("*")) == before


def test_an_existing_institution_is_refused(tmp_path: Path) -> None:
    data = copy_fixture_data(tmp_path)
    again = run("new_institution", "alpha", "--source", TEXTS / "faq.txt", "--data", data, cwd=tmp_path)
    assert again.returncode == 2 and "already exists" in again.stderr


def test_coverage_runs_on_a_half_finished_draft_and_for_one_institution(tmp_path: Path) -> None:
    data = copy_fixture_data(tmp_path)
    assert run("new_institution", "hv", "--source", TEXTS / "bullets.txt", "--data", data, cwd=tmp_path).returncode == 0
    assert run("validate", data, cwd=tmp_path).returncode == 1
    report = run("coverage", "hv", "--data", data, cwd=tmp_path)
    rows = [line.split() for line in report.stdout.splitlines()[1:] if line and not line.startswith(" ")]
    assert [r[0] for r in rows] == ["hv"]
    assert rows[0][4] == "0" and report.returncode == 0  # the draft quotes every normative sentence
    yaml_file = data / "institutions" / "hv.yaml"
    text = yaml_file.read_text(encoding="utf-8")
    cut = text.index("  - id: hv-good-practice-5")
    yaml_file.write_text(text[:cut] + text[text.index("positions:"):], encoding="utf-8")
    report = run("coverage", "hv", "--data", data, cwd=tmp_path)
    assert report.returncode == 1
    assert "missing: policy_data/sources/hv.txt:21: Breaches will be handled under the disciplinary procedure." in report.stdout


@pytest.mark.build
def test_the_published_build_refuses_unreviewed_items_and_validate_a_stale_checksum(tmp_path: Path) -> None:
    data = real_data_copy(tmp_path)
    assert run("new_institution", "oak", "--source", TEXTS / "dotted.txt", "--data", data, cwd=tmp_path).returncode == 0
    built = run_build(tmp_path / "site", data=data)
    assert built.returncode == 1 and "Traceback" not in built.stderr
    assert re.search(r"institutions/oak\.yaml:\d+:\d+: rules\[0\](?: \([a-z0-9-]+\))?\.unreviewed: expected a reviewed item", built.stderr)
    assert not (tmp_path / "site" / "index.html").exists()

    source = data / "sources" / "oak.txt"
    source.write_bytes(source.read_bytes().replace(b"college systems", b"college system"))
    check = run("validate", data, cwd=tmp_path)
    stale = [line for line in check.stderr.splitlines() if "SHA256SUMS" in line]
    assert len(stale) == 1 and "oak.txt: expected the checksum of the current oak.txt; found a stale one" in stale[0]


def test_without_a_data_folder_the_tools_use_the_one_the_build_reads(tmp_path: Path) -> None:
    """POLICY_DATA names the data for the build; drafting, validating and coverage follow it too."""
    import os

    data = copy_fixture_data(tmp_path)
    env = {**os.environ, "POLICY_DATA": str(data)}
    real = ROOT / "policy_data"
    kept = {p: p.read_bytes() for p in (real / "sources" / "SHA256SUMS",) if p.is_file()}

    def tool(script: str, *args) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, ROOT / "scripts" / script, *map(str, args)], capture_output=True, text=True, cwd=tmp_path, env=env)

    try:
        made = tool("new_institution", "wren", "--name", "Wren School", "--source", TEXTS / "lettered.txt")
        assert made.returncode == 0, made.stderr
        assert (data / "institutions" / "wren.yaml").is_file() and (data / "sources" / "wren.txt").is_file()
        assert not (real / "institutions" / "wren.yaml").exists()
        check = tool("validate")
        assert check.returncode == 1
        assert "wren.yaml" in check.stderr and "unreviewed" in check.stderr, check.stderr
        covered = tool("coverage", "wren")
        assert covered.returncode == 0, covered.stderr
        assert "wren" in covered.stdout
    finally:  # had a tool written into the real data, take it back out
        for stray in (real / "institutions" / "wren.yaml", real / "sources" / "wren.txt"):
            stray.unlink(missing_ok=True)
        for path, content in kept.items():
            path.write_bytes(content)
