"""The built site in a real browser (Playwright driving Debian's chromium) on localhost.

Every test's page fixture also fails the test on a console error or on any
request that leaves localhost.
"""

from __future__ import annotations

import re

import pytest
from conftest import distinctive_keyword, real_catalog
from policykit.model import Stance

pytestmark = pytest.mark.browser

RULE_LINK = re.compile(r"/institutions/([a-z0-9-]+)/(?:\?[^#]*)?#([a-z0-9-]+)$")


@pytest.fixture(scope="module")
def catalog():
    return real_catalog()


def search(page, site_url: str, query: str) -> list[str]:
    """Type a query into Material's search; return the result links, best first."""
    page.goto(site_url)
    page.click(".md-search__input")
    # At once, as a paste does: typed key by key, the results of a part of the query
    # ("friend reques") can be read just before the whole query's replace them.
    page.keyboard.insert_text(query)
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    page.wait_for_function("document.querySelector('.md-search-result__meta').textContent.includes('matching')")
    return [a.get_attribute("href") for a in page.query_selector_all(".md-search-result__item a.md-search-result__link")]


def rule_hits(links: list[str], catalog) -> list[tuple[str, str]]:
    rule_ids = {r.id for r in catalog.rules}
    hits = []
    for href in links:
        m = RULE_LINK.search(href)
        if m and m.group(2) in rule_ids:
            hits.append((m.group(1), m.group(2)))
    return hits


def test_friend_request_finds_rules_of_four_institutions_and_lands_on_one(page, site_url, catalog) -> None:
    links = search(page, site_url, "friend request")
    hits = rule_hits(links, catalog)
    assert len({inst for inst, _ in hits}) >= 4, links
    # The first rule a reader can see: Material folds a page's further sections under "more".
    shown = [a.get_attribute("href") for a in page.query_selector_all(".md-search-result__item a.md-search-result__link") if a.is_visible()]
    inst, rule_id = rule_hits(shown, catalog)[0]
    page.click(f".md-search-result__item a[href$='#{rule_id}']")
    page.wait_for_url(re.compile(rf"/institutions/{inst}/.*#{rule_id}$"))
    heading = page.locator(f"[id='{rule_id}']")
    assert heading.is_visible()
    assert heading.inner_text().startswith(catalog.institution(inst).short_name + " ")
    box = heading.bounding_box()
    assert box is not None and 0 <= box["y"] < 900


def test_a_word_of_one_rule_finds_that_rule(page, site_url, catalog) -> None:
    rule, word = distinctive_keyword(catalog, in_text=True)
    assert (rule.institution, rule.id) in rule_hits(search(page, site_url, word), catalog)


def test_keywords_the_text_lacks_are_found(page, site_url, catalog) -> None:
    # A search word of one rule that is not a word of its text.
    rule, word = distinctive_keyword(catalog, in_text=False)
    assert word not in rule.text.lower()
    assert (rule.institution, rule.id) in rule_hits(search(page, site_url, word), catalog)


def test_home_search_box_opens_material_search_with_the_query(page, site_url) -> None:
    page.goto(site_url)
    page.fill("#home-search-input", "whatsapp")
    page.press("#home-search-input", "Enter")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    assert page.input_value(".md-search__input") == "whatsapp"
    assert "?q=whatsapp" in page.url


# -- templates, FAQ tabs, compare (issue 4) -----------------------------------


def test_fill_a_blank_and_copy_the_filled_text(context, site_url) -> None:
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site_url + "templates/#decline-parent-friend-request")
    tpl = page.locator('.tpl[data-template="decline-parent-friend-request"]')
    fields = tpl.locator("input[data-blank]")
    values = ["Mr. Okafor", "Ada", "the school office", "Ms Priya Nair"]
    assert fields.count() == len(values)
    for i, value in enumerate(values):
        fields.nth(i).fill(value)
    assert tpl.locator("mark.blank").count() == 0
    tpl.locator("button.tpl-copy").click()
    page.wait_for_function("document.querySelector('[data-template=\"decline-parent-friend-request\"] .tpl-status').textContent.length > 0")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "Dear Mr. Okafor," in copied and "Ms Priya Nair" in copied and "Ada's learning" in copied
    assert not re.search(r"\[[^\]]+\]", copied)
    assert tpl.locator(".tpl-status").inner_text() == "Copied to the clipboard."


def test_copy_with_blanks_left_says_so(context, site_url) -> None:
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site_url + "templates/")
    tpl = page.locator('.tpl[data-template="media-inquiry-referral"]')
    tpl.locator("input[data-blank]").first.fill("the Superintendent of Schools")
    assert tpl.locator("mark.blank").count() == 2
    tpl.locator("button.tpl-copy").click()
    status = tpl.locator(".tpl-status")
    status.wait_for()
    page.wait_for_function("document.querySelector('[data-template=\"media-inquiry-referral\"] .tpl-status').textContent.length > 0")
    assert status.inner_text() == "Copied, but 2 blanks are still empty: [Their email or phone], [Your name]."
    assert "[Your name]" in page.evaluate("navigator.clipboard.readText()")


