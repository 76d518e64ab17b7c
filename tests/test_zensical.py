"""The site built with Zensical (`make zensical`) against the real MkDocs build.

Zensical, Material for MkDocs' successor, reads mkdocs.yml but runs no hooks;
`make zensical` builds from `scripts/generate --zensical`. Both sites are built
here with the same data, date and repository URL, then compared: the same
pages, every heading id, every internal link and edit link, the sitemap, and
byte-identical exports. The browser checks that are not about Material's own
search UI run against both sites. Everything is skipped, saying why, only when
Zensical cannot be installed on this machine.
"""

from __future__ import annotations

import gzip
import os
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from conftest import ROOT, run_build, serve_folder

from policykit import load_catalog

# A repository (for edit links) and a site URL (without one MkDocs' sitemap lists no page).
BUILD_ENV = {"SOURCE_DATE_EPOCH": "1795392000", "POLICY_REPO_URL": "https://git.example.org/school/handbook",
             "SITE_URL": "https://policies.example.org/handbook/"}
EXPORTS = ("policies.json", "comparison.csv")


def make(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "--no-print-directory", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})})


@pytest.fixture(scope="session")
def zensical_installed() -> None:
    """Zensical's own environment (.venv-zensical), installed by the Makefile from its pins."""
    result = make(".venv-zensical/.installed")
    if result.returncode:
        lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip() and "WARNING: Location" not in line]
        pytest.skip("Zensical cannot be installed here (make .venv-zensical/.installed): " + " / ".join(lines[-2:]))


def build_zensical(tmp: Path, target: str = "zensical") -> Path:
    site = tmp / target
    result = make(target, f"ZENSICAL_SITE={site}", f"ZENSICAL_SRC={tmp / (target + '-src')}", env=BUILD_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    return site


@pytest.fixture(scope="module")
def sites(zensical_installed, tmp_path_factory) -> dict[str, Path]:
    """{"material": the real MkDocs build, "zensical": `make zensical`}, same data, date and repository."""
    tmp = tmp_path_factory.mktemp("builders")
    material = run_build(tmp / "material", extra_env=BUILD_ENV)
    assert material.returncode == 0, material.stdout + material.stderr
    return {"material": tmp / "material", "zensical": build_zensical(tmp)}


class PageFacts(HTMLParser):
    """What a built page says that both builders must agree on."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.headings: list[str] = []
        self.links: list[str] = []
        self.edit: list[str] = []
        self._article = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(a["id"])
        if tag == "article":
            self._article += 1
        if re.fullmatch(r"h[1-6]", tag) and a.get("id") and self._article:
            self.headings.append(f"{tag}#{a['id']}")
        if tag == "a" and a.get("rel") == "edit":
            self.edit.append(a.get("href") or "")
        elif tag == "a" and self._article and a.get("href") is not None:
            self.links.append(a["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._article -= 1


def page_facts(path: Path) -> PageFacts:
    facts = PageFacts()
    facts.feed(path.read_text(encoding="utf-8"))
    return facts


def html_pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html") if not p.relative_to(site).parts[0] == "assets"}


def internal(href: str) -> bool:
    return not urlsplit(href).scheme and not href.startswith("//")


def resolve(page: str, href: str) -> tuple[str, str]:
    """A link as (site file, fragment): `../cms/#x` on `topics/a/index.html` -> ("institutions/cms/index.html", "x")."""
    parts = urlsplit(urljoin("http://site/" + page, href))
    path = unquote(parts.path.lstrip("/"))
    if path == "" or path.endswith("/"):
        path += "index.html"
    return path, parts.fragment


def test_the_same_pages(sites) -> None:
    material, zensical = (html_pages(sites[k]) for k in ("material", "zensical"))
    assert material, "the MkDocs build wrote no pages"
    assert sorted(material ^ zensical) == []


def test_exports_are_byte_identical(sites) -> None:
    for name in EXPORTS:
        assert (sites["zensical"] / name).read_bytes() == (sites["material"] / name).read_bytes(), name


def test_every_heading_id_internal_link_and_edit_link_is_the_same(sites) -> None:
    compared = {"headings": 0, "links": 0, "edit links": 0}
    for page in sorted(html_pages(sites["material"])):
        material, zensical = page_facts(sites["material"] / page), page_facts(sites["zensical"] / page)
        assert zensical.headings == material.headings, page
        links = [h for h in material.links if internal(h)]
        assert [h for h in zensical.links if internal(h)] == links, page
        assert zensical.edit == material.edit, page
        for key, found in (("headings", material.headings), ("links", links), ("edit links", material.edit)):
            compared[key] += len(found)
    assert all(compared.values()), compared


def test_every_internal_link_of_the_zensical_site_lands(sites) -> None:
    site = sites["zensical"]
    ids = {}
    broken = []
    for page in sorted(html_pages(site)):
        for href in page_facts(site / page).links:
            if not internal(href):
                continue
            target, fragment = resolve(page, href)
            if not (site / target).is_file():
                broken.append(f"{page}: {href}")
                continue
            if fragment and target.endswith(".html"):
                if target not in ids:
                    ids[target] = set(page_facts(site / target).ids)
                if fragment not in ids[target]:
                    broken.append(f"{page}: {href} (no such anchor)")
    assert broken == []


def test_edit_links_open_the_data_a_page_is_made_from(sites) -> None:
    catalog = load_catalog(ROOT / "policy_data", root=ROOT)
    base = BUILD_ENV["POLICY_REPO_URL"] + "/-/edit/main/"
    for inst in catalog.institutions:
        edit = page_facts(sites["zensical"] / "institutions" / inst.id / "index.html").edit
        assert edit == [base + inst.data_file], inst.id
    assert page_facts(sites["zensical"] / "index.html").edit == [base + "docs/index.md"]


def sitemap_paths(site: Path, name: str) -> list[str]:
    data = (site / name).read_bytes()
    text = gzip.decompress(data).decode() if name.endswith(".gz") else data.decode()
    return sorted(urlsplit(loc).path for loc in re.findall(r"<loc>([^<]*)</loc>", text))


def test_the_sitemap_lists_the_same_pages(sites) -> None:
    for name in ("sitemap.xml", "sitemap.xml.gz"):
        expected = sitemap_paths(sites["material"], name)
        assert len(expected) == len(html_pages(sites["material"])) - 1  # every page but 404.html
        assert sitemap_paths(sites["zensical"], name) == expected, name


def test_no_page_names_another_host_for_what_it_loads(sites) -> None:
    loads = re.compile(r"<(?:script|img|iframe|source)\b[^>]*\bsrc=\"(https?:)?//|<link\b[^>]*\bhref=\"(https?:)?//[^\"]*\"[^>]*rel=\"(?:stylesheet|preload|modulepreload|preconnect)", re.I)
    for page in sorted(html_pages(sites["zensical"])):
        html = (sites["zensical"] / page).read_text(encoding="utf-8")
        assert not loads.search(html), page
        assert "unpkg.com" not in html and "fonts.googleapis" not in html, page
