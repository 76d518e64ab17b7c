"""Copy a rule with its citation: the citation line and the buttons that copy it.

The buttons use Material's clipboard integration. `writers.js` reads the quote
printed just above the buttons (the rule's `blockquote.quote`), the citation
(`.cite-text`) and the rule's own link (`a.cite-url`, resolved against the
page's canonical address when `site_url` is set, else against the address in
the browser), and adds two buttons, "Copy with citation" (plain text) and
"Copy as Markdown", each with its text in `data-clipboard-text`; Material's bundle copies the text
on a click and shows its "Copied to clipboard" toast. Without JavaScript the
buttons stay hidden.
"""

from __future__ import annotations

from policykit.model import Document, Institution, Rule, format_date, period_end
from policykit.render.md import html_link, html_text, rel
from policykit.render.paths import institution_path


def document_date(doc: Document) -> str:
    """The latest date the document prints, with what it is: `reviewed February 2021`."""
    dated = [("issued", doc.issued), ("approved", doc.approved)] + [("reviewed", d) for d in doc.reviewed]
    dated = [(kind, value) for kind, value in dated if value]
    if not dated:
        return "undated"
    kind, value = max(dated, key=lambda kv: period_end(kv[1]))
    return f"{kind} {format_date(value)}"


def citation(inst: Institution, rule: Rule) -> str:
    """`Alpha Academy, Alpha Rules (AA-1), ref. 1, reviewed February 2021`: plain text."""
    doc = inst.document
    details = [d for d in (doc.code, "draft" if doc.is_draft else None) if d]
    title = f"{doc.title} ({', '.join(details)})" if details else doc.title
    return f"{inst.name}, {title}, ref. {rule.ref}, {document_date(doc)}"


def cite_actions(inst: Institution, rule: Rule, page: str) -> str:
    """The rule's citation and link under its quote, in a paragraph hidden until writers.js
    adds the two copy buttons (the copying needs JavaScript). Raw HTML: data text through `html_text`."""
    return (
        f'<p class="cite-line" hidden="hidden"><span class="cite-actions"><span class="cite-text" hidden>{html_text(citation(inst, rule))}</span>'
        f"{html_link('Link to this rule', rel(page, institution_path(inst.id), rule.id), 'cite-url')}</span></p>\n"
    )
