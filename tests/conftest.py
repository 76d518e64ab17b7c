"""Shared fixtures: the project root, a copy of the fixture data, the built site, a browser."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_DATA = ROOT / "tests" / "fixtures" / "data"


def copy_fixture_data(dest: Path) -> Path:
    """The small fixture data set, with the real schemas, as `dest/policy_data`."""
    data = dest / "policy_data"
    shutil.copytree(FIXTURE_DATA, data)
    shutil.copytree(ROOT / "policy_data" / "schema", data / "schema")
    return data


@pytest.fixture
def fixture_data(tmp_path: Path) -> Path:
    return copy_fixture_data(tmp_path)


def edit(path: Path, old: str, new: str) -> None:
    """Replace `old` (which must occur exactly once) by `new` in a file."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")
