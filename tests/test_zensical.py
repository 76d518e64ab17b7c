"""The site built with Zensical (`make zensical`) against the real MkDocs build.

Zensical, Material for MkDocs' successor, reads mkdocs.yml but runs no hooks;
`make zensical` builds from `scripts/generate --zensical`. Both sites are built
here with the same data, date and repository URL, then compared: the same
pages, every heading id, every internal link and edit link, the sitemap, and
byte-identical exports. The browser checks (which the MkDocs build passes in
test_browser.py, test_search.py and test_accessibility.py) run against the
Zensical site. Everything is skipped, saying why, only when
Zensical cannot be installed on this machine.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from playwright.sync_api import expect
from conftest import REPO_SITE_ENV, ROOT, copy_fixture_data, real_catalog, serve_folder, watched


# Real builds (tests/conftest.py's `build` layer): both sites, and `make zensical` runs.
build = pytest.mark.build

# A date, a repository (for edit links) and a site URL (without one MkDocs' sitemap lists no page):
# the MkDocs build with these is conftest's `repo_site`, which test_generate.py reads too.
BUILD_ENV = REPO_SITE_ENV
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
def sites(zensical_installed, repo_site: Path, tmp_path_factory) -> dict[str, Path]:
    """{"material": the real MkDocs build, "zensical": `make zensical`}, same data, date and repository."""
    return {"material": repo_site, "zensical": build_zensical(tmp_path_factory.mktemp("builders"))}


@build
def test_bad_data_stops_make_zensical_with_one_line_and_keeps_the_last_site(zensical_installed, tmp_path) -> None:
    data = copy_fixture_data(tmp_path)
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("last good site", encoding="utf-8")
    institution = sorted((data / "institutions").glob("*.yaml"))[0]
    text = institution.read_text(encoding="utf-8")
    institution.write_text(re.sub(r"^( +stance: )[a-z-]+$", r"\1forbidden", text, count=1, flags=re.MULTILINE), encoding="utf-8")
    result = make("zensical", f"ZENSICAL_SITE={site}", f"ZENSICAL_SRC={tmp_path / 'src'}", env={"POLICY_DATA": str(data)})
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    problems = [line for line in result.stderr.splitlines() if "forbidden" in line]
    assert len(problems) == 1 and re.search(rf"(^|/){re.escape(institution.name)}:\d+:\d+: ", problems[0]), result.stderr
    assert (site / "index.html").read_text(encoding="utf-8") == "last good site"


def generate_module():
    """scripts/generate as a module (it has no .py suffix)."""
    import importlib.machinery
    import importlib.util

    loader = importlib.machinery.SourceFileLoader("generate_script", str(ROOT / "scripts" / "generate"))
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader("generate_script", loader))
    loader.exec_module(module)
    return module


@pytest.mark.parametrize("other_block", ["", '{% block extrahead %}<meta name="x" content="y">{% endblock %}\n'])
def test_the_zensical_variant_leaves_out_materials_search_overrides_only(tmp_path, other_block: str) -> None:
    overrides = tmp_path / "overrides"
    (overrides / "partials").mkdir(parents=True)
    for name in ("search.html", "toc.html"):
        (overrides / "partials" / name).write_text("{{ page.title }}", encoding="utf-8")
    config_block = "{% block config %}\n  {{ super() }}\n  <script>__md_search_worker = 1</script>\n{% endblock %}\n"
    (overrides / "main.html").write_text('{% extends "base.html" %}\n' + config_block + other_block, encoding="utf-8")
    dropped = generate_module().zensical_overrides(overrides)
    assert not (overrides / "partials" / "search.html").exists() and (overrides / "partials" / "toc.html").exists()
    assert len(dropped) == 2
    if other_block:
        assert (overrides / "main.html").read_text(encoding="utf-8") == '{% extends "base.html" %}\n\n' + other_block
    else:
        assert not (overrides / "main.html").exists()


def test_the_zensical_config_has_the_classic_look_and_the_local_shim() -> None:
    generate = generate_module()
    config = generate.zensical_config(generate.hook_free_config((ROOT / "mkdocs.yml").read_text(encoding="utf-8")))
    theme = config[config.index("\ntheme:\n"):]
    assert re.search(r"^theme:\n(?:  #.*\n)?  variant: classic$", theme.lstrip("\n"), re.MULTILINE)
    assert re.search(r"^extra:\n  polyfills:\n    - " + re.escape(generate.IFRAME_WORKER_SHIM) + "$", config, re.MULTILINE)
    assert (ROOT / "docs" / generate.IFRAME_WORKER_SHIM).is_file()
    assert "hooks:" not in config


class PageFacts(HTMLParser):
    """What a built page says that both builders must agree on."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.headings: list[str] = []
        self.links: list[str] = []
        self.edit: list[str] = []
        self.loads: list[str] = []  # what the browser fetches to show the page
        self._article = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(a["id"])
        if tag in ("script", "img", "iframe", "source", "video", "audio", "embed") and a.get("src"):
            self.loads.append(a["src"] or "")
        if tag == "link" and a.get("href") and a.get("rel") not in ("canonical", "alternate", "sitemap"):
            self.loads.append(a["href"] or "")
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


