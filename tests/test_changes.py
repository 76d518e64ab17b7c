"""What changed (page, institution pages, Atom feed), see-also both ways, suggestions,
and the serve caches (files by content, pages by inputs) giving what a fresh build gives.

In-process on the fixture data with history entries of every kind added; one real
build checks that /changes.xml parses as Atom and its links resolve.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import copy_fixture_data, edit
from datatools import clone_institution
from sitecheck import read_site, resolve

from policykit import PolicyDataError, load_catalog
from policykit.cache import ReadCache
from policykit.render import RenderMemo, build_pages
from policykit.render import writers
from policykit.render.diff import word_diff
from policykit.suggest import suggest_see_also

ATOM = "{http://www.w3.org/2005/Atom}"
TODAY = dt.date(2026, 11, 30)
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")

OLD_WORDING = "Photos of pupils may be posted with consent."
HISTORY = f"""
  - date: 2025-06-02
    kind: changed
    rule: alpha-3
    old_text: {OLD_WORDING}
    old_stance: permitted
    change: Posting photos is now prohibited without consent.
  - date: 2025-06-02
    kind: removed
    rule: alpha-9
    old_ref: "9"
    old_title: Blogging
    old_text: Staff may keep a class blog <b>with</b> approval.
    change: The blogging rule was dropped.
  - date: 2025-07
    kind: added
    rule: alpha-1
    change: A new rule on friend requests.
