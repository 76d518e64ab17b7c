"""The template replies page: fill in the blanks, copy the text.

Each body is written into a <pre> with every blank as a <mark>. Without
JavaScript the text with its [blanks] is there to select; with it
(`docs/assets/javascripts/policy.js`) the labelled inputs fill the blanks
live, and the Copy button, through Material's clipboard integration
(`data-clipboard-target`), copies the filled text.
"""

from __future__ import annotations

from policykit.model import PLACEHOLDER, Catalog, Template
from policykit.render.institution import rule_label
from policykit.render import anchors
from policykit.render.md import esc, front_matter, heading, html_attr, html_pre, link, rel
from policykit.render.paths import TEMPLATES, institution_path

def body_html(body: str) -> str:
    """The body as HTML for a <pre>: text escaped, each [blank] a <mark>."""
    out = []
    pos = 0
    for m in PLACEHOLDER.finditer(body.strip()):
        out.append(html_pre(body.strip()[pos : m.start()]))
        name = m.group(1)
        out.append(f'<mark class="blank" data-blank="{html_attr(name)}">[{html_pre(name)}]</mark>')
        pos = m.end()
    out.append(html_pre(body.strip()[pos:]))
    return "".join(out)


def fields_html(t: Template) -> str:
    rows = []
    for i, p in enumerate(t.placeholders, start=1):
        field_id = anchors.template_field(t.id, i)
        rows.append(
            f'<p class="tpl-field"><label for="{field_id}">{html_attr(p.label)}</label> '
            f'<input type="text" id="{field_id}" data-blank="{html_attr(p.name)}" '
            f'placeholder="e.g. {html_attr(p.example)}" autocomplete="off"></p>'
        )
    return "\n".join(rows)


def _printed_in(cat: Catalog, ref_id: str, page: str) -> str:
    """A link to the rule or document FAQ entry that prints a template's wording."""
    if cat.has_faq(ref_id):
        entry = cat.faq(ref_id)
        inst = cat.institution(entry.institution)
        label = f"{inst.short_name} {entry.ref}"
    else:
        rule = cat.rule(ref_id)
        inst = cat.institution(rule.institution)
        label = rule_label(inst, rule)
    return link(f"printed in {label}", rel(page, institution_path(inst.id), ref_id))


def template_section(cat: Catalog, t: Template, page: str) -> str:
    institutions = " · ".join(link(cat.institution(i).short_name, rel(page, institution_path(i))) for i in t.institutions)
    rules = " · ".join(
        link(rule_label(cat.institution(cat.rule(r).institution), cat.rule(r)), rel(page, institution_path(cat.rule(r).institution), r))
        for r in t.rules
    )
    printed = f" ({_printed_in(cat, t.source_ref, page)})" if t.source_ref else ""
    parts = [
        heading(2, esc(t.title), t.id),
        f'<span class="origin origin-{t.origin}">{t.origin.label}</span>{printed}\n',
        f"**When to use:** {esc(t.when)}\n",
        f"**Institutions:** {institutions} · **Rules behind it:** {rules}\n{{ data-search-exclude }}\n",
    ]
    for note in t.notes:
        parts.append(f'!!! note "Note (site note)"\n    {esc(note)}\n')
    count = len(t.placeholders)
    parts.append(
        f'<div class="tpl" data-template="{t.id}">\n'
        + (f'<form class="tpl-fields" hidden aria-label="Blanks to fill in: {html_attr(t.title)}">\n{fields_html(t)}\n</form>\n' if count else "")
        + f'<pre class="tpl-text" id="{anchors.template_text(t.id)}">{body_html(t.body)}</pre>\n'
        + f'<p class="tpl-actions" hidden><button type="button" class="md-button md-button--primary tpl-copy" data-clipboard-target="[id=\'{anchors.template_text(t.id)}\']">Copy</button> '
        + '<span class="tpl-status" role="status" aria-live="polite"></span></p>\n'
        + "</div>\n"
    )
    return "\n".join(parts)


def templates_page(cat: Catalog) -> str:
    page = TEMPLATES
    policy = sum(1 for t in cat.templates if t.is_policy_wording)
    out = [
        front_matter(title="Template replies", description="Ready replies for common situations: fill in the blanks and copy."),
        heading(1, "Template replies"),
        f"{len(cat.templates)} replies: {policy} printed word for word in a policy, {len(cat.templates) - policy} "
        "suggested by this site to put the rules into practice (labelled on each). Type in the fields to fill the "
        "[blanks], then press **Copy**. Blanks still empty stay highlighted. Read a suggested reply before you send "
        "it: it is not policy wording and not legal advice.\n",
    ]
    out.extend(template_section(cat, t, page) for t in cat.templates)
    return "\n".join(out)
