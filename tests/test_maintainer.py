"""Maintainer tasks end to end: start a new institution, fill it in, build it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, run_build


def run(script: str, *args, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, ROOT / "scripts" / script, *map(str, args)], capture_output=True, text=True, cwd=cwd)


@pytest.mark.build
def test_new_institution_is_listed_as_missing_until_complete_then_builds(tmp_path: Path) -> None:
    data = tmp_path / "policy_data"
    shutil.copytree(ROOT / "policy_data", data)
    source = tmp_path / "hillside.txt"
    source.write_text("HILLSIDE SCHOOL SOCIAL MEDIA RULES\n\n1. Staff must not accept friend requests from pupils.\n", encoding="utf-8")
    made = run("new_institution", "hillside", "--name", "Hillside School", "--short-name", "Hillside", "--source", source, "--no-draft", "--data", data, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert (data / "sources" / "hillside.txt").read_bytes() == source.read_bytes()
    assert "hillside.txt" in (data / "sources" / "SHA256SUMS").read_text()

    check = run("validate", data, cwd=tmp_path)
    assert check.returncode == 1
    lines = check.stderr.splitlines()
    topics = [t["id"] for t in yaml.safe_load((data / "topics.yaml").read_text(encoding="utf-8"))["topics"]]
    # Every empty field is listed once, by file, line and field; nothing else is.
    assert all(line.startswith("policy_data/institutions/hillside.yaml:") for line in lines[:-1])
    fields = [line.split(": ")[1] for line in lines[:-1]]
    for topic in topics:
        assert f"positions.{topic}.stance" in fields and f"positions.{topic}.summary" in fields
    assert {"country", "region", "scope", "document.title", "document.owner", "document.contact"} <= set(fields)
    assert lines[-1] == f"{len(fields)} problems in the policy data; nothing was built."
    assert len(fields) == 2 * len(topics) + 7

    yaml_file = data / "institutions" / "hillside.yaml"
    text = yaml_file.read_text(encoding="utf-8")
    for key, val in [("country", "Testland"), ("region", "Hill County"), ("scope", "All Hillside staff.")]:
        text = text.replace(f"\n{key}:\n", f"\n{key}: {val}\n", 1)
    for key, val in [("title", "Hillside rules"), ("owner", "The Head"), ("contact", "The Head")]:
        text = text.replace(f"\n  {key}:\n", f"\n  {key}: {val}\n", 1)
    text = text.replace("    title:\nrules: []", "    title: Rules\nrules:\n"
                        "  - id: hillside-1\n    ref: '1'\n    section: main\n    title: Friend requests\n"
                        "    text: Staff must not accept friend requests from pupils.\n    summary: No friending pupils.\n"
                        "    stance: prohibited\n    audience: [staff]\n    topics: [friend-requests-students]")
    text = text.replace("    stance:\n    summary:\n    rules: []", "    stance: not-addressed\n    summary: Not covered.\n    rules: []")
    text = text.replace("friend-requests-students:  # Can I accept or send a friend/follow request with a current student on my personal accounts?\n"
                        "    stance: not-addressed\n    summary: Not covered.\n    rules: []",
                        "friend-requests-students:\n    stance: prohibited\n    summary: Never accept pupils' requests.\n    rules: [hillside-1]")
    yaml_file.write_text(text, encoding="utf-8")

    check = run("validate", data, cwd=tmp_path)
    assert check.returncode == 0, check.stderr
    count = len(list((data / "institutions").glob("*.yaml")))  # those there before, and hillside
    assert check.stdout.startswith(f"policy data OK: {count} institutions")
    built = run_build(tmp_path / "site", data=data)
    assert built.returncode == 0, built.stderr
    page = (tmp_path / "site" / "institutions" / "hillside" / "index.html").read_text(encoding="utf-8")
    assert 'id="hillside-1"' in page and "Hillside 1 · Friend requests" in page
    compare = (tmp_path / "site" / "compare" / "index.html").read_text(encoding="utf-8")
    assert 'data-inst="hillside"' in compare


def test_new_institution_refuses_a_bad_id_or_an_existing_file(tmp_path: Path) -> None:
    data = tmp_path / "policy_data"
    shutil.copytree(ROOT / "policy_data", data)
    bad = run("new_institution", "Hill_Side", "--data", data, cwd=tmp_path)
    assert bad.returncode == 2 and "expected an id of lowercase letters" in bad.stderr
    existing = sorted((data / "institutions").glob("*.yaml"))[0].stem
    again = run("new_institution", existing, "--data", data, cwd=tmp_path)
    assert again.returncode == 2 and "already exists" in again.stderr
