"""The policy writers' pages on fixture data with more institutions than five (issue 15).

`many_institutions` copies the fixture data and adds institutions cloned from
its own, with new ids, names, sources and some positions made silent, plus a
topic no institution addresses; the loader accepts the result like any data.
These tests run the renderers in-process; test_writers_browser.py builds the
site from the same data and drives it in chromium.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml
from conftest import copy_fixture_data

from policykit import load_catalog
from policykit.render import build_pages
from policykit.render.cite import citation
from policykit.render.wording import STRENGTH
from policykit.yamlio import load_yaml

TODAY = dt.date(2026, 11, 23)
HEAD = "# yaml-language-server: $schema=../schema/institution.schema.json\n"
QUIET_TOPIC = "quiet-topic"


def _dump(path: Path, data: dict) -> None:
    path.write_text(HEAD + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


def _clone(doc: dict, k: int) -> dict:
    """Institution `doc` as a new one, number k: new id, names, source, rule ids; some topics silent."""
    old, new = doc["id"], f"extra{k}"

    def rid(rule_id: str) -> str:
        return new + rule_id[len(old):]

    doc = yaml.safe_load(yaml.safe_dump(doc))
    doc.update(id=new, name=f"Extra School {k}", short_name=f"Extra {k}")
    doc["document"]["source"] = f"{new}.txt"
    doc["document"]["title"] = f"Extra School {k} policy"
    for r in doc["rules"]:
        r["id"] = rid(r["id"])
    for f in doc.get("faq") or []:
        f["id"] = rid(f["id"])
        f["rules"] = [rid(x) for x in f["rules"]]
    for h in doc.get("history") or []:
        h["rule"] = rid(h["rule"])
    for i, (topic, p) in enumerate(doc["positions"].items()):
        p["rules"] = [rid(x) for x in p.get("rules") or []]
        if p["stance"] != "not-addressed" and (i + k) % 3 == 0:
            doc["positions"][topic] = {"stance": "not-addressed", "summary": f"Extra School {k} says nothing on this."}
    return doc


def many_institutions(dest: Path, count: int = 8) -> Path:
    """The fixture data with `count` institutions in all, and a topic nobody addresses."""
    data = copy_fixture_data(dest)
    topics_file = data / "topics.yaml"
    topics = load_yaml(topics_file, "topics.yaml")[0]
    group = topics["groups"][-1]["id"]
    topics["topics"].append({"id": QUIET_TOPIC, "group": group, "title": "A quiet topic",
                             "question": "Does anyone say anything about this?", "description": "Nobody does."})
    topics_file.write_text("# yaml-language-server: $schema=schema/topics.schema.json\n" + yaml.safe_dump(topics, sort_keys=False), encoding="utf-8")
    originals = [load_yaml(p, p.name)[0] for p in sorted((data / "institutions").glob("*.yaml"))]
    for doc in originals:
        doc["positions"][QUIET_TOPIC] = {"stance": "not-addressed", "summary": "Silent."}
        _dump(data / "institutions" / f"{doc['id']}.yaml", doc)
    for k in range(1, count - len(originals) + 1):
        base = originals[k % len(originals)]
        copy = _clone(base, k)
        (data / "sources" / copy["document"]["source"]).write_bytes((data / "sources" / base["document"]["source"]).read_bytes())
        _dump(data / "institutions" / f"{copy['id']}.yaml", copy)
    return data


def pages_for(tmp_path: Path, count: int = 8):
    data = many_institutions(tmp_path, count)
    catalog = load_catalog(data, root=tmp_path)
    return catalog, rendered(catalog)


def rendered(catalog) -> dict[str, str]:
    """{docs-relative path: text} of every generated page."""
    return {p.path: p.text for p in build_pages(catalog, today=TODAY)}


def build_site(data: Path, site: Path):
    """A real build of the project's mkdocs.yml from `data`, strict but for the home page.

    The hand-written home page links the real topics by id (`topics/texting.md`), which
    fixture data lacks; every other warning fails the build's caller.
    """
    import os
    import subprocess
    import sys

    from conftest import ROOT

    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1795392000", "POLICY_DATA": str(data)}
    cmd = [sys.executable, "-m", "mkdocs", "build", "--no-strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)]
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    home = re.compile(r"^WARNING -  Doc file 'index\.md' contains a link 'topics/[a-z0-9-]+\.md', but the target is not found")
    others = [ln for ln in result.stderr.splitlines() if ln.startswith(("WARNING", "ERROR")) and not home.match(ln)]
    return result, others


# -- the not-covered section ---------------------------------------------------------


def section(text: str) -> str:
    """The not-covered section of an institution page's Markdown."""
    start = text.index("## What this policy does not cover { #not-covered")
    return text[start:]


