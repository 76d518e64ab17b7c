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


def run_build(site_dir: Path, *, data: Path | None = None, extra_env: dict[str, str] | None = None, config: Path | None = None):
    """A real `mkdocs build` of the project's mkdocs.yml (strict) into `site_dir`."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1795392000"}
    if data is not None:
        env["POLICY_DATA"] = str(data)
    env.update(extra_env or {})
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config or ROOT / "mkdocs.yml"), "-d", str(site_dir)]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built once per test session with the real data."""
    site = tmp_path_factory.mktemp("site") / "site"
    result = run_build(site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site
