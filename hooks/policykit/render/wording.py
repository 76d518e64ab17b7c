"""How institutions word a topic: rules quoted with their citation and copy buttons.

Shared by the policy writers' pages and the "What this policy does not cover"
section of each institution page. Also holds the site's order of stances from
the strongest to the most permissive wording (a reading of this site, said so
on the pages that use it).

Every quote carries the copy buttons of `policykit.render.cite`.
"""

from __future__ import annotations

from collections.abc import Iterable

from policykit.model import Stance, Catalog, Institution, Position, Rule, Topic
from policykit.render.cite import cite_actions
from policykit.render.institution import rule_label
from policykit.render.md import badge, html_link, html_quote, html_quoted_list, html_text, link, raw_block, rel
from policykit.render.paths import institution_path, topic_path

STRENGTH = ("required", "prohibited", "restricted", "discouraged", "encouraged", "permitted")
"""Stances from the wording that binds staff most to the wording that leaves them most free."""


def strength_words() -> str:
    """The order of `STRENGTH` in words, for the pages that rely on it."""
    return ", ".join(Stance(s).label.lower() for s in STRENGTH)


def by_strength(positions: Iterable[Position]) -> list[Position]:
    """Addressed positions, strongest stance first; institutions keep their order within a stance."""
    return sorted((p for p in positions if p.addressed), key=lambda p: STRENGTH.index(p.stance))


def stance_counts(positions: Iterable[Position]) -> list[tuple[str, int]]:
    """(stance, how many) for each stance that occurs, strongest first, silent last."""
    stances = [p.stance for p in positions]
    return [(s, stances.count(s)) for s in STRENGTH + ("not-addressed",) if s in stances]


def counts_html(positions: Iterable[Position]) -> str:
    """`Prohibited 3 · Not addressed 2` as badges with numbers (HTML)."""
    return " · ".join(f"{badge(s, hover=False)} {n}" for s, n in stance_counts(positions))


def cited_rule(inst: Institution, rule: Rule, page: str, *, hover: bool = False) -> str:
    """A rule named elsewhere than its own page, as raw HTML: its label linked to its quote, and its badge."""
    return f'<p class="cited-rule">{html_link(rule_label(inst, rule), rel(page, institution_path(inst.id), rule.id))} {badge(rule.stance, hover=hover)}</p>\n'


def quoted_rule(inst: Institution, rule: Rule, page: str, *, exceptions: bool = True, hover: bool = False) -> str:
    """A rule quoted elsewhere than its own page, as raw HTML: its link and badge, the quote, copy buttons."""
    parts = [
        cited_rule(inst, rule, page, hover=hover),
        html_quote(rule.text),
        cite_actions(inst, rule, page),
    ]
    if exceptions and rule.exceptions:
        parts.append(html_quoted_list("Exceptions", rule.exceptions))
    return "".join(parts)


def quoted_position(cat: Catalog, inst: Institution, topic: Topic, page: str) -> str:
    """One institution's answer on a topic, as raw HTML: stance, the site's summary, each rule quoted."""
    p = inst.position(topic.id)
    draft = " (draft document)" if inst.document.is_draft else ""
    head = (
        f'<p class="position"><strong>{html_link(inst.name, rel(page, institution_path(inst.id)))}</strong>{draft} {badge(p.stance, hover=False)} '
        f"{html_text(p.summary)} <em>(site summary)</em> · {html_link(f'{inst.short_name} on the topic page', rel(page, topic_path(topic.id), inst.id))}</p>\n"
    )
    return raw_block("".join([head] + [quoted_rule(inst, cat.rule(r), page) for r in p.rules]))


def institution_links(institutions: Iterable[Institution], page: str, *, html: bool = False) -> str:
    """Short names linked to their pages, comma separated (Markdown, or with `html` raw HTML)."""
    make = html_link if html else link
    return ", ".join(make(i.short_name, rel(page, institution_path(i.id))) for i in institutions)
