"""The comparison matrix: topic rows (grouped) by institution columns."""

from __future__ import annotations

import json
from typing import Any

from policykit.model import Catalog, Stance
from policykit.render.md import badge, html_attr, front_matter, heading, html_link, html_table, html_text, link, raw_block, rel
from policykit.render.fragments import stance_legend
from policykit.render.paths import COMPARE, COMPARISON_CSV, POLICIES_JSON, institution_path, topic_path


def page_inputs(cat: Catalog) -> tuple[Any, ...]:
    """Everything `compare_page` reads: with equal inputs the page is the same (see `RenderMemo`)."""
    return (cat.groups, cat.topics, tuple((i.id, i.short_name, i.document.is_draft, i.positions) for i in cat.institutions))


def compare_page(cat: Catalog) -> str:
    page = COMPARE
    header = ["Topic"] + [
        f'<span class="inst-col" data-inst="{inst.id}">{html_link(inst.short_name, rel(page, institution_path(inst.id)))}</span>'
        + ('<br><span class="draft-flag">draft</span>' if inst.document.is_draft else "")
        for inst in cat.institutions
    ]
    out = [
        front_matter(
            title="Compare the policies",
            description="Every topic by every institution: stance and one-line summary.",
            search={"exclude": True},
            hide=["navigation", "toc"],
        ),
        heading(1, "Compare the policies"),
        "One row per topic, one column per institution. Each cell gives the stance and this site's one-line "
        "summary, and links to that institution's answer, with the rules quoted, on the topic page. "
        "Summaries and stances are the site's reading, not the policies' words; no school is graded.\n",
        stance_legend(),
        compare_filters(),
    ]
    rows = []
    for group, topics in cat.grouped_topics():
        rows.append([f'<span class="group-label" data-group="{group.id}">{html_text(group.title)}</span>'] + [""] * len(cat.institutions))
        for t in topics:
            cells = [html_link(t.title, rel(page, topic_path(t.id)))]
            for inst in cat.institutions:
                p = inst.position(t.id)
                cells.append(f"{badge(p.stance, hover=False)} {html_link(p.summary, rel(page, topic_path(t.id), inst.id))}")
            rows.append(cells)
    out.append(raw_block(f'<div class="compare-matrix">\n{html_table(header, rows)}\n</div>'))
    out.append(
        f"Download: {link('comparison.csv', COMPARISON_CSV)} (this table as a spreadsheet) · "
        f"{link('policies.json', POLICIES_JSON)} (all the data).\n"
    )
    return "\n".join(out)


def compare_filters() -> str:
    """The empty box policy.js fills with the filters; the stance options come from `Stance`."""
    stances = json.dumps({s.value: s.label for s in Stance})
    return f'<div class="compare-filters" data-compare-filters data-stances="{html_attr(stances)}" hidden></div>\n'