def test_every_institution_page_lists_exactly_its_silent_topics(tmp_path: Path) -> None:
    catalog, pages = pages_for(tmp_path)
    assert len(catalog.institutions) > 5
    for inst in catalog.institutions:
        listed = re.findall(r'data-topic="([a-z0-9-]+)"', section(pages[f"institutions/{inst.id}.md"]))
        silent = [t.id for t in catalog.topics if not inst.position(t.id).addressed]
        assert listed == silent, inst.id


def test_each_gap_quotes_and_links_every_other_institution_that_addresses_it(tmp_path: Path) -> None:
    catalog, pages = pages_for(tmp_path)
    for inst in catalog.institutions:
        text = section(pages[f"institutions/{inst.id}.md"])
        for block in re.split(r'(?=<details class="gap")', text)[1:]:
            topic = re.search(r'data-topic="([a-z0-9-]+)"', block).group(1)
            for other in catalog.institutions:
                p = other.position(topic)
                if other.id == inst.id or not p.addressed:
                    continue
                assert f'href="../../topics/{topic}/#{other.id}"' in block
                for rule_id in p.rules:
                    assert f'href="../{other.id}/#{rule_id}"' in block, (inst.id, topic, rule_id)
                    assert f'<span class="cite-text" hidden>{catalog.institution(other.id).name}, ' in block


def test_above_twelve_institutions_a_gap_quotes_one_per_stance_and_counts_the_rest(tmp_path: Path) -> None:
    catalog, pages = pages_for(tmp_path, count=14)
    for inst in catalog.institutions:
        text = section(pages[f"institutions/{inst.id}.md"])
        for block in re.split(r'(?=<details class="gap")', text)[1:]:
            topic = re.search(r'data-topic="([a-z0-9-]+)"', block).group(1)
            others = [p for p in catalog.positions_on(topic) if p.addressed and p.institution != inst.id]
            firsts = [next(p for p in others if p.stance == s) for s in {p.stance for p in others}]
            assert block.count('<blockquote class="quote">') == sum(len(p.rules) for p in firsts)
            for p in firsts:  # the first of each stance: its answer on the topic page and each rule
                assert f'href="../../topics/{topic}/#{p.institution}"' in block
                assert all(f'href="../{p.institution}/#{r}"' in block for r in p.rules)
            rest = len(others) - len(firsts)
            if rest:  # the rest counted, with the pages that quote them all
                assert f"<strong>{rest} more address it:</strong>" in block
                assert f'href="../../topics/{topic}/"' in block and 'href="../../policy-writers/clause-pack/#topic-' in block
            others_linked = {p.institution for p in others} - {p.institution for p in firsts}
            assert not any(f'href="../../topics/{topic}/#{i}"' in block for i in others_linked)


def test_a_topic_nobody_addresses_says_so(tmp_path: Path) -> None:
    catalog, pages = pages_for(tmp_path)
    for inst in catalog.institutions:
        text = section(pages[f"institutions/{inst.id}.md"])
        line = next(ln for ln in text.splitlines() if f'data-topic="{QUIET_TOPIC}"' in ln)
        assert line.startswith("{ .gap-none")
        before = text.splitlines()[text.splitlines().index(line) - 1]
        assert f"](../topics/{QUIET_TOPIC}.md)" in before and "no other institution on this site addresses it either" in before


def test_an_institution_silent_on_nothing_says_so(tmp_path: Path) -> None:
    # The fixture data as it is: alpha addresses each of its topics.
    catalog = load_catalog(copy_fixture_data(tmp_path / "plain"), root=tmp_path)
    text = section(rendered(catalog)["institutions/alpha.md"])
    assert "takes a position on every one of the 3 topics" in text and "<details" not in text


# -- the page for policy writers -----------------------------------------------------


def writer_block(text: str, topic: str) -> str:
    """One topic's part of the writers page, up to the next topic's."""
    return next(b for b in text.split('<div class="writer-topic"')[1:] if b.startswith(f' data-topic="{topic}"'))


