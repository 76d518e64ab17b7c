"""The clause pack above `writers.MAX_QUOTED` institutions: the page holds each topic's
heading, question, counts and silent list; each topic's quoted positions are a script
of their own (`policy-writers/clause-pack/topics/<id>.js`) that writers.js loads.

Rendered in-process from the fixture data: the golden case with more than twelve
institutions (test_render_golden's `fourteen_institutions`), and the fixture data
cloned up to exactly twelve. test_pack_scripts_browser.py drives the built site.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from conftest import copy_fixture_data, render_site
from datatools import clone_institution
from test_render_golden import fourteen_institutions

from policykit import load_catalog
from policykit.render import paths, writers

TODAY = dt.date(2026, 11, 23)
SCRIPT = re.compile(r'self\.__policyPack\(("[a-z0-9-]+"),JSON\.parse\(("(?:[^"\\]|\\.)*")\)\);\n')


def script_html(text: str) -> tuple[str, str]:
    """(topic id, HTML) handed to writers.js by one topic script; the whole file is that one call."""
    match = SCRIPT.fullmatch(text)
    assert match, text[:200]
    return json.loads(match.group(1)), json.loads(json.loads(match.group(2)))


def sections(page: str) -> dict[str, str]:
    """Each topic's section of the clause pack's Markdown, by topic id."""
    found = re.findall(r'(<section class="pack-topic" data-topic="([a-z0-9-]+)".*?</section>)', page, flags=re.S)
    return {topic: block for block, topic in found}


def many(tmp_path: Path):
    catalog = load_catalog(fourteen_institutions(tmp_path), root=tmp_path)
    assert len(catalog.institutions) > writers.MAX_QUOTED
    return catalog


def test_above_twelve_the_page_holds_no_positions_and_each_topic_has_its_script(tmp_path: Path) -> None:
    catalog = many(tmp_path)
    pages = render_site(catalog, TODAY)
    page = pages[paths.CLAUSE_PACK]
    assert 'class="pack-position"' not in page and "<blockquote" not in page
    blocks = sections(page)
    assert list(blocks) == [t.id for g in catalog.groups for t in catalog.topics_in(g.id)]
    for t in catalog.topics:
        assert script_html(pages[paths.clause_pack_script(t.id)])[0] == t.id
        positions = catalog.positions_on(t.id)
        addressed = [p for p in positions if p.addressed]
        block = blocks[t.id]
        assert f"{heading_anchor(t.id)}" in block and t.question in block
        if addressed:  # the counts, and where the script goes, with the topic page linked meanwhile
            assert f"{len(addressed)} of {len(positions)} institutions address it" in block
            assert f'data-pack-script="topics/{t.id}.js"' in block
            assert f'<a href="../../topics/{t.id}/">topic page</a>' in block
        silent = [p.institution for p in positions if not p.addressed]
        assert re.search(r'data-silent="([^"]*)"', block).group(1).split() == silent
    scripts = [p for p in pages if p.startswith(paths.CLAUSE_PACK_SCRIPTS + "/")]
    assert sorted(scripts) == sorted(paths.clause_pack_script(t.id) for t in catalog.topics)


def heading_anchor(topic_id: str) -> str:
    return "{ #topic-" + topic_id + " }"


def test_each_script_holds_what_the_inline_page_held_for_its_topic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    catalog = many(tmp_path)
    split = render_site(catalog, TODAY)
    monkeypatch.setattr(writers, "MAX_QUOTED", len(catalog.institutions))
    inline = sections(render_site(catalog, TODAY)[paths.CLAUSE_PACK])
    for t in catalog.topics:
        _, html = script_html(split[paths.clause_pack_script(t.id)])
        block = inline[t.id]
        assert html.rstrip("\n") in block
        assert html.count('<div class="pack-position"') == block.count('<div class="pack-position"')
        rules = [r for p in catalog.positions_on(t.id) for r in p.rules]
        assert re.findall(r'class="cite-url"', html) == ["class=\"cite-url\""] * len(rules)


def test_without_directory_urls_the_script_and_its_links_follow(tmp_path: Path) -> None:
    catalog = many(tmp_path)
    pages = render_site(catalog, TODAY, directory_urls=False)
    t = next(t for t in catalog.topics if any(p.addressed for p in catalog.positions_on(t.id)))
    # The page is policy-writers/clause-pack.html: its scripts are in clause-pack/topics/.
    assert f'data-pack-script="clause-pack/topics/{t.id}.js"' in pages[paths.CLAUSE_PACK]
    _, html = script_html(pages[paths.clause_pack_script(t.id)])
    assert re.findall(r'href="\.\./institutions/[a-z0-9-]+\.html#[a-z0-9-]+" class="cite-url"', html)
    assert ".md" not in html


def test_at_twelve_institutions_the_pack_is_inline(tmp_path: Path) -> None:
    data = copy_fixture_data(tmp_path)
    first = sorted(p.stem for p in (data / "institutions").glob("*.yaml"))[0]
    count = len(list((data / "institutions").glob("*.yaml")))
    for n in range(writers.MAX_QUOTED - count):
        clone_institution(data, first, f"copy-{n:02d}", f"Copy {n:02d}")
    catalog = load_catalog(data, root=tmp_path)
    assert len(catalog.institutions) == writers.MAX_QUOTED
    pages = render_site(catalog, TODAY)
    assert not [p for p in pages if p.endswith(".js")]
    page = pages[paths.CLAUSE_PACK]
    assert "data-pack-script" not in page
    assert page.count('<div class="pack-position"') == sum(1 for t in catalog.topics for p in catalog.positions_on(t.id) if p.addressed)


HOSTILE = ' Never post "</script><script>alert(1)</script>" & co.'


def add_hostile_quote(data: Path) -> None:
    """`HOSTILE` appended to the first rule of the first institution, in its source text too."""
    inst_file = sorted((data / "institutions").glob("*.yaml"))[0]
    text = inst_file.read_text(encoding="utf-8")
    rule_text = re.search(r"^    text: (.+)$", text, flags=re.M).group(1)
    source = data / "sources" / re.search(r"^  source: (\S+)$", text, flags=re.M).group(1)
    source.write_text(source.read_text(encoding="utf-8").replace(rule_text, rule_text + HOSTILE, 1), encoding="utf-8")
    inst_file.write_text(text.replace(f"    text: {rule_text}\n", f"    text: '{rule_text}{HOSTILE}'\n", 1), encoding="utf-8")


def test_a_quote_with_script_end_and_quotes_stays_text_in_its_script(tmp_path: Path) -> None:
    data = fourteen_institutions(tmp_path)
    add_hostile_quote(data)
    catalog = load_catalog(data, root=tmp_path)
    rule = next(r for r in catalog.rules if HOSTILE in r.text)
    pages = render_site(catalog, TODAY)
    script = pages[paths.clause_pack_script(rule.topics[0])]
    assert "<" not in script  # nothing in the file can end a script element or open a tag
    _, html = script_html(script)
    assert "&quot;&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot; &amp; co." in html
    assert "<script" not in html and "</script" not in html
