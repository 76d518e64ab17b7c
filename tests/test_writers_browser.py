"""Issue 15 in a real browser: the site built from fixture data with eight
institutions (tests/test_writers_render.py's `many_institutions`), served on
localhost and driven in Debian's chromium at 1366x768.

Every page opened here also fails its test on a console error or a request that
leaves localhost (conftest's PageWatch).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import PageWatch, axe_violations, serve_folder, switch_to_dark
from test_writers_render import QUIET_TOPIC, build_site, many_institutions

from policykit import load_catalog
from policykit.render.cite import citation

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def writers(tmp_path_factory):
    """(catalog, base URL) of the built fixture site with eight institutions."""
    base = tmp_path_factory.mktemp("writers")
    data = many_institutions(base, 8)
    result, warnings = build_site(data, base / "site")
    assert result.returncode == 0 and warnings == [], result.stderr
    url, server = serve_folder(base / "site")
    yield load_catalog(data, root=base), url
    server.shutdown()


@pytest.fixture(scope="module")
def writers_folder(writers, tmp_path_factory) -> Path:
    """The built folder behind `writers` (the fixture's temporary folder)."""
    return next(Path(str(tmp_path_factory.getbasetemp())).glob("writers*/site"))


def test_every_link_and_anchor_of_the_new_pages_resolves(writers_folder: Path) -> None:
    from sitecheck import broken_links, read_site

    pages = read_site(writers_folder)
    # The hand-written home page links the real data's topics, which fixture data lacks.
    mine = {k: v for k, v in pages.items() if k != "index.html"}
    assert "policy-writers/index.html" in mine and "policy-writers/clause-pack/index.html" in mine
    assert broken_links(writers_folder, mine) == []


@pytest.fixture
def wide(browser):
    ctx = browser.new_context(viewport={"width": 1366, "height": 768})
    ctx.grant_permissions(["clipboard-read", "clipboard-write"])
    yield ctx
    ctx.close()


@pytest.fixture
def tab(wide):
    pg = wide.new_page()
    pg.watch = PageWatch(pg)
    yield pg
    assert pg.watch.errors == [], f"console errors: {pg.watch.errors}"
    assert pg.watch.outside == [], f"requests to other hosts: {pg.watch.outside}"


def silent_topics(catalog, inst_id: str) -> list[str]:
    return [t.id for t in catalog.topics if not catalog.institution(inst_id).position(t.id).addressed]


def an_institution_with_gaps_others_address(catalog):
    for inst in catalog.institutions:
        for t in silent_topics(catalog, inst.id):
            if any(p.addressed for p in catalog.positions_on(t)):
                return inst, t
    raise AssertionError("the generated data should leave some institution silent where others speak")


def clipboard(page) -> str:
    return page.evaluate("navigator.clipboard.readText()")


# -- the not-covered section ------------------------------------------------------------


def test_not_covered_lists_the_gaps_with_the_others_rules_linked(tab, writers) -> None:
    catalog, url = writers
    inst, topic = an_institution_with_gaps_others_address(catalog)
    tab.goto(url + f"institutions/{inst.id}/#not-covered")
    section = tab.locator("#not-covered")
    assert section.inner_text().startswith("What this policy does not cover")
    listed = tab.locator("[data-topic]").evaluate_all("els => els.map(e => e.dataset.topic)")
    assert listed == silent_topics(catalog, inst.id)
    gap = tab.locator(f'details.gap[data-topic="{topic}"]')
    gap.locator("summary").click()
    others = [p for p in catalog.positions_on(topic) if p.addressed and p.institution != inst.id]
    assert f"{len(others)} of {len(catalog.institutions) - 1} other institutions address it" in gap.locator("summary").inner_text()
    rule_links = gap.locator("a.cite-url").evaluate_all("els => els.map(e => e.href)")
    assert rule_links == [url + f"institutions/{p.institution}/#{r}" for p in others for r in p.rules]
    quotes = gap.locator("blockquote.quote").all_inner_texts()
    assert len(quotes) == len(rule_links)
    # A rule link lands on the quoted rule's heading on its own page.
    first = others[0]
    gap.locator(f'a[href$="#{first.rules[0]}"]').first.click()
    tab.wait_for_url(re.compile(rf"/institutions/{first.institution}/#{first.rules[0]}$"))
    assert tab.locator(f"[id='{first.rules[0]}']").is_visible()


def test_a_topic_no_one_addresses_says_so(tab, writers) -> None:
    catalog, url = writers
    tab.goto(url + f"institutions/{catalog.institutions[0].id}/")
    line = tab.locator(f'.gap-none[data-topic="{QUIET_TOPIC}"]')
    assert "no other institution on this site addresses it either" in line.inner_text()
    assert line.locator("a").get_attribute("href") == f"../../topics/{QUIET_TOPIC}/"


# -- copy a rule with its citation (Material's clipboard integration) ----------------------


def test_copy_with_citation_plain_and_markdown(tab, writers) -> None:
    catalog, url = writers
    rule = next(r for r in catalog.rules if "**" in r.text)
    inst = catalog.institution(rule.institution)
    tab.goto(url + f"institutions/{inst.id}/")
    actions = tab.locator(f".rule:has(a.cite-url[href$='#{rule.id}'])")
    assert actions.count() == 1
    actions.locator("button[data-cite='text']").click()
    tab.locator(".md-dialog", has_text="Copied to clipboard").wait_for()
    text = clipboard(tab)
    plain_quote = rule.text.replace("**", "")
    assert text == f"“{plain_quote}”\n— {citation(inst, rule)}\n{url}institutions/{inst.id}/#{rule.id}"
    actions.locator("button[data-cite='markdown']").click()
    md = clipboard(tab)
    assert md.startswith("> ") and "**" in md  # the printed bold stays bold
    assert md.endswith(f", <{url}institutions/{inst.id}/#{rule.id}>")


def test_copy_of_a_draft_deletion_says_it_was_deleted(tab, writers) -> None:
    catalog, url = writers
    rule = next(r for r in catalog.rules if "~~" in r.text)
    inst = catalog.institution(rule.institution)
    topic = rule.topics[0]
    tab.goto(url + f"topics/{topic}/")
    block = tab.locator(".cited-rules").filter(has=tab.locator(f"a.cite-url[href$='#{rule.id}']")).first
    block.locator(f"p:has(a.cite-url[href$='#{rule.id}']) button[data-cite='text']").click()
    deleted = re.search(r"~~(.+?)~~", rule.text).group(1)
    assert f"[deleted in draft: {deleted}]" in clipboard(tab)
    block.locator(f"p:has(a.cite-url[href$='#{rule.id}']) button[data-cite='markdown']").click()
    assert f"~~{deleted}~~" in clipboard(tab)
    assert f"{url}institutions/{inst.id}/#{rule.id}" in clipboard(tab)


def test_template_copy_goes_through_material_and_warns_of_blanks(tab, writers) -> None:
    catalog, url = writers
    template = next(t for t in catalog.templates if len(t.placeholders) >= 2)
    tab.goto(url + "templates/")
    tpl = tab.locator(f'.tpl[data-template="{template.id}"]')
    assert tpl.locator("button.tpl-copy").get_attribute("data-clipboard-target")
    tpl.locator("input[data-blank]").first.fill("Sam Example")
    tpl.locator("button.tpl-copy").click()
    tab.locator(".md-dialog", has_text="Copied to clipboard").wait_for()
    text = clipboard(tab)
    assert "Sam Example" in text and f"[{template.placeholders[0].name}]" not in text
    assert f"[{template.placeholders[1].name}]" in text
    tab.wait_for_function(f"document.querySelector('[data-template=\"{template.id}\"] .tpl-status').textContent.startsWith('Copied, but')")


# -- the clause pack -----------------------------------------------------------------------


def test_clause_pack_of_one_institutions_gaps_downloads_as_markdown(tab, writers) -> None:
    catalog, url = writers
    inst, _ = an_institution_with_gaps_others_address(catalog)
    gaps = silent_topics(catalog, inst.id)
    tab.goto(url + f"policy-writers/clause-pack/?gaps={inst.id}")
    checked = tab.locator("form[data-pack] input[name=topic]:checked").evaluate_all("els => els.map(e => e.value)")
    assert checked == gaps
    assert tab.locator("section.pack-topic:visible").evaluate_all("els => els.map(e => e.dataset.topic)") == gaps
    with tab.expect_download() as info:
        tab.click("[data-pack-download]")
    download = info.value
    assert download.suggested_filename == "clause-pack.md"
    text = Path(download.path()).read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, flags=re.M)
    assert headings == [catalog.topic(t).title for t in gaps]
    for t in gaps:
        for p in catalog.positions_on(t):
            owner = catalog.institution(p.institution)
            for rule_id in p.rules:
                rule = catalog.rule(rule_id)
                assert f"— {citation(owner, rule)}, <{url}institutions/{owner.id}/#{rule_id}>" in text
    others = [t for t in catalog.topics if t.id not in gaps]
    assert all(f"## {t.title}\n" not in text for t in others)


