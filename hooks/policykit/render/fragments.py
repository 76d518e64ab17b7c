"""Generated pieces for hand-written pages, by marker (`<!-- policy:NAME -->`):
the stance legend (also on the compare page), the counts and the institution cards of the home page."""

from __future__ import annotations

import datetime as dt

from policykit.model import Catalog, Stance
from policykit.render.md import badge, esc, html_text, link, rel, table_row
from policykit.render.paths import INSTITUTIONS_INDEX, institution_path

# Above this many institutions the home page links to the index instead of showing a card each.
MAX_CARDS = 12


def stance_legend() -> str:
    """What each badge means, in words (never colour alone), with the wording that usually decides it."""
    items = "\n".join(f"<li>{badge(s)} {html_text(s.meaning)}</li>" for s in Stance)
    rows = ["| Badge | Means | Usual wording |", "|---|---|---|"]
    rows.extend(table_row([badge(s), esc(s.meaning), esc(s.usual_wording)]) for s in Stance)
    table = "\n".join("    " + r for r in rows)
    return (
        f'<ul class="stance-legend" aria-label="What the badges mean">\n{items}\n</ul>\n\n'
        '??? info "How this site judges a stance"\n'
        "    The site reads each rule's wording with its context (definitions, footnotes, the document's own FAQ). "
        "Where a footnote or FAQ turns a \"should not\" into a prohibition, the rule's notes say which words decided it.\n\n"
        f"{table}\n"
    )


def counts(cat: Catalog) -> str:
    rules = sum(len(i.rules) for i in cat.institutions)
    return (
        f"{len(cat.institutions)} institutions · {len(cat.topics)} topics · {rules} rules quoted word for word · "
        f"{len(cat.templates)} template replies\n"
    )


def institution_cards(cat: Catalog, page: str, today: dt.date) -> str:
    """Cards for the home page (Material grid cards), or a link to the index when there are many."""
    if len(cat.institutions) > MAX_CARDS:
        return f"{len(cat.institutions)} institutions: {link('browse and filter the list', rel(page, INSTITUTIONS_INDEX))}.\n"
    items = []
    for inst in cat.institutions:
        doc = inst.document
        flags = ["**Draft**" if doc.is_draft else "Adopted"]
        if doc.review_overdue(today):
            flags.append("**Overdue for review**")
        items.append(
            f"-   **{link(inst.name, rel(page, institution_path(inst.id)))}**\n\n"
            f"    ---\n\n"
            f"    {esc(inst.short_name)} · {esc(inst.region)}, {esc(inst.country)}\n\n"
            f"    {esc(doc.title)} · {' · '.join(flags)} · {len(inst.rules)} rules\n"
        )
    return '<div class="grid cards" markdown>\n\n' + "\n".join(items) + "\n</div>\n"