@build
def test_the_same_pages(sites) -> None:
    material, zensical = (html_pages(sites[k]) for k in ("material", "zensical"))
    assert material, "the MkDocs build wrote no pages"
    assert sorted(material ^ zensical) == []


@build
def test_exports_are_byte_identical(sites) -> None:
    for name in EXPORTS:
        assert (sites["zensical"] / name).read_bytes() == (sites["material"] / name).read_bytes(), name


@build
def test_every_heading_id_internal_link_and_edit_link_is_the_same(sites) -> None:
    compared = {"headings": 0, "links": 0, "edit links": 0}
    for page in sorted(html_pages(sites["material"])):
        material, zensical = page_facts(sites["material"] / page), page_facts(sites["zensical"] / page)
        assert zensical.headings == material.headings, page
        # Compared by where they land: MkDocs writes a link to its own page as `./#x`, Zensical as `../name/#x`.
        links = [resolve(page, h) for h in material.links if internal(h)]
        assert [resolve(page, h) for h in zensical.links if internal(h)] == links, page
        assert zensical.edit == material.edit, page
        for key, found in (("headings", material.headings), ("links", links), ("edit links", material.edit)):
            compared[key] += len(found)
    assert all(compared.values()), compared


@build
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


@build
def test_edit_links_open_the_data_a_page_is_made_from(sites) -> None:
    catalog = real_catalog()
    base = BUILD_ENV["POLICY_REPO_URL"] + "/-/edit/main/"
    for inst in catalog.institutions:
        edit = page_facts(sites["zensical"] / "institutions" / inst.id / "index.html").edit
        assert edit == [base + inst.data_file], inst.id
    assert page_facts(sites["zensical"] / "index.html").edit == [base + "docs/index.md"]


def toc_title(html: str) -> str:
    """How a page titles its table of contents: a toggle's label, plain text, or none."""
    if 'class="md-nav__title" for="__toc"' in html:
        return "label"
    return "text" if re.search(r'md-nav--secondary[^>]*>\s*<div class="md-nav__title">', html) else "none"


@build
def test_toc_titles_label_a_toggle_only_where_the_page_has_one(sites) -> None:
    """overrides/partials/toc.html: pages outside the navigation have no `__toc` toggle to label."""
    seen = set()
    for page in sorted(html_pages(sites["material"])):
        titles = {}
        for builder, site in sites.items():
            html = (site / page).read_text(encoding="utf-8")
            titles[builder] = toc_title(html)
            assert titles[builder] != "label" or 'id="__toc"' in html, (builder, page)
        assert titles["zensical"] == titles["material"], page
        seen.add(titles["material"])
    assert {"label", "text"} <= seen


def sitemap_paths(site: Path, name: str) -> list[str]:
    data = (site / name).read_bytes()
    text = gzip.decompress(data).decode() if name.endswith(".gz") else data.decode()
    return sorted(urlsplit(loc).path for loc in re.findall(r"<loc>([^<]*)</loc>", text))


@build
def test_the_sitemap_lists_the_same_pages(sites) -> None:
    for name in ("sitemap.xml", "sitemap.xml.gz"):
        expected = sitemap_paths(sites["material"], name)
        assert len(expected) == len(html_pages(sites["material"])) - 1  # every page but 404.html
        assert sitemap_paths(sites["zensical"], name) == expected, name


@build
def test_no_page_loads_anything_from_another_host(sites) -> None:
    for builder, site in sites.items():
        outside = [(page, url) for page in sorted(html_pages(site)) for url in page_facts(site / page).loads if not internal(url)]
        assert outside == [], builder


# -- the same behaviour in a browser ------------------------------------------
# The MkDocs build is checked for the same in test_browser.py, test_search.py and
# test_accessibility.py; here the Zensical site is.


@pytest.fixture(scope="module")
def url(sites):
    """The Zensical site served on 127.0.0.1."""
    base, server = serve_folder(sites["zensical"])
    yield base
    server.shutdown()


@pytest.fixture(scope="module")
def catalog():
    return real_catalog()


def search_box(page):
    """Zensical's search input, once its dialog is open."""
    return page.locator("dialog[open] input")


def search_results(page):
    return page.locator("dialog[open] ol[role=listbox] a")


@pytest.mark.browser
def test_key_pages_load_without_errors_or_other_hosts(context, url, catalog) -> None:
    paths = ["", "compare/", "faq/", "templates/", f"institutions/{catalog.institutions[0].id}/", f"topics/{catalog.topics[0].id}/"]
    with contextlib.ExitStack() as stack:
        # Each page in its own tab, all loaded first: their half seconds of network quiet overlap.
        # `watched` fails the test on any console error or request to another host.
        tabs = {path: stack.enter_context(watched(context.new_page())) for path in paths}
        for path, tab in tabs.items():
            tab.goto(url + path)
        for path, tab in tabs.items():
            tab.wait_for_load_state("networkidle")
            assert tab.locator("article h1").count() == 1, path