def test_copy_falls_back_without_the_clipboard_api(context, site_url) -> None:
    page = context.new_page()
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined});")
    page.goto(site_url + "templates/")
    tpl = page.locator('.tpl[data-template="cps-pre-emptive-friend-post"]')
    page.evaluate("window.__copied = null; document.execCommand = (cmd) => { window.__copied = document.activeElement.value; return cmd === 'copy'; }")
    tpl.locator("button.tpl-copy").click()
    page.wait_for_function("window.__copied !== null")
    assert page.evaluate("window.__copied").startswith("If you are a student or parent/guardian/caregiver")
    assert tpl.locator(".tpl-status").inner_text() == "Copied to the clipboard."


def test_without_javascript_templates_show_text_with_blanks(browser, site_url) -> None:
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    page.goto(site_url + "templates/")
    tpl = page.locator('.tpl[data-template="decline-parent-friend-request"]')
    assert "[Parent's name]" in tpl.locator("pre.tpl-text").inner_text()
    assert not tpl.locator("form.tpl-fields").is_visible()
    assert not tpl.locator("button.tpl-copy").is_visible()
    ctx.close()


def test_choosing_an_institution_in_one_faq_answer_switches_every_answer_and_is_remembered(page, site_url, catalog) -> None:
    page.goto(site_url + "faq/")
    sets = page.locator(".tabbed-set")
    assert sets.count() == len(catalog.topics)
    sets.nth(3).locator("label", has_text=re.compile(r"^CPS$")).click()

    def selected() -> set[str]:
        return set(page.evaluate(
            "Array.from(document.querySelectorAll('.tabbed-set')).map(s => "
            "s.querySelector('.tabbed-labels > label:nth-child(' + (Array.from(s.querySelectorAll(':scope > input')).findIndex(i => i.checked) + 1) + ')').textContent.trim())"
        ))

    assert selected() == {"CPS"}
    page.reload()
    page.wait_for_load_state("networkidle")
    assert selected() == {"CPS"}


def test_compare_narrows_to_chosen_institutions_and_a_stance(page, site_url, catalog) -> None:
    page.goto(site_url + "compare/")
    filters = page.locator("[data-compare-filters]")
    # Two institutions whose positions include a prohibition (the first two in data order, if possible).
    with_prohibition = [i for i in catalog.institutions if any(p.stance == "prohibited" for p in i.positions)]
    chosen = (with_prohibition + [i for i in catalog.institutions if i not in with_prohibition])[:2]
    for inst in catalog.institutions:
        if inst not in chosen:
            filters.locator(f"input[value='{inst.id}']").uncheck()
    visible_heads = page.locator(".compare-matrix thead th:visible")
    assert visible_heads.count() == 1 + len(chosen)
    shown = [h.strip() for h in visible_heads.all_inner_texts()[1:]]
    assert shown == [i.short_name for i in catalog.institutions if i in chosen]
    options = page.locator("#compare-stance option").evaluate_all("els => els.map(e => [e.value, e.textContent])")
    assert options == [["", "Any stance"]] + [[s.value, s.label] for s in Stance]
    page.select_option("#compare-stance", "prohibited")
    rows = page.locator(".compare-matrix tbody tr:visible")
    topic_rows = [r for r in rows.all() if r.locator(".group-label").count() == 0]
    expected = [t for t in catalog.topics if "prohibited" in (chosen[0].position(t.id).stance, chosen[-1].position(t.id).stance)]
    assert len(topic_rows) == len(expected) > 0
    for row in topic_rows:
        stances = row.locator("td:visible [data-stance]").evaluate_all("els => els.map(e => e.dataset.stance)")
        assert "prohibited" in stances
    page.click("text=Show all")
    assert page.locator(".compare-matrix thead th:visible").count() == 1 + len(catalog.institutions)


def test_compare_without_javascript_shows_the_full_table(browser, site_url, catalog) -> None:
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    page.goto(site_url + "compare/")
    assert page.locator(".compare-matrix thead th").count() == 1 + len(catalog.institutions)
    assert page.locator(".compare-matrix tbody tr").count() == len(catalog.topics) + len(catalog.groups)
    assert not page.locator("[data-compare-filters]").is_visible()
    ctx.close()


def test_compare_on_a_phone_does_not_scroll_sideways(browser, site_url) -> None:
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = ctx.new_page()
    page.goto(site_url + "compare/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # The matrix scrolls inside its own box instead.
    assert page.evaluate("(() => { const w = document.querySelector('.compare-matrix .md-typeset__scrollwrap'); return w.scrollWidth > w.clientWidth; })()")
    ctx.close()


def test_compare_header_and_topic_column_stay_in_view(page, site_url) -> None:
    page.goto(site_url + "compare/")
    wrap = page.locator(".compare-matrix .md-typeset__scrollwrap")
    wrap.evaluate("w => { w.scrollTop = 600; w.scrollLeft = 400; }")
    page.wait_for_timeout(100)
    box = wrap.bounding_box()
    head = page.locator(".compare-matrix thead th").nth(2).bounding_box()
    first_cell = page.locator(".compare-matrix tbody tr").nth(10).locator("td").first.bounding_box()
    assert abs(head["y"] - box["y"]) < 2
    assert abs(first_cell["x"] - box["x"]) < 2


def test_compare_prints_all_columns_on_the_page(page, site_url, catalog) -> None:
    page.goto(site_url + "compare/")
    page.emulate_media(media="print")
    widths = page.evaluate(
        "(() => { const t = document.querySelector('.compare-matrix table'); const r = t.getBoundingClientRect();"
        " return [r.right, document.querySelector('.md-content').getBoundingClientRect().right]; })()"
    )
    assert widths[0] <= widths[1] + 1
