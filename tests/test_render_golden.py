"""Golden tests for the renderers: one folder per case under tests/golden/, the exact
Markdown and exports out (`<case>/expected/`) for the case's data in.

Cases:
- two-institutions: the small fixture data (tests/fixtures/data);
- fourteen-institutions: the fixture data plus twelve copies of its first institution
  under new ids, made by tests/datatools.py (more than 12 institutions: the FAQ's
  answers and the home page's cards switch to their long-list layout).

To accept a deliberate change of output: UPDATE_GOLDEN=1 python -m pytest tests/test_render_golden.py
then review the diff of tests/golden/ before committing it.
"""

from __future__ import annotations

import json

import datetime as dt
import os
from pathlib import Path

import pytest
from conftest import ROOT, copy_fixture_data, render_site
from datatools import clone_institution

from policykit import load_catalog
from policykit.render import fragments

GOLDEN = ROOT / "tests" / "golden"
TODAY = dt.date(2026, 11, 23)
# Above this many institutions the FAQ and the home page change layout (render/faq.py, render/misc.py).
LAYOUT_SWITCH = 12


def two_institutions(dest: Path) -> Path:
    return copy_fixture_data(dest)


def fourteen_institutions(dest: Path) -> Path:
    data = copy_fixture_data(dest)
    first = sorted(p.stem for p in (data / "institutions").glob("*.yaml"))[0]
    for n in range(1, 13):
        clone_institution(data, first, f"copy-{n:02d}", f"Copy {n:02d}")
    return data


CASES = {"two-institutions": two_institutions, "fourteen-institutions": fourteen_institutions}


def rendered(case: str, tmp_path: Path) -> dict[str, str]:
    data = CASES[case](tmp_path)
    catalog = load_catalog(data, root=tmp_path)
    out = render_site(catalog, TODAY)
    for name, text in fragments(catalog, today=TODAY).items():
        out[f"_fragments/{name}.md"] = text
    return out


@pytest.mark.parametrize("case", list(CASES))
def test_renderers_match_the_golden_files(case: str, tmp_path: Path) -> None:
    out = rendered(case, tmp_path)
    golden = GOLDEN / case / "expected"
    if os.environ.get("UPDATE_GOLDEN"):
        for old in golden.rglob("*"):
            if old.is_file():
                old.unlink()
        for path, text in out.items():
            (golden / path).parent.mkdir(parents=True, exist_ok=True)
            (golden / path).write_text(text, encoding="utf-8")
    expected = {p.relative_to(golden).as_posix(): p.read_text(encoding="utf-8") for p in golden.rglob("*") if p.is_file()}
    assert sorted(out) == sorted(expected)
    for path in expected:
        assert out[path] == expected[path], f"{path} differs from tests/golden/{case}/expected/{path}"


def test_every_golden_folder_is_a_case() -> None:
    assert sorted(p.name for p in GOLDEN.iterdir() if p.is_dir()) == sorted(CASES)


def test_the_cases_are_on_both_sides_of_the_layout_switch(tmp_path: Path) -> None:
    counts = {case: len(load_catalog(make(tmp_path / case), root=tmp_path / case).institutions) for case, make in CASES.items()}
    assert min(counts.values()) <= LAYOUT_SWITCH < max(counts.values()), counts


def test_the_faq_and_home_cards_switch_layout_above_twelve_institutions(tmp_path: Path) -> None:
    few, many = rendered("two-institutions", tmp_path / "few"), rendered("fourteen-institutions", tmp_path / "many")
    # With few institutions each FAQ answer is a set of tabs; with many, a list.
    assert 'class="tabbed-set' in few["faq.md"] and 'class="tabbed-set' not in many["faq.md"]
    assert few["_fragments/institution-cards.md"] != many["_fragments/institution-cards.md"]


def test_rendering_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    first = rendered("fourteen-institutions", tmp_path / "a")
    assert first == rendered("fourteen-institutions", tmp_path / "b")


@pytest.mark.parametrize("directory_urls, url", [(True, "institutions/alpha/#alpha-1"), (False, "institutions/alpha.html#alpha-1")])
def test_export_urls_follow_the_url_style(tmp_path: Path, directory_urls: bool, url: str) -> None:
    data = copy_fixture_data(tmp_path)
    catalog = load_catalog(data, root=tmp_path)
    exported = json.loads(render_site(catalog, TODAY, directory_urls=directory_urls)["policies.json"])
    assert next(r["url"] for r in exported["rules"] if r["id"] == "alpha-1") == url