def test_writers_page_counts_every_stance_and_names_the_silent(tmp_path: Path) -> None:
    catalog, pages = pages_for(tmp_path)
    text = pages["policy-writers/index.md"]
    for topic in catalog.topics:
        block = writer_block(text, topic.id)
        positions = catalog.positions_on(topic.id)
        silent = [p.institution for p in positions if not p.addressed]
        assert f"{len(positions) - len(silent)} of {len(positions)} institutions address it" in block
        for stance in {p.stance for p in positions}:
            n = sum(1 for p in positions if p.stance == stance)
            assert f'data-stance="{stance}">' in block and f"</span> {n}" in block
        assert re.search(r'data-silent="([^"]*)"', block).group(1).split() == silent
        for inst_id in silent:
            assert f'href="../institutions/{inst_id}/"' in block.split("<strong>Silent:</strong>")[1]


def test_strongest_and_most_permissive_follow_the_stated_order(tmp_path: Path) -> None:
    catalog, pages = pages_for(tmp_path)
    text = pages["policy-writers/index.md"]
    assert ", ".join(STRENGTH) in text  # the order is stated on the page
    for topic in catalog.topics:
        block = writer_block(text, topic.id)
        addressed = [p for p in catalog.positions_on(topic.id) if p.addressed]
        if not addressed:
            assert "No institution on this site addresses this topic." in block
            continue
        strongest = min(addressed, key=lambda p: STRENGTH.index(p.stance))
        weakest = max(addressed, key=lambda p: STRENGTH.index(p.stance))
        quoted = re.findall(r'<strong><a href="\.\./institutions/([a-z0-9-]+)/">', block)
        assert quoted[0] == strongest.institution
        if strongest.stance != weakest.stance:
            assert "<strong>Most permissive wording</strong>" in block and quoted[-1] in {p.institution for p in addressed if p.stance == weakest.stance}


# -- the clause pack and citations ---------------------------------------------------


def test_clause_pack_quotes_every_rule_of_every_position(tmp_path: Path) -> None:
    catalog, pages = pages_for(tmp_path)
    text = pages["policy-writers/clause-pack.md"]
    for topic in catalog.topics:
        start = text.index(f'<section class="pack-topic" data-topic="{topic.id}"')
        block = text[start : text.index("</section>", start)]
        cited = re.findall(r'<a href="\.\./\.\./institutions/[a-z0-9-]+/#([a-z0-9-]+)" class="cite-url">', block)
        expected = [r for p in catalog.positions_on(topic.id) for r in p.rules]
        assert sorted(cited) == sorted(expected)


def test_citation_names_institution_document_ref_and_latest_date(tmp_path: Path) -> None:
    catalog, _ = pages_for(tmp_path)
    alpha, beta = catalog.institution("alpha"), catalog.institution("beta")
    # alpha: issued 2020-01-15, reviewed 2021-02; beta prints no date and is a draft.
    assert citation(alpha, catalog.rule("alpha-1")) == "Alpha Academy, Alpha Academy Social Media Rules (AA-1), ref. 1, reviewed February 2021"
    assert citation(beta, catalog.rule("beta-a")) == "Beta School, Beta School guidance (draft), ref. A, undated"


def test_data_text_stays_inert_in_the_new_pages(tmp_path: Path) -> None:
    data = many_institutions(tmp_path, 6)
    path = data / "institutions" / "extra1.yaml"
    doc = load_yaml(path, path.name)[0]
    doc["name"] = 'Extra "<script>alert(1)</script>" & Co'
    doc["document"]["title"] = "Rules <b>bold</b> [x](javascript:alert(1))"
    first = next(iter(doc["positions"].values()))
    if first["stance"] != "not-addressed":
        first["summary"] = "<img src=x onerror=alert(1)> *stars*"
    _dump(path, doc)
    catalog = load_catalog(data, root=tmp_path)
    pages = rendered(catalog)
    for name in ("policy-writers/index.md", "policy-writers/clause-pack.md", "institutions/beta.md"):
        # Attributes of block-level tags (md_in_html) are not read as Markdown;
        # a Markdown paragraph's inline HTML is (hence no data text in those).
        text = re.sub(r'^<(div|section) [^\n]*markdown>$', "", pages[name], flags=re.M)
        assert "<script>" not in text and "<b>bold</b>" not in text and "<img src=x" not in text, name
        assert "](javascript:" not in text, name
    # Shown as written: every special character a character reference, in text and in attributes.
    shown = "Extra &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot; &amp; Co"
    assert f'<span class="cite-text">{shown}, Rules &lt;b&gt;' in pages["policy-writers/clause-pack.md"]
    assert any(f'<span class="cite-text" hidden>{shown}' in text for text in pages.values())
