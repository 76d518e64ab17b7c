"""Golden tests for the renderers: the fixture data in, the exact Markdown and exports out.

To accept a deliberate change of output: UPDATE_GOLDEN=1 python -m pytest tests/test_render_golden.py
then review the diff of tests/golden/ before committing it.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from conftest import ROOT, copy_fixture_data

from policykit import load_catalog
from policykit.render import build_pages, fragments

GOLDEN = ROOT / "tests" / "golden" / "fixture"
TODAY = dt.date(2026, 11, 23)


def rendered(tmp_path: Path) -> dict[str, str]:
    data = copy_fixture_data(tmp_path)
    catalog = load_catalog(data, root=tmp_path)
    out = {page.path: page.text for page in build_pages(catalog, today=TODAY)}
    for name, text in fragments(catalog, today=TODAY).items():
        out[f"_fragments/{name}.md"] = text
    return out


def test_renderers_match_the_golden_files(tmp_path: Path) -> None:
    out = rendered(tmp_path)
    if os.environ.get("UPDATE_GOLDEN"):
        for old in GOLDEN.rglob("*"):
            if old.is_file():
                old.unlink()
        for path, text in out.items():
            (GOLDEN / path).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / path).write_text(text, encoding="utf-8")
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8") for p in GOLDEN.rglob("*") if p.is_file()}
    assert sorted(out) == sorted(expected)
    for path in expected:
        assert out[path] == expected[path], f"{path} differs from tests/golden/fixture/{path}"


def test_rendering_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    first = rendered(tmp_path / "a")
    assert first == rendered(tmp_path / "b")


@pytest.mark.parametrize("directory_urls, url", [(True, "institutions/alpha/#alpha-1"), (False, "institutions/alpha.html#alpha-1")])
def test_export_urls_follow_the_url_style(tmp_path: Path, directory_urls: bool, url: str) -> None:
    data = copy_fixture_data(tmp_path)
    catalog = load_catalog(data, root=tmp_path)
    pages = {page.path: page.text for page in build_pages(catalog, today=TODAY, directory_urls=directory_urls)}
    assert f'"url": "{url}"' in pages["policies.json"]
