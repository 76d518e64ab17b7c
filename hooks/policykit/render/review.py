"""The review status page: every policy's dates, overdue ones first."""

from __future__ import annotations

import datetime as dt

from policykit.model import Catalog, Institution, format_date, period_end
from policykit.render.md import esc, front_matter, heading, link, rel, table_row
from policykit.render.paths import REVIEW, institution_path


def review_state(inst: Institution, today: dt.date) -> str:
    doc = inst.document
    if not doc.review_due:
        return "No review date printed"
    due = format_date(doc.review_due)
    return f"Overdue: review was due {due}" if doc.review_overdue(today) else f"Review due {due}"


def review_page(cat: Catalog, today: dt.date) -> str:
    page = REVIEW
    overdue = [i for i in cat.institutions if i.document.review_overdue(today)]
    out = [
        front_matter(title="Review status", description="Every policy's dates, and which are past their review date."),
        heading(1, "Review status"),
        f"Checked on {today.day} {today:%B %Y}. Past the review date they print: {len(overdue)} of "
        f"{len(cat.institutions)} policies. A policy past its review date may still be in force, or may have been "
        "replaced: check with its owner.\n",
        '<div class="review-table" markdown>\n',
        "| Institution | Document | Status | Issued | Last reviewed | Approved | Review due | Review |",
        "|---|---|---|---|---|---|---|---|",
    ]
    ordered = sorted(cat.institutions, key=lambda i: (not i.document.review_overdue(today), i.short_name.casefold()))
    for inst in ordered:
        doc = inst.document
        last = max(doc.reviewed, key=period_end) if doc.reviewed else None
        state = review_state(inst, today)
        out.append(
            table_row(
                [
                    link(inst.short_name, rel(page, institution_path(inst.id))),
                    esc(doc.title),
                    "**Draft**" if doc.is_draft else "Adopted",
                    esc(format_date(doc.issued)),
                    esc(format_date(last)),
                    esc(format_date(doc.approved)),
                    esc(format_date(doc.review_due)),
                    f'<span class="review-overdue">{esc(state)}</span>' if doc.review_overdue(today) else esc(state),
                ]
            )
        )
    out.append("\n</div>\n")
    return "\n".join(out)