@pytest.mark.browser
def test_search_links_and_the_home_search_box_open_the_search_on_the_page(page, url) -> None:
    page.goto(url)
    link = page.locator("article a[href^='?q=']").first
    words = link.get_attribute("href").removeprefix("?q=").replace("+", " ")
    link.click()
    expect(search_box(page)).to_have_value(words, timeout=10000)
    search_results(page).first.wait_for(timeout=15000)
    page.goto(url)
    page.fill("#home-search-input", words)
    page.press("#home-search-input", "Enter")
    expect(search_box(page)).to_have_value(words, timeout=10000)
    search_results(page).first.wait_for(timeout=15000)


@pytest.mark.browser
def test_compare_narrows_to_chosen_institutions_and_a_stance(page, url, catalog) -> None:
    kept = catalog.institutions[:2]
    stance = next(kept[0].position(t.id).stance for t in catalog.topics)
    page.goto(url + "compare/")
    filters = page.locator("[data-compare-filters]")
    for inst in catalog.institutions[2:]:
        filters.locator(f"input[value='{inst.id}']").uncheck()
    heads = page.locator(".compare-matrix thead th:visible")
    assert [h.strip() for h in heads.all_inner_texts()[1:]] == [inst.short_name for inst in kept]
    page.select_option("#compare-stance", stance)
    rows = [r for r in page.locator(".compare-matrix tbody tr:visible").all() if r.locator(".group-label").count() == 0]
    expected = [t for t in catalog.topics if stance in (kept[0].position(t.id).stance, kept[1].position(t.id).stance)]
    assert len(rows) == len(expected) > 0
    page.click("text=Show all")
    assert page.locator(".compare-matrix thead th:visible").count() == 1 + len(catalog.institutions)


@pytest.mark.browser
def test_fill_every_blank_of_a_template_and_copy_it(context, page, url, catalog) -> None:
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    template = next(t for t in catalog.templates if t.placeholders)
    page.goto(url + "templates/")
    tpl = page.locator(f'.tpl[data-template="{template.id}"]')
    fields = tpl.locator("input[data-blank]")
    values = [f"Value {i}" for i in range(fields.count())]
    assert len(values) == len(template.placeholders)
    for field, value in zip(fields.all(), values):
        field.fill(value)
    assert tpl.locator("mark.blank").count() == 0
    tpl.locator("button.tpl-copy").click()
    tpl.locator(".tpl-status").filter(has_text="Copied").wait_for(timeout=5000)
    copied = page.evaluate("navigator.clipboard.readText()")
    assert all(value in copied for value in values)
    assert not any(f"[{p.name}]" in copied for p in template.placeholders)
    assert tpl.locator(".tpl-status").inner_text() == "Copied to the clipboard."


@pytest.mark.browser
def test_choosing_an_institution_in_one_faq_answer_switches_every_answer(page, url, catalog) -> None:
    if len(catalog.institutions) > 12:
        pytest.skip("above 12 institutions the FAQ shows counts, not a tab per institution")
    chosen = catalog.institutions[-1].short_name
    page.goto(url + "faq/")
    sets = page.locator(".tabbed-set")
    assert sets.count() >= 2
    sets.nth(1).locator("label", has_text=re.compile(rf"^{re.escape(chosen)}$")).click()
    script = ("Array.from(document.querySelectorAll('.tabbed-set')).map(s => { const i = Array.from(s.querySelectorAll(':scope > input'))"
              ".findIndex(x => x.checked); return s.querySelectorAll('.tabbed-labels > label')[i].textContent.trim(); })")
    assert set(page.evaluate(script)) == {chosen}
    page.reload()
    page.wait_for_load_state("networkidle")
    assert set(page.evaluate(script)) == {chosen}


@pytest.mark.browser
def test_zensical_offline_copy_works_from_files_search_included(zensical_installed, browser, tmp_path) -> None:
    site = build_zensical(tmp_path, "zensical-offline")
    assert (site / "index.html").is_file() and not (site / "compare").is_dir() and (site / "compare.html").is_file()
    page = browser.new_page()
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url) if not r.url.startswith(("file:", "data:", "blob:", "about:")) else None)
    page.goto((site / "index.html").as_uri())
    link = page.locator("article a[href^='?q=']").first
    words = link.get_attribute("href").removeprefix("?q=").replace("+", " ")
    link.click()
    expect(search_box(page)).to_have_value(words, timeout=10000)
    result = search_results(page).first
    result.wait_for(timeout=15000)
    target = result.get_attribute("href")
    result.click()
    page.wait_for_url(target.split("#")[0] + "*", timeout=10000)
    assert page.locator("article h1").count() == 1
    page.close()
    assert errors == [] and requests == []
