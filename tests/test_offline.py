"""The offline copy: a folder and a zip that work from file://, search included."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, distinctive_keyword, real_catalog

pytestmark = pytest.mark.build  # the browser test is marked browser by its fixture


@pytest.fixture(scope="module")
def offline(offline_copy) -> Path:
    """`scripts/offline` run in a bare shell's environment (conftest's `offline_copy`, which
    test_atomic.py shares)."""
    return offline_copy[0]


def test_offline_folder_and_zip(offline: Path) -> None:
    assert (offline / "index.html").is_file() and (offline / "search" / "search_index.js").is_file()
    assert all((offline / "institutions" / f"{i.id}.html").is_file() for i in real_catalog().institutions)
    with zipfile.ZipFile(offline.with_suffix(".zip")) as z:
        names = z.namelist()
    assert "site-offline/index.html" in names and names == sorted(names)
    for page in offline.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "unpkg.com" not in html and "fonts.googleapis" not in html, page


def test_offline_zip_is_reproducible(offline: Path, tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    import importlib.machinery
    import importlib.util

    loader = importlib.machinery.SourceFileLoader("offline_script", str(ROOT / "scripts" / "offline"))
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader("offline_script", loader))
    loader.exec_module(module)
    module.write_zip(offline, tmp_path / "again.zip", 1795392000)
    assert (tmp_path / "again.zip").read_bytes() == offline.with_suffix(".zip").read_bytes()


def test_offline_site_works_from_file_urls_search_included(browser, offline: Path) -> None:
    page = browser.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if not r.url.startswith(("file:", "data:", "blob:", "about:")) else None)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto((offline / "index.html").as_uri())
    page.click(".md-search__input")
    rule, word = distinctive_keyword(real_catalog(), in_text=True)
    page.keyboard.type(word)
    page.wait_for_selector(f".md-search-result__item a[href$='#{rule.id}']", timeout=15000)
    page.click(f".md-search-result__item a[href$='#{rule.id}']")
    page.wait_for_url(f"**/institutions/{rule.institution}.html*#{rule.id}")
    assert page.locator(f"[id='{rule.id}']").is_visible()
    page.goto((offline / "compare.html").as_uri())
    institutions = real_catalog().institutions
    page.locator(f"[data-compare-filters] input[value='{institutions[0].id}']").uncheck()
    assert page.locator(".compare-matrix thead th:visible").count() == 1 + len(institutions) - 1
    assert requests == [] and errors == []
    page.close()
