"""The institution page: document facts, every rule in document order, its FAQ and templates."""

from __future__ import annotations

import datetime as dt

from typing import Any

from policykit.model import Catalog, ChangeKind, FaqEntry, Institution, Rule, Template, format_date
from policykit.render import anchors
from policykit.render.cite import cite_actions
from policykit.render.diff import diff_block
from policykit.render.md import (
    badge,
    esc,
    external_link,
    front_matter,
    html_link,
    html_text,
    heading,
    raw_block,
    html_admonition,
    html_para,
    html_pre,
    html_quote,
    html_quoted_list,
    heading_quote,
    link,
    plain_title,
    rel,
    table_row,
)
from policykit.render.paths import institution_path, source_path, templates_path, topic_path

NOT_ADVICE = (
    "Rules are quoted word for word from the document, in its order and under its own headings. "
    "Summaries, stances, topics, notes and search words are written by this site to help you find and "
    "compare rules: they are not part of the policy, and nothing here is legal advice. When in doubt, "
    "read the original and ask the person the document names."
)


def rule_label(inst: Institution, rule: Rule) -> str:
    """`CMS 4 · Friend invitations`: the heading and link text of a rule."""
    return f"{inst.short_name} {rule.ref} · {rule.title}"


def document_status(inst: Institution, today: dt.date) -> list[str]:
    """Admonitions for a draft or an overdue review, first thing on the page."""
    doc = inst.document
    out = []
    if doc.is_draft:
        out.append(
            '!!! warning "Draft: not an adopted policy"\n'
            f"    {esc(inst.short_name)}'s document is a draft with tracked changes. Words shown struck through "
            "were deleted in the draft; insertions are not marked, so old and new wording sometimes run together. "
            "Each summary gives the plain meaning of the current wording and says where it is unclear.\n"
        )
    if doc.review_overdue(today):
        out.append(
            '!!! danger "Overdue for review"\n'
            f"    The document's own review date, {esc(format_date(doc.review_due))}, has passed "
            f"(checked on {today.day} {today:%B %Y}). It may have been replaced; check with "
            f"{esc(doc.contact.rstrip('.'))}.\n"
        )
    return out


def facts_table(inst: Institution, page: str, today: dt.date) -> str:
    doc = inst.document
    review = format_date(doc.review_due)
    if doc.review_overdue(today):
        review += " (overdue)"
    rows = [
        ("Document", esc(doc.title)),
        ("Code", esc(doc.code) if doc.code else "not printed"),
        ("Status", "**Draft** (not adopted)" if doc.is_draft else "Adopted"),
        ("Issued", esc(format_date(doc.issued))),
        ("Reviewed", esc(", ".join(format_date(d) for d in doc.reviewed)) if doc.reviewed else "not printed"),
        ("Approved", esc(format_date(doc.approved))),
        ("Review due", esc(review)),
        ("Dates as printed", esc(doc.dates_as_printed) if doc.dates_as_printed else "none printed"),
        ("Owner", esc(doc.owner)),
        ("Whom to ask", esc(doc.contact)),
        ("Scope", esc(inst.scope)),
        ("Applies to", esc(", ".join(inst.audience))),
        ("Where", esc(f"{inst.region}, {inst.country}")),
        ("Original text", link(f"Read the original {inst.short_name} document", rel(page, source_path(inst.id)))),
        ("Data file", f"<code>{esc(inst.data_file)}</code>"),
    ]
    if doc.url:
        rows.insert(1, ("Published at", external_link(doc.url, doc.url)))
    if inst.website:
        rows.append(("Website", external_link(inst.website, inst.website)))
    lines = [table_row(["", ""]), table_row(["---", "---"])]
    lines[0] = "| Fact | Detail |"
    lines.extend(table_row([f"**{k}**", v]) for k, v in rows)
    return "\n".join(lines) + "\n"


def notes_block(notes, *, search: bool = True) -> str:
    """Site notes as admonitions: warnings for slips, tensions and ambiguities."""
    return "".join(
        html_admonition("warning" if n.kind in ("slip", "tension", "ambiguity") else "note", f"{n.label} (site note)", n.text, search=search)
        for n in notes
    )


def other_rule_link(cat: Catalog, other: Rule, page: str) -> str:
    return html_link(rule_label(cat.institution(other.institution), other), rel(page, institution_path(other.institution), other.id))


