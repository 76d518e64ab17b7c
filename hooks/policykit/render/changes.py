"""The "What changed" page: each institution's recorded changes of meaning, newest first."""

from __future__ import annotations

from policykit.model import Catalog, format_date, period_end
from policykit.render.institution import rule_label
from policykit.render.md import esc, front_matter, heading, link, rel
from policykit.render.paths import CHANGES, institution_path


def changes_page(cat: Catalog) -> str:
    page = CHANGES
    out = [
        front_matter(title="What changed", description="Changes to the data that alter what a rule means, newest first."),
        heading(1, "What changed"),
        "Changes to this site's data that alter what a rule means, newest first for each institution. "
        "Typo fixes and new search words are not listed.\n",
    ]
    for inst in cat.institutions:
        out.append(heading(2, esc(inst.short_name), inst.id))
        if not inst.history:
            out.append("No changes recorded since the data was first captured.\n")
            continue
        for change in sorted(inst.history, key=lambda c: (period_end(c.date), c.rule), reverse=True):
            rule = cat.rule(change.rule)
            out.append(f"- **{esc(format_date(change.date))}**, {link(rule_label(inst, rule), rel(page, institution_path(inst.id), rule.id))}: {esc(change.change)}")
        out.append("")
    return "\n".join(out)
