"""The clause pack above twelve institutions in a real browser: one real build of the
golden case with more than twelve institutions (test_render_golden's
`fourteen_institutions`, plus a quote holding `</script>` and quotes), served on
localhost and driven in Debian's chromium. Each topic's quotes load from its own
script when the reader needs them.

Every page also fails its test on a console error or a request that leaves
localhost (conftest's PageWatch), but for the one that makes a load fail on purpose.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import PageWatch, axe_violations, serve_folder
from test_pack_scripts import HOSTILE, add_hostile_quote
from test_render_golden import fourteen_institutions
from test_writers_browser import silent_topics
from test_writers_render import build_site

from policykit import load_catalog
from policykit.render import writers
from policykit.render.cite import citation

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """(catalog, base URL) of the site built from the fixture data with fourteen institutions."""
    base = tmp_path_factory.mktemp("pack")
    data = fourteen_institutions(base)
    add_hostile_quote(data)
    # Strict but for the hand-written home page's links to the real data's topics (build_site).
    result, warnings = build_site(data, base / "site")
    assert result.returncode == 0 and warnings == [], result.stderr
    catalog = load_catalog(data, root=base)
    assert len(catalog.institutions) > writers.MAX_QUOTED
    url, server = serve_folder(base / "site")
    yield catalog, url
    server.shutdown()


@pytest.fixture
def tab(browser):
    ctx = browser.new_context(viewport={"width": 1366, "height": 768})
    pg = ctx.new_page()
    pg.watch = PageWatch(pg)
    pg.scripts = []
    pg.on("request", lambda r: pg.scripts.append(r.url.rsplit("/", 1)[1]) if "/clause-pack/topics/" in r.url else None)
    yield pg
    ctx.close()
    assert pg.watch.errors == [], f"console errors: {pg.watch.errors}"
    assert pg.watch.outside == [], f"requests to other hosts: {pg.watch.outside}"


def rule_count(catalog, topic: str) -> int:
    return sum(len(p.rules) for p in catalog.positions_on(topic))


def addressed_topic(catalog):
    return next(t for t in catalog.topics if any(p.addressed for p in catalog.positions_on(t.id)))


def test_choosing_a_topic_loads_its_quotes_and_only_its(tab, many) -> None:
    catalog, url = many
    t = addressed_topic(catalog)
    tab.goto(url + "policy-writers/clause-pack/")
    assert tab.locator(".pack-position").count() == 0 and tab.scripts == []
    tab.check(f"form[data-pack] input[value='{t.id}']")
    section = tab.locator(f'section.pack-topic[data-topic="{t.id}"]')
    section.locator("blockquote.quote").nth(rule_count(catalog, t.id) - 1).wait_for()
    assert section.locator(".pack-position").count() == sum(1 for p in catalog.positions_on(t.id) if p.addressed)
    assert section.locator(".pack-pending").count() == 0
    tab.wait_for_function("document.querySelector('.pack-status').textContent.startsWith('The pack holds 1 of')")
    assert tab.scripts == [f"{t.id}.js"]


def test_a_quote_with_script_end_stays_text(tab, many) -> None:
    catalog, url = many
    rule = next(r for r in catalog.rules if HOSTILE in r.text)
    tab.goto(url + f"policy-writers/clause-pack/#topic-{rule.topics[0]}")
    quote = tab.locator(f'.pack-rule:has(a.cite-url[href$="#{rule.id}"]) blockquote.quote')
    quote.wait_for()
    assert HOSTILE.strip() in quote.inner_text()
    assert tab.evaluate("typeof window.alert === 'function' && document.querySelectorAll('.pack-rule script').length") == 0


def test_gaps_download_holds_the_quotes_of_every_gap_topic(tab, many) -> None:
    catalog, url = many
    inst = next(i for i in catalog.institutions if silent_topics(catalog, i.id))
    gaps = silent_topics(catalog, inst.id)
    tab.goto(url + "policy-writers/clause-pack/")
    tab.select_option("#pack-gaps", inst.id)
    with tab.expect_download() as info:
        tab.click("[data-pack-download]")
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert re.findall(r"^## (.+)$", text, flags=re.M) == [catalog.topic(t).title for t in gaps]
    for t in gaps:
        for p in catalog.positions_on(t):
            owner = catalog.institution(p.institution)
            for rule_id in p.rules:
                assert f"— {citation(owner, catalog.rule(rule_id))}, <{url}institutions/{owner.id}/#{rule_id}>" in text
    assert sum(rule_count(catalog, t) for t in gaps) == text.count("\n> \u2014 ")
    assert sorted(tab.scripts) == sorted(f"{t}.js" for t in gaps)
    assert "Downloaded clause-pack.md with" in tab.inner_text(".pack-status")


def test_a_failed_load_says_so_in_one_line(browser, many) -> None:
    catalog, url = many
    t = addressed_topic(catalog)
    ctx = browser.new_context()
    pg = ctx.new_page()
    watch = PageWatch(pg)
    pg.route(re.compile(r".*/clause-pack/topics/.*"), lambda route: route.fulfill(status=404, body="gone"))
    pg.goto(url + "policy-writers/clause-pack/")
    pg.check(f"form[data-pack] input[value='{t.id}']")
    pg.wait_for_function("document.querySelector('.pack-status').textContent.startsWith('Could not load')")
    status = pg.inner_text(".pack-status")
    assert "\n" not in status and catalog.topic(t.id).title in status
    assert pg.locator(f'section[data-topic="{t.id}"] .pack-pending a').get_attribute("href") == f"../../topics/{t.id}/"
    assert watch.outside == []
    ctx.close()


def test_axe_with_every_topic_loaded(tab, many) -> None:
    catalog, url = many
    tab.goto(url + "policy-writers/clause-pack/")
    for t in catalog.topics:
        tab.check(f"form[data-pack] input[value='{t.id}']")
    total = sum(rule_count(catalog, t.id) for t in catalog.topics)
    tab.locator("blockquote.quote").nth(total - 1).wait_for()
    tab.wait_for_load_state("networkidle")
    assert axe_violations(tab) == []
