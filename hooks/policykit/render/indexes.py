"""The index pages: every institution (with status and review date), every topic by group."""

from __future__ import annotations

import datetime as dt

from policykit.model import Catalog
from policykit.render.md import esc, front_matter, heading, link, rel, table_row
from policykit.render.paths import INSTITUTIONS_INDEX, TOPICS_INDEX, institution_path, topic_path
from policykit.render.review import review_state


def institutions_index(cat: Catalog, today: dt.date) -> str:
    page = INSTITUTIONS_INDEX
    out = [
        front_matter(title="Institutions", description="Every institution's social-media policy, with its status and review date."),
        heading(1, "Institutions"),
        f"{len(cat.institutions)} institutions. Each page quotes every rule of the policy word for word, in the "
        "document's own order. Type in the filter to narrow the list.\n",
        '<p class="list-filter" hidden><label for="institution-filter">Filter institutions</label> '
        '<input type="search" id="institution-filter" data-filter-table="institution-list" autocomplete="off" '
        'placeholder="Name, country, status..."></p>\n',
        '<div class="institution-list" id="institution-list" markdown>\n',
        "| Institution | Where | Document | Status | Review | Rules |",
        "|---|---|---|---|---|---|",
    ]
    for inst in cat.institutions:
        doc = inst.document
        out.append(
            table_row(
                [
                    link(f"{inst.name} ({inst.short_name})", rel(page, institution_path(inst.id))),
                    esc(f"{inst.region}, {inst.country}"),
                    esc(doc.title),
                    doc.status.label,
                    esc(review_state(inst, today)),
                    str(len(inst.rules)),
                ]
            )
        )
    out.append("\n</div>\n")
    return "\n".join(out)


def topics_index(cat: Catalog) -> str:
    page = TOPICS_INDEX
    out = [
        front_matter(title="Topics", description="The questions staff ask, each answered for every institution."),
        heading(1, "Topics"),
        "The questions staff ask, grouped. Each topic page answers its question for every institution and "
        "quotes the rules behind each answer.\n",
    ]
    for group, topics in cat.grouped_topics():
        out.append(heading(2, esc(group.title), group.id))
        if group.description:
            out.append(f"{esc(group.description)}\n")
        out.extend(f"- {link(t.title, rel(page, topic_path(t.id)))}: {esc(t.question)}" for t in topics)
        out.append("")
    return "\n".join(out)
