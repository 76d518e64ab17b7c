"""The comparison matrix: topic rows (grouped) by institution columns."""

from __future__ import annotations

import json

from policykit.model import Catalog, Stance
from policykit.render.md import badge, esc, html_attr, front_matter, heading, link, rel, table_row
from policykit.render.fragments import stance_legend
from policykit.render.paths import COMPARE, COMPARISON_CSV, POLICIES_JSON, institution_path, topic_path


def compare_page(cat: Catalog) -> str:
    page = COMPARE
    header = ["Topic"] + [
        f'<span class="inst-col" data-inst="{inst.id}">{link(inst.short_name, rel(page, institution_path(inst.id)))}</span>'
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
        '<div class="compare-matrix" markdown>\n',
        table_row(header),
        table_row(["---"] * len(header)),
    ]
    for group, topics in cat.grouped_topics():
        out.append(table_row([f'<span class="group-label" data-group="{group.id}">{esc(group.title)}</span>'] + [""] * len(cat.institutions)))
        for t in topics:
            cells = [link(t.title, rel(page, topic_path(t.id)))]
            for inst in cat.institutions:
                p = inst.position(t.id)
                cells.append(f"{badge(p.stance, hover=False)} {link(p.summary, rel(page, topic_path(t.id), inst.id))}")
            out.append(table_row(cells))
    out.append("\n</div>\n")
    out.append(
        f"Download: {link('comparison.csv', COMPARISON_CSV)} (this table as a spreadsheet) · "
        f"{link('policies.json', POLICIES_JSON)} (all the data).\n"
    )
    return "\n".join(out)


def compare_filters() -> str:
    """The empty box policy.js fills with the filters; the stance options come from `Stance`."""
    stances = json.dumps({s.value: s.label for s in Stance})
    return f'<div class="compare-filters" data-compare-filters data-stances="{html_attr(stances)}" hidden></div>\n'