def rule_history(cat: Catalog, inst: Institution, rule: Rule) -> list[str]:
    """The rule's recorded changes, oldest first: reworded (old and new wording), new, changed in meaning."""
    out = []
    for change in inst.history_of(rule.id):
        when = format_date(change.date) if change.date else "on a date not recorded"
        head = f"<strong>{change.kind.label}</strong> ({html_text(when)}): {html_text(change.change)}"
        out.append(f'<div class="rule-history" data-search-exclude>\n{html_para(head, "change-note")}')
        if change.kind is ChangeKind.CHANGED and change.old_text:
            out.append(diff_block(change.old_text, rule.text))
        out.append("</div>\n")
    return out


def removed_rules(inst: Institution) -> list[str]:
    """Rules removed from the document, each under its old id (so old links still land), with its old wording."""
    if not inst.removed_rules:
        return []
    out = [heading(2, "Rules removed from the document", anchors.REMOVED_RULES, search=False)]
    out.append("These rules are no longer in the document. Their wording is shown as it was quoted before they were removed.\n")
    for change in inst.removed_rules:
        title = f"{inst.short_name} {change.old_ref or change.rule}" + (f" · {change.old_title}" if change.old_title else "")
        when = format_date(change.date) if change.date else "a date not recorded"
        out.append(heading(3, esc(f"Removed: {title}"), change.rule, search=False))
        note = html_para(f"<strong>Removed</strong> ({html_text(when)}): {html_text(change.change)}", "change-note")
        out.append(raw_block(f'<div class="rule removed-rule" data-search-exclude>\n{note}{html_quote(change.old_text or "")}</div>'))
    return out


def page_inputs(cat: Catalog, inst: Institution) -> tuple[Any, ...]:
    """Everything `institution_page` reads besides `inst` and the date: equal inputs, the same page (`RenderMemo`)."""
    # By id: hashing a frozen Rule hashes every field (half a second a build at 200 institutions).
    linked = {other.id: other for r in inst.rules for other in (*(cat.rule(o) for o in r.see_also), *cat.cited_by(r.id))}
    labels = tuple(sorted((o.id, rule_label(cat.institution(o.institution), o)) for o in linked.values()))
    return (cat.topics, cat.templates, labels)


def rule_block(cat: Catalog, inst: Institution, rule: Rule, page: str) -> str:
    """One rule: heading with its anchor, then a raw HTML block (no Markdown inside, which
    would cost most of a build): badge, quote, summary, exceptions, links, notes."""
    topics = ", ".join(html_link(cat.topic(t).title, rel(page, topic_path(t), inst.id)) for t in rule.topics)
    meta = f"{badge(rule.stance)} <strong>Applies to:</strong> {html_text(', '.join(rule.audience))} · <strong>Topics:</strong> {topics}"
    if rule.source_line:
        meta += f" · {html_link(f'Source, line {rule.source_line}', rel(page, source_path(inst.id), f'L{rule.source_line}'))}"
    parts = ['<div class="rule">\n']
    if rule.wholly_struck:
        parts.append('<p class="struck-note">This whole passage is struck out in the draft.</p>\n')
    parts.append(f'<p class="rule-meta" data-search-exclude>{meta}</p>\n')
    parts.append(html_quote(rule.text))
    parts.append(cite_actions(inst, rule, page))
    parts.append(html_para(f"<strong>Site summary:</strong> {html_text(rule.summary)}", "site-summary"))
    # Search indexes the quote, summary, footnotes and search words; exceptions and
    # conditions repeat words of the quote, and the notes are this site's commentary.
    for title, quotes, search in (("Exceptions", rule.exceptions, False), ("Conditions", rule.conditions, False), ("Footnotes", rule.footnotes, True)):
        if quotes:
            parts.append(html_quoted_list(title, quotes, search=search))
    if rule.notes:
        parts.append(notes_block(rule.notes, search=False))
    parts.extend(rule_history(cat, inst, rule))
    parts.extend(rule_links(cat, rule, page))
    if rule.keywords:
        parts.append(html_para(f"<strong>Search words:</strong> {html_text(', '.join(rule.keywords))}", "keywords"))
    parts.append("</div>\n")
    return heading(3, esc(rule_label(inst, rule)), rule.id) + "\n" + raw_block("".join(parts))


