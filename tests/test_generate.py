"""Builds without the hook, and builds that can be reproduced."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import REPO_SITE_ENV, ROOT, real_catalog, run_build

pytestmark = pytest.mark.build


def tree(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(site.rglob("*")) if p.is_file()}


class _Canonical(HTMLParser):
    """A page as its elements, attributes and words, without the layout of its markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[tuple] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.out.append(("<", tag, tuple(attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.out.append((">", tag))

    def handle_data(self, data: str) -> None:
        if words := " ".join(data.split()):
            self.out.append(("text", words))


def canonical(path: Path) -> list[tuple]:
    parser = _Canonical()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.out


def search_docs(site: Path) -> list[tuple[str, str, str]]:
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    return sorted((d["location"], d["title"], d["text"]) for d in docs)


def test_generated_markdown_builds_the_same_site_without_the_hook(tmp_path: Path, built_site: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795392000"}
    gen = subprocess.run([sys.executable, ROOT / "scripts" / "generate", "--out", tmp_path / "gen"], capture_output=True, text=True, env=env)
    assert gen.returncode == 0, gen.stderr
    config = tmp_path / "gen" / "mkdocs.yml"
    assert "hooks:" not in config.read_text(encoding="utf-8")
    assert "<!-- policy:" not in (tmp_path / "gen" / "docs" / "index.md").read_text(encoding="utf-8")
    result = run_build(tmp_path / "site", config=config)
    assert result.returncode == 0, result.stderr
    # The hook also writes the search worker's prebuilt index (search/policy/); a build
    # without it searches Material's own index instead.
    plain = tree(tmp_path / "site")
    hooked = {p: data for p, data in tree(built_site).items() if not p.startswith("search/policy/")}
    assert any(p.startswith("search/policy/") for p in tree(built_site))
    assert sorted(plain) == sorted(hooked)
    # Every page is the same: byte for byte, or (where Markdown re-wrote the markup of raw HTML
    # inside a `markdown` block, which the hook hands over untouched) the same elements,
    # attributes and words. The search index lists the same entries.
    differing = [p for p in plain if plain[p] != hooked[p]]
    assert "search/search_index.json" in differing
    for page in (p for p in differing if p.endswith(".html")):
        assert canonical(tmp_path / "site" / page) == canonical(built_site / page), page
    assert search_docs(tmp_path / "site") == search_docs(built_site)


def test_two_builds_of_one_commit_are_identical(tmp_path: Path, built_site: Path) -> None:
    result = run_build(tmp_path / "again")
    assert result.returncode == 0, result.stderr
    assert tree(tmp_path / "again") == tree(built_site)


REPO = REPO_SITE_ENV["POLICY_REPO_URL"]
DAY_2018 = dt.date(2018, 1, 1)


@pytest.fixture(scope="module")
def site_2018(repo_site: Path) -> Path:
    """The real site built as on 1 January 2018, knowing its repository (conftest's `repo_site`,
    one build for these two tests and test_zensical.py's)."""
    epoch = str(int(dt.datetime(2018, 1, 1, tzinfo=dt.timezone.utc).timestamp()))
    assert REPO_SITE_ENV["SOURCE_DATE_EPOCH"] == epoch
    return repo_site


def test_the_review_date_comes_from_source_date_epoch(site_2018: Path) -> None:
    review = (site_2018 / "review" / "index.html").read_text(encoding="utf-8")
    assert "Checked on 1 January 2018" in review
    # Overdue marks exactly when some review was due before that day.
    overdue = [i.id for i in real_catalog().institutions if i.document.review_overdue(DAY_2018)]
    assert ("review-overdue" in review) == bool(overdue), overdue


def test_edit_links_open_the_data_each_page_came_from(site_2018: Path) -> None:
    repo = REPO
    site = site_2018
    first = real_catalog().institutions[0]
    expected = {
        f"institutions/{first.id}/index.html": f"policy_data/institutions/{first.id}.yaml",
        "topics/texting/index.html": "policy_data/topics.yaml",
        "templates/index.html": "policy_data/templates.yaml",
        f"sources/{first.id}/index.html": f"policy_data/sources/{first.document.source}",
        "index.html": "docs/index.md",
    }
    for page, data_file in expected.items():
        html = (site / page).read_text(encoding="utf-8")
        assert f'href="{repo}/-/edit/main/{data_file}"' in html, page
        # The repository link is plain: no widget that fetches facts from the host's API.
        assert 'data-md-component="source"' not in html