def test_clause_pack_of_chosen_topics_prints_only_them(tab, writers) -> None:
    catalog, url = writers
    chosen = [catalog.topics[0].id, catalog.topics[-1].id]
    tab.goto(url + "policy-writers/clause-pack/")
    for topic in chosen:
        tab.check(f"form[data-pack] input[value='{topic}']")
    tab.emulate_media(media="print")
    visible = tab.locator("section.pack-topic:visible").evaluate_all("els => els.map(e => e.dataset.topic)")
    assert visible == chosen
    assert not tab.locator("form[data-pack]").is_visible()
    assert tab.locator(".pack-citation:visible").count() == sum(len(p.rules) for t in chosen for p in catalog.positions_on(t))
    with tab.expect_download() as info:
        tab.evaluate("document.querySelector('[data-pack-download]').click()")
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert re.findall(r"^## (.+)$", text, flags=re.M) == [catalog.topic(t).title for t in chosen]


# -- the page for policy writers ------------------------------------------------------------


def test_writers_page_puts_the_chosen_institutions_gaps_first_and_remembers(tab, writers) -> None:
    catalog, url = writers
    inst, _ = an_institution_with_gaps_others_address(catalog)
    gaps = silent_topics(catalog, inst.id)
    tab.goto(url + "policy-writers/")
    tab.select_option("#writers-institution", inst.id)
    order = tab.locator(".writer-group").evaluate_all(
        "gs => gs.map(g => [...g.querySelectorAll(':scope > .writer-topic')].map(t => t.classList.contains('is-gap')))")
    for flags in order:  # in every group, the gaps come before the rest
        assert flags == sorted(flags, reverse=True)
    marked = tab.locator(".writer-topic.is-gap").evaluate_all("els => els.map(e => e.dataset.topic)")
    assert sorted(marked) == sorted(gaps)
    tab.check("#writers-only-gaps")
    assert sorted(tab.locator(".writer-topic:visible").evaluate_all("els => els.map(e => e.dataset.topic)")) == sorted(gaps)
    assert tab.locator("a.writers-pack-link").get_attribute("href").endswith(f"?gaps={inst.id}")
    tab.reload()
    assert tab.input_value("#writers-institution") == inst.id