"""


@pytest.fixture
def data(tmp_path: Path) -> Path:
    d = copy_fixture_data(tmp_path)
    alpha = d / "institutions" / "alpha.yaml"
    alpha.write_text(alpha.read_text(encoding="utf-8").rstrip("\n") + HISTORY, encoding="utf-8")
    edit(d / "institutions" / "beta.yaml", "region: South\n", "region: South\nadded: 2025-09-01\n")
    edit(d / "topics.yaml", "  - id: texting\n", "  - id: texting\n    added: 2025-08-15\n")
    return d


def pages_of(data: Path, **kw) -> dict[str, str]:
    cat = load_catalog(data, root=data.parent)
    return {p.path: p.text for p in build_pages(cat, today=TODAY, **kw)}


def test_word_diff_marks_deletions_and_insertions_accessibly() -> None:
    html = word_diff("Staff must not text pupils.", "Staff must not text <b>students</b>.")
    assert html.startswith("Staff must not text ")
    assert '<del><span class="sr-only">[removed: </span>pupils<span class="sr-only">]</span></del>' in html
    assert '<ins><span class="sr-only">[added: </span>&lt;b&gt;students&lt;/b&gt;<span class="sr-only">]</span></ins>' in html
    assert "<b>" not in html
    assert word_diff("Same words.", "Same words.") == "Same words."


def test_changes_page_shows_every_kind_newest_first(data: Path) -> None:
    page = pages_of(data)["changes.md"]
    order = [page.index(s) for s in ("New institution: Beta School", "New topic:", "New rule: Alpha 1", "Wording changed: Alpha 3", "Meaning changed: Alpha 2")]
    assert order == sorted(order)
    assert "Rule removed: Alpha 9 · Blogging" in page
    assert "Staff may keep a class blog &lt;b&gt;with&lt;/b&gt; approval." in page  # the removed rule's old wording, inert
    assert "[removed: </span>pupils" in page and "[added: </span>students" in page
    assert "2 June 2025" in page and "July 2025" in page and "1 September 2025" in page
    assert "(changes.xml)" in page


def test_institution_page_shows_a_rules_history_and_its_removed_rules(data: Path) -> None:
    page = pages_of(data)["institutions/alpha.md"]
    rule3 = page[page.index("{ #alpha-3 }") :]
    assert "<strong>Wording changed</strong> (2 June 2025)" in rule3 and "<del>" in rule3 and "<ins>" in rule3
    removed = page[page.index("{ #removed-rules") :]
    assert "{ #alpha-9" in removed and "Staff may keep a class blog &lt;b&gt;with&lt;/b&gt; approval." in removed


def test_history_needs_old_wording_and_a_removed_rule_gone(data: Path) -> None:
    alpha = data / "institutions" / "alpha.yaml"
    edit(alpha, f"    old_text: {OLD_WORDING}\n", "")
    edit(alpha, "    rule: alpha-9\n", "    rule: alpha-2\n")
    with pytest.raises(PolicyDataError) as err:
        load_catalog(data, root=data.parent)
    text = err.value.summary()
    assert "history[1]: expected old_text (the wording before, quoted from the earlier source) for kind 'changed'; found none" in text
    assert "history[2].rule: expected the id of a rule no longer in the data for kind 'removed'; found 'alpha-2', a current rule" in text


def parse_feed(text: str) -> ET.Element:
    feed = ET.fromstring(text.encode("utf-8"))
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{name}") is not None, name
    assert RFC3339.fullmatch(feed.findtext(f"{ATOM}updated"))
    for entry in feed.findall(f"{ATOM}entry"):
        assert entry.findtext(f"{ATOM}id").startswith("urn:uuid:")
        assert entry.findtext(f"{ATOM}title")
        assert RFC3339.fullmatch(entry.findtext(f"{ATOM}updated"))
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None
    return feed


def test_feed_is_atom_deterministic_with_stable_ids(data: Path) -> None:
    relative = pages_of(data)["changes.xml"]
    assert relative == pages_of(data)["changes.xml"]
    feed = parse_feed(relative)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 6
    assert feed.findtext(f"{ATOM}updated") == "2025-09-01T00:00:00Z"
    links = [e.find(f"{ATOM}link").get("href") for e in entries]
    assert all(not h.startswith(("http", "/")) for h in links) and "institutions/alpha/#alpha-3" in links
    absolute = parse_feed(pages_of(data, site_url="https://policies.example.org/handbook/")["changes.xml"])
    assert all(e.find(f"{ATOM}link").get("href").startswith("https://policies.example.org/handbook/") for e in absolute.findall(f"{ATOM}entry"))
    assert [e.findtext(f"{ATOM}id") for e in entries] == [e.findtext(f"{ATOM}id") for e in absolute.findall(f"{ATOM}entry")]
    assert len({e.findtext(f"{ATOM}id") for e in entries}) == len(entries)
    content = next(e.findtext(f"{ATOM}content") for e in entries if "Wording changed" in e.findtext(f"{ATOM}title"))
    assert "<del>" in content and "sr-only" not in content


def test_see_also_both_ways(data: Path) -> None:
    edit(data / "institutions" / "alpha.yaml", "    see_also: [beta-a]\n", "")
    cat = load_catalog(data, root=data.parent)
    assert [r.id for r in cat.cited_by("alpha-1")] == ["beta-a"]
    assert cat.cited_by("beta-a") == ()
    page = {p.path: p.text for p in build_pages(cat, today=TODAY)}["institutions/alpha.md"]
    block = page[page.index("{ #alpha-1 }") : page.index("{ #alpha-2 }")]
    assert '<strong>Compared from:</strong> <a href="../beta/#beta-a">Beta A · No friending</a>' in block


def test_suggestions_share_a_topic_same_stance_first(data: Path) -> None:
    cat = load_catalog(data, root=data.parent)
    for rule in cat.rules:
        found = suggest_see_also(cat, rule)
        for s in found:
            assert s.rule.institution != rule.institution and s.rule.id not in rule.see_also
            assert set(s.shared) == set(rule.topics) & set(s.rule.topics) and s.shared
        stances = [not s.same_stance for s in found]
        assert stances == sorted(stances)


@pytest.mark.parametrize("clones", [0, 3, writers.MAX_QUOTED])
def test_caches_give_what_a_fresh_build_gives(data: Path, clones: int) -> None:
    """Each edit, read and rendered through the serve caches, equals a fresh load and render;
    also above `writers.MAX_QUOTED` institutions, where pages change layout and share parts."""
    for n in range(clones):  # copies of beta: many institutions silent on the same topics
        clone_institution(data, "beta", f"copy-{n:02d}", f"Copy {n:02d}")
    reads, memo = ReadCache(), RenderMemo()

    def cached() -> dict[str, str]:
        cat = load_catalog(data, root=data.parent, cache=reads)
        return {p.path: p.text for p in build_pages(cat, today=TODAY, memo=memo)}

    assert cached() == pages_of(data)
    assert cached() == pages_of(data) and reads.hits > 0 and memo.reused > 0
    edits = [
        (data / "institutions" / "beta.yaml", "title: No friending", "title: No friending at all"),  # shown on alpha's page (see_also)
        (data / "topics.yaml", "title: Text messages\n", "title: Texts and calls\n"),
        (data / "institutions" / "alpha.yaml", "summary: Not without consent.", "summary: Never without consent."),
        (data / "sources" / "alpha.txt", "Photos of students", "Photos of all students"),
        # Beta stops being silent on texting: its gaps change, and alpha's page now quotes it there.
        (data / "institutions" / "beta.yaml", "  texting:\n    stance: not-addressed\n    summary: The guidance does not mention texting.",
         "  texting:\n    stance: prohibited\n    summary: No texts.\n    rules: [beta-a]"),
        (data / "institutions" / "beta.yaml", "    topics: [friend-requests-students]", "    topics: [friend-requests-students, texting]"),
    ]
    for path, old, new in edits:
        edit(path, old, new)
        try:
            fresh = pages_of(data)
        except PolicyDataError as exc:  # the source edit breaks a quote: both ways report it
            with pytest.raises(PolicyDataError) as again:
                cached()
            assert again.value.summary() == exc.summary()
            continue
        assert cached() == fresh, f"after editing {path.name}"


def test_built_feed_parses_as_atom_and_its_links_resolve(built_site: Path) -> None:
    # The shared real build has no site URL, so the feed's links are relative to it.
    site = built_site
    feed = parse_feed((site / "changes.xml").read_text(encoding="utf-8"))
    pages = read_site(site)
    for link in feed.iter(f"{ATOM}link"):
        target, anchor = resolve(site, "changes.xml", link.get("href"))
        assert target is not None, link.get("href")
        assert (site / target).is_file(), target
        if anchor and target in pages:
            assert anchor in pages[target].ids, f"{target}#{anchor}"
    assert 'href="../changes.xml"' in (site / "changes" / "index.html").read_text(encoding="utf-8")
