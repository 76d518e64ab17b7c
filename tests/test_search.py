"""Search in the browser, on the fixture data: the site's worker behind Material's search UI.

The fixture data gets a thesaurus and a topic synonym here (in a copy); every
assertion is about behaviour a reader sees: what comes first, what is marked
missing, where a result leads, what is highlighted, offline from file://.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import json
import sys
from pathlib import Path

import pytest
from conftest import ROOT, PageWatch, axe_violations, copy_fixture_data, edit, serve_folder

pytestmark = pytest.mark.browser

sys.path.insert(0, str(ROOT / "hooks"))
from policykit import search_text  # noqa: E402

_loader = importlib.machinery.SourceFileLoader("search_bench", str(ROOT / "scripts" / "search_bench"))
bench = importlib.util.module_from_spec(importlib.util.spec_from_loader("search_bench", _loader))
sys.modules["search_bench"] = bench
_loader.exec_module(bench)

STOP_WORDS_TYPED = {"can", "i", "the", "a", "from"}


def build(site: Path, data: Path, **env: str):
    """A real build of the project's mkdocs.yml from `data`. Not strict: the hand-written
    home page links to topics of the real data, which the fixture data lacks."""
    import os
    import subprocess

    environ = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1795392000", "POLICY_DATA": str(data), **env}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--no-strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)],
                          capture_output=True, text=True, env=environ, cwd=ROOT)


def searchable_data(tmp: Path) -> Path:
    data = copy_fixture_data(tmp)
    edit(data / "topics.yaml", "    description: Friending current students.\n",
         "    description: Friending current students.\n    synonyms:\n      - [unfriend, add me, connect]\n")
    (data / "thesaurus.yaml").write_text("synonyms:\n  - [student, pupil, learner]\n  - [photo, picture, selfie]\n", encoding="utf-8")
    return data


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("search")
    site = tmp / "site"
    result = build(site, searchable_data(tmp))
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="module")
def url(fixture_site: Path):
    base, server = serve_folder(fixture_site)
    yield base
    server.shutdown()


@pytest.fixture
def watched(page):
    yield page
    assert page.watch.errors == [], page.watch.errors
    assert page.watch.outside == [], page.watch.outside


def shown(page, query: str) -> list[str]:
    """Result links as shown (see scripts/search_bench), without host and highlight parameter."""
    page.evaluate(bench.RUN_QUERY, "")
    return [strip(h) for h in page.evaluate(bench.RUN_QUERY, query)]


def strip(href: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(href)
    return parts.path.lstrip("/") + (f"#{parts.fragment}" if parts.fragment else "")


def open_home(page, url: str) -> None:
    page.goto(url, wait_until="load")
    page.wait_for_function("document.querySelector('.md-search-result__meta') !== null")


def missing_words(page) -> list[str]:
    return page.eval_on_selector_all(".md-search-result__terms del", "els => els.map(e => e.textContent.trim())")


def test_a_question_lands_on_the_answer_and_stop_words_are_never_missing(watched, url: str) -> None:
    open_home(watched, url)
    links = shown(watched, "can i accept the friend request from a pupil")
    assert links[0] == "topics/friend-requests-students/"
    assert not STOP_WORDS_TYPED & set(missing_words(watched))
    # Only stop words: nothing to look for, and no error.
    assert shown(watched, "can the a") == []
    assert "No matching" in watched.text_content(".md-search-result__meta")


def test_a_thesaurus_synonym_and_a_topic_synonym_find_what_the_text_says(watched, url: str) -> None:
    open_home(watched, url)
    # "pupil" is in no page; the rules say "students".
    links = shown(watched, "pupil")
    assert any(link.startswith("institutions/") and "#" in link for link in links), links
    assert "pupil" not in missing_words(watched)
    # "unfriend" is a synonym of the friend-requests topic only.
    assert shown(watched, "unfriend")[0] == "topics/friend-requests-students/"


def test_results_holding_every_word_come_before_those_holding_some(watched, url: str) -> None:
    open_home(watched, url)
    links = [link for link in shown(watched, "students written permission") if link != "institutions/alpha/"]  # the page heading of its group
    # The answer (the topic page that quotes the rule), then the rule that holds all three words.
    assert links[:2] == ["topics/texting/", "institutions/alpha/#alpha-2"], links
    # The worker's score is the number of words (or synonyms) an entry holds, plus a fraction for relevance.
    best = watched.eval_on_selector_all(
        ".md-search-result__item",
        "items => items.map(i => Math.max(...[...i.querySelectorAll('article')].map(a => Math.floor(parseFloat(a.dataset.mdScore)))))")
    assert best[0] == 3 and best == sorted(best, reverse=True), best


@pytest.mark.parametrize(("chosen", "other"), [("Alpha", "beta"), ("Beta", "alpha")])
def test_the_remembered_institution_ranks_first_among_rules(watched, url: str, chosen: str, other: str) -> None:
    open_home(watched, url)
    watched.evaluate("tabs => __md_set('__tabs', tabs)", [chosen, "Someone else"])
    open_home(watched, url)
    links = shown(watched, "friend students")
    assert links[0] == "topics/friend-requests-students/"
    institutions = [link.split("/")[1] for link in links if link.startswith("institutions/")]
    assert institutions[0] == chosen.lower() and other in institutions, links


def test_q_opens_search_and_results_highlight_on_the_page(watched, url: str) -> None:
    watched.goto(url + "?q=texting+permission", wait_until="load")
    watched.wait_for_selector(".md-search-result__item a[href*='alpha-2']", timeout=15000)
    assert watched.input_value(".md-search__input") == "texting permission"
    watched.click(".md-search-result__item a[href*='alpha-2']")
    watched.wait_for_url("**/institutions/alpha/?h=*#alpha-2")
    assert "h=" in watched.url
    watched.wait_for_selector("mark[data-md-highlight]", timeout=15000)
    marks = watched.eval_on_selector_all("mark[data-md-highlight]", "els => els.map(e => e.textContent.toLowerCase())")
    assert "permission" in marks and "text" in marks, marks


def test_lunr_syntax_keeps_working_or_reads_as_plain_words(watched, url: str) -> None:
    open_home(watched, url)
    assert "topics/texting/" in shown(watched, "+texting")[:1]
    assert "topics/texting/" in shown(watched, '"written permission"')[:1]
    assert "topics/texting/" in shown(watched, "title:texting^2 perm*")[:1]
    excluded = shown(watched, "students -friend")
    assert excluded and not any(link.endswith(("#alpha-1", "#beta-a")) for link in excluded), excluded
    for odd in ['"unclosed', "***", "-", "+", "~1", "texting~", "a:b:c", "(students)"]:
        shown(watched, odd)
    assert watched.evaluate("document.querySelector('.md-search-result__meta').textContent")


def test_the_keyboard_and_share_link_still_work(watched, url: str) -> None:
    open_home(watched, url)
    watched.keyboard.press("/")
    watched.keyboard.type("texting")
    watched.wait_for_selector(".md-search-result__item")
    share = watched.get_attribute("[data-md-component=search-share]", "href")
    assert share.endswith("?q=texting")
    watched.keyboard.press("Enter")
    watched.wait_for_url("**/texting/**")


def test_axe_with_the_search_open(watched, url: str) -> None:
    open_home(watched, url)
    shown(watched, "friend request")
    assert axe_violations(watched) == []


def test_offline_search_from_file_urls(browser, tmp_path: Path) -> None:
    site = tmp_path / "offline"
    result = build(site, searchable_data(tmp_path), OFFLINE="true")
    assert result.returncode == 0, result.stderr
    page = browser.new_page()
    watch = PageWatch(page)
    page.goto((site / "index.html").as_uri())
    page.click(".md-search__input")
    page.keyboard.type("pupil texting")
    page.wait_for_selector(".md-search-result__item a[href*='alpha-2']", timeout=15000)
    first = page.get_attribute(".md-search-result__item a", "href")
    assert first.split("?")[0].endswith("topics/texting.html")
    page.click(".md-search-result__item a[href*='alpha-2']")
    page.wait_for_url("**/institutions/alpha.html*#alpha-2")
    assert watch.errors == [] and watch.outside == []
    page.close()


def test_the_worker_and_the_build_analyse_words_alike(browser, fixture_site: Path) -> None:
    """Every word of the built site's search entries and of the real thesaurus: one index term in Python and in JavaScript."""
    docs = json.loads((fixture_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    text = " ".join(d["title"] + " " + d["text"] for d in docs)
    text += " " + (ROOT / "policy_data" / "thesaurus.yaml").read_text(encoding="utf-8")
    text += " " + (ROOT / "policy_data" / "topics.yaml").read_text(encoding="utf-8")
    text += " organisation behaviour centre analysed café naïve Ürün don't students' reporter yelling 2045 e-mail"
    page = browser.new_page()
    page.add_script_tag(path=str(ROOT / "docs" / "assets" / "javascripts" / "search" / "text.js"))
    js = page.evaluate("t => { const w = PolicySearchText.words(t); return [w, w.map(PolicySearchText.term)] }", text)
    words = search_text.words(text)
    assert js[0] == words
    assert js[1] == [search_text.term(w) for w in words]
    page.close()