def test_writers_page_without_javascript_still_lists_everything(browser, writers) -> None:
    catalog, url = writers
    ctx = browser.new_context(java_script_enabled=False)
    pg = ctx.new_page()
    pg.goto(url + "policy-writers/")
    assert pg.locator(".writer-topic:visible").count() == len(catalog.topics)
    assert not pg.locator("[data-writers-picker]").is_visible()
    assert pg.locator(".cite-actions:visible").count() == 0
    ctx.close()


# -- the comparison with more institutions than fit at once ------------------------------------------


def matrix_fit(page) -> dict:
    return page.evaluate(
        """(() => {
          const wrap = document.querySelector('.compare-matrix .md-typeset__scrollwrap');
          const cells = [...wrap.querySelectorAll('th, td')].filter(c => !c.hidden && c.offsetParent);
          return {shown: [...wrap.querySelectorAll('thead th')].filter(c => !c.hidden).length - 1,
                  overflow: wrap.scrollWidth - wrap.clientWidth,
                  cut: cells.filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.textContent.trim().slice(0, 40))};
        })()"""
    )


@pytest.mark.parametrize("width", [1366, 1920])
def test_compare_fits_six_columns_on_the_screen(browser, writers, width: int) -> None:
    catalog, url = writers
    assert len(catalog.institutions) > 6
    ctx = browser.new_context(viewport={"width": width, "height": 768})
    pg = ctx.new_page()
    pg.watch = PageWatch(pg)
    pg.goto(url + "compare/")
    fit = matrix_fit(pg)
    assert fit == {"shown": 6, "overflow": 0, "cut": []}
    assert pg.watch.errors == [] and pg.watch.outside == []
    ctx.close()