def rule_links(cat: Catalog, rule: Rule, page: str) -> list[str]:
    """The rule's "Compare with", "Compared from" and "Template replies" lines (kept out of search)."""
    # "Compared from": the other direction of see_also, computed (rules elsewhere that name this one).
    lines = [
        ("Compare with", [other_rule_link(cat, cat.rule(other_id), page) for other_id in rule.see_also]),
        ("Compared from", [other_rule_link(cat, o, page) for o in cat.cited_by(rule.id) if o.id not in rule.see_also]),
        ("Template replies", [html_link(t.title, rel(page, templates_path(), t.id)) for t in cat.templates_for_rule(rule.id)]),
    ]
    return [f"<p data-search-exclude><strong>{name}:</strong> {' · '.join(links)}</p>\n" for name, links in lines if links]


def faq_block(cat: Catalog, inst: Institution, entry: FaqEntry, page: str) -> str:
    parts = [heading(3, esc(f"{inst.short_name} {entry.ref} · ") + heading_quote(entry.question), entry.id)]
    block = ['<div class="doc-faq">\n']
    if entry.section:
        block.append(f"<p><em>Printed under “{html_text(entry.section)}”. Question and answer quoted verbatim.</em></p>\n")
    block.append(html_quote(entry.answer))
    if entry.footnotes:
        block.append(html_quoted_list("Footnotes", entry.footnotes))
    if entry.rules:
        links = [html_link(rule_label(inst, cat.rule(r)), f"#{r}") for r in entry.rules]
        block.append(f"<p><strong>Explains:</strong> {' · '.join(links)}</p>\n")
    block.append("</div>\n")
    return parts[0] + "\n" + raw_block("".join(block))


def template_summary(cat: Catalog, template: Template, page: str, level: int = 3) -> str:
    """A template reply as shown on an institution page, linking to where it is filled in.

    Kept out of search: the templates page is where a search should land.
    """
    parts = [heading(level, esc(template.title), template.id, search=False)]
    parts.append(f"**When:** {esc(template.when)} · **Origin:** {template.origin.label}\n")
    parts.append(f'<pre class="template-preview">{html_pre(template.body.strip())}</pre>\n')
    parts.append(f"{link('Fill in the blanks and copy', rel(page, templates_path(), template.id))}\n")
    return "\n".join(parts)


def institution_page(cat: Catalog, inst: Institution, today: dt.date) -> str:
    page = institution_path(inst.id)
    doc = inst.document
    out = [
        front_matter(
            title=plain_title(f"{inst.short_name}: {doc.title}"),
            description=plain_title(f"{inst.name} ({inst.country}): every rule of “{doc.title}”, quoted word for word, with summaries."),
        ),
        heading(1, esc(f"{inst.name} ({inst.short_name})")),
        f"**{esc(doc.title)}** · {esc(inst.region)}, {esc(inst.country)} · {len(inst.rules)} rules quoted\n",
    ]
    out.extend(document_status(inst, today))
    out.append(f'!!! info "How to read this page"\n    {NOT_ADVICE}\n')
    if doc.numbering != "printed":
        which = "some of its paragraphs" if doc.numbering == "partial" else "its paragraphs"
        out.append(
            f"The document does not number {which}. Where it prints no number, this site refers to a rule by "
            "the heading it sits under and its paragraph (¶) or bullet number.\n"
        )
    out.append(heading(2, "About the document", anchors.ABOUT_THE_DOCUMENT))
    out.append(facts_table(inst, page, today))
    if doc.notes:
        out.append(notes_block(doc.notes))
    for section in inst.sections:
        rules = inst.rules_in(section.id)
        if not rules:
            continue
        out.append(heading(2, esc(section.title), anchors.section(section.id)))
        out.extend(rule_block(cat, inst, r, page) for r in rules)
    out.extend(removed_rules(inst))
    if inst.faq:
        out.append(heading(2, "The document's own FAQ", anchors.DOCUMENT_FAQ))
        out.append(f"Questions and answers printed in the {esc(inst.short_name)} document, quoted verbatim.\n")
        out.extend(faq_block(cat, inst, f, page) for f in inst.faq)
    templates = cat.templates_for_institution(inst.id)
    if templates:
        out.append(heading(2, "Template replies", anchors.TEMPLATE_REPLIES, search=False))
        out.append(f"Replies that put {esc(inst.short_name)}'s rules into practice.\n")
        out.extend(template_summary(cat, t, page) for t in templates)
    return "\n".join(out)
