"""The topic page: the question, each institution's answer, the rules quoted, templates, FAQ."""

from __future__ import annotations

from typing import Any

from policykit.model import Catalog, Institution, Topic
from policykit.render.wording import cited_rule, quoted_rule
from policykit.render import anchors, writers
from policykit.render.md import badge, esc, front_matter, heading, html_link, html_para, html_table, html_text, inline_quote, link, plain_title, raw_block, rel
from policykit.render.paths import CLAUSE_PACK, COMPARE, FAQ, institution_path, templates_path, topic_path


def page_inputs(cat: Catalog, t: Topic) -> tuple[Any, ...]:
    """Everything `topic_page` reads: with equal inputs the page is the same (see `RenderMemo`)."""
    answers = tuple(
        (i.id, i.short_name, i.name, i.document, i.position(t.id), tuple(cat.rule(r) for r in i.position(t.id).rules)) for i in cat.institutions
    )
    faqs = tuple((f, cat.institution(f.institution).short_name) for f in cat.faqs_for_topic(t.id))
    return (t, cat.group(t.group), cat.topics_in(t.group), answers, cat.templates_for_topic(t.id), faqs)


def summaries_note(cat: Catalog, t: Topic) -> str:
    """What the answers on the page are: the site's summaries, and the rules quoted or linked."""
    rules = (
        "quoted word for word"
        if writers.quotes_every_institution(cat)
        else f"each linked to its word-for-word quote on its institution's page (with more than {writers.MAX_QUOTED} "
        "institutions, linked rather than quoted here to keep the page light on a phone; the "
        f"{link('clause pack', rel(topic_path(t.id), CLAUSE_PACK, 'topic-' + t.id))} quotes them all)"
    )
    return (
        '!!! info "Summaries are this site\'s"\n'
        f"    Each answer below is a one-line summary written by this site, followed by the rules it rests on, {rules}. "
        "It is not legal advice.\n"
    )


def answer(cat: Catalog, inst: Institution, t: Topic, page: str) -> str:
    """One institution's answer, as raw HTML: stance and summary, then its rules quoted (or linked;
    search finds them on their own page), or a link to its policy where it is silent."""
    p = inst.position(t.id)
    parts = [html_para(f"{badge(p.stance)} <strong>{html_text(inst.short_name)} (site summary):</strong> {html_text(p.summary)}", "position")]
    if inst.document.is_draft:
        parts.append(html_para(f"<em>{html_text(inst.short_name)}'s document is a draft; struck-through words are deleted in it.</em>", "draft-note"))
    if not p.addressed:
        parts.append(f"<p>{html_link(f'Read the {inst.short_name} policy', rel(page, institution_path(inst.id)))}</p>\n")
    else:
        # Above writers.MAX_QUOTED linked, not quoted: quoting every institution's rules made topic
        # pages of a megabyte at 200 institutions, heavy on a phone and slow to preview.
        rule = quoted_rule if writers.quotes_every_institution(cat) else cited_rule
        quotes = "".join(rule(inst, cat.rule(rule_id), page, hover=True) for rule_id in p.rules)
        parts.append(f'<div class="cited-rules" data-search-exclude>\n{quotes}</div>\n')
    return "".join(parts)


def topic_page(cat: Catalog, t: Topic) -> str:
    page = topic_path(t.id)
    group = cat.group(t.group)
    out = [
        front_matter(title=plain_title(t.title), description=plain_title(t.question)),
        heading(1, esc(t.title)),
        f"**{esc(t.question)}**\n{{ .topic-question }}\n",
        f"{esc(t.description)} Group: {esc(group.title)}. "
        f"{link('See it in the comparison', rel(page, COMPARE))} · {link('In the FAQ', rel(page, FAQ, t.id))}\n",
        summaries_note(cat, t),
        heading(2, "At a glance", anchors.AT_A_GLANCE, search=False),
    ]
    glance = [[html_link(i.short_name, f"#{i.id}"), badge(i.position(t.id).stance), html_text(i.position(t.id).summary)] for i in cat.institutions]
    out.append(raw_block(f'<div class="at-a-glance">\n{html_table(["Institution", "Stance", "In short"], glance)}\n</div>'))
    for inst in cat.institutions:
        out.append(heading(2, esc(f"{inst.short_name} · {t.title}"), inst.id))
        out.append(raw_block(answer(cat, inst, t, page)))
    templates = cat.templates_for_topic(t.id)
    if templates:
        out.append(heading(2, "Template replies", anchors.TEMPLATE_REPLIES, search=False))
        for tpl in templates:
            out.append(f"- {link(tpl.title, rel(page, templates_path(), tpl.id))}: {esc(tpl.when)} ({tpl.origin.in_short})")
        out.append("")
    faqs = cat.faqs_for_topic(t.id)
    if faqs:
        out.append(heading(2, "In the documents' own FAQs", anchors.DOCUMENT_FAQS, search=False))
        for entry in faqs:
            inst = cat.institution(entry.institution)
            out.append(f"- {link(f'{inst.short_name} {entry.ref}', rel(page, institution_path(inst.id), entry.id))}: “{inline_quote(entry.question)}”")
        out.append("")
    siblings = [s for s in cat.topics_in(t.group) if s.id != t.id]
    if siblings:
        out.append(heading(2, f"More on {esc(group.title.lower())}", anchors.RELATED_TOPICS, search=False))
        out.extend(f"- {link(s.title, rel(page, topic_path(s.id)))}: {esc(s.question)}" for s in siblings)
        out.append("")
    return "\n".join(out)