def test_compare_remembers_the_chosen_columns(browser, writers) -> None:
    catalog, url = writers
    ids = [i.id for i in catalog.institutions]
    ctx = browser.new_context(viewport={"width": 1366, "height": 768})
    pg = ctx.new_page()
    pg.goto(url + "compare/")
    shown = lambda: pg.locator(".compare-matrix thead [data-inst]").evaluate_all(
        "els => els.filter(e => !e.closest('th').hidden).map(e => e.dataset.inst)")
    assert shown() == ids[:6]  # many institutions: the first six to start with
    assert "the first 6 are shown" in pg.inner_text(".compare-status")
    pg.uncheck(f"[data-compare-filters] input[value='{ids[1]}']")
    pg.check(f"[data-compare-filters] input[value='{ids[7]}']")
    expected = [i for i in ids[:6] if i != ids[1]] + [ids[7]]
    assert shown() == expected
    pg.goto(url + "compare/")
    assert shown() == expected
    assert "as you chose them last time" in pg.inner_text(".compare-status")
    assert matrix_fit(pg)["overflow"] == 0
    pg.emulate_media(media="print")  # printing prints the chosen columns only
    printed = pg.locator(".compare-matrix thead th:visible [data-inst]").evaluate_all("els => els.map(e => e.dataset.inst)")
    assert printed == expected
    ctx.close()
    fresh = browser.new_context(viewport={"width": 1366, "height": 768})
    pg = fresh.new_page()
    pg.goto(url + "compare/")
    assert pg.locator("[data-compare-filters] input:checked").count() == 6
    fresh.close()


def test_compare_header_and_topic_column_stay_in_view(browser, writers) -> None:
    catalog, url = writers
    ctx = browser.new_context(viewport={"width": 1366, "height": 500})
    pg = ctx.new_page()
    pg.goto(url + "compare/")
    pg.click("[data-compare-filters] button")  # Show all: wider than the screen
    box = pg.locator(".compare-matrix .md-typeset__scrollwrap")
    pg.evaluate("document.querySelector('.compare-matrix .md-typeset__scrollwrap').scrollTo(400, 400)")
    wrap = box.bounding_box()
    header = pg.locator(".compare-matrix thead th").nth(2).bounding_box()
    first_col = pg.locator(".compare-matrix tbody tr:not(:has(.group-label))").last.locator("td").first.bounding_box()
    assert abs(header["y"] - wrap["y"]) < 2
    assert abs(first_col["x"] - wrap["x"]) < 2
    ctx.close()


# -- accessibility -------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["policy-writers/", "policy-writers/clause-pack/?gaps=beta", "institutions/beta/#not-covered"])
def test_axe_on_the_writers_pages_and_section(browser, writers, path: str) -> None:
    _, url = writers
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, color_scheme="light")
    pg = ctx.new_page()
    pg.watch = PageWatch(pg)
    pg.goto(url + path)  # returns once the page has loaded, its scripts run
    pg.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    if path == "policy-writers/":
        pg.select_option("#writers-institution", "beta")
    assert axe_violations(pg) == [], "light"
    switch_to_dark(pg)
    assert axe_violations(pg) == [], "dark"
    # No request left to start, so that the watch has seen them all (the half second of quiet
    # that says so has mostly passed while axe ran).
    pg.wait_for_load_state("networkidle")
    assert pg.watch.errors == [] and pg.watch.outside == []
    ctx.close()
