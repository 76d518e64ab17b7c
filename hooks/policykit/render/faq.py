"""The FAQ page: every topic's question answered per institution in linked tabs,
then each document's own FAQ, quoted verbatim."""

from __future__ import annotations

from collections import Counter

from policykit.model import Catalog, Stance
from policykit.render.institution import rule_label
from policykit.render import anchors
from policykit.render.md import badge, esc, front_matter, heading, heading_quote, html_link, html_quote, html_text, link, raw_block, rel
from policykit.render.paths import FAQ, institution_path, topic_path

# Up to this many institutions each question has a tab per institution; beyond it a row
# of tabs is unusable, so the question shows how the institutions answer, with a link.
MAX_TABS = 12


def answer_tabs(cat: Catalog, topic_id: str, page: str, n: int) -> str:
    """Each institution's answer in a tab, as the `n`th set of tabs on the page: the HTML
    pymdownx.tabbed writes (alternate style), so Material links the tabs of every set."""
    inputs, labels, blocks = [], [], []
    for m, inst in enumerate(cat.institutions, 1):
        p = inst.position(topic_id)
        checked = ' checked="checked"' if m == 1 else ""
        inputs.append(f'<input{checked} id="__tabbed_{n}_{m}" name="__tabbed_{n}" type="radio" />')
        labels.append(f'<label for="__tabbed_{n}_{m}">{html_text(inst.short_name)}</label>')
        answer = f"<p>{badge(p.stance, hover=False)} {html_text(p.summary)}" + (" <em>(draft policy)</em>" if inst.document.is_draft else "") + "</p>\n"
        if p.rules:
            links = [html_link(rule_label(inst, cat.rule(r)), rel(page, institution_path(inst.id), r)) for r in p.rules]
            answer += f"<p><strong>Rules:</strong> {' · '.join(links)}</p>\n"
        blocks.append(f'<div class="tabbed-block">\n{answer}</div>\n')
    count = len(cat.institutions)
    return (
        f'<div class="tabbed-set tabbed-alternate" data-tabs="{n}:{count}">{"".join(inputs)}<div class="tabbed-labels">{"".join(labels)}</div>\n'
        f'<div class="tabbed-content">\n{"".join(blocks)}</div>\n</div>\n'
    )


def stance_counts(cat: Catalog, topic: str) -> str:
    """How many institutions take each stance on a topic, badges in the legend's order."""
    counts = Counter(p.stance for p in cat.positions_on(topic))
    items = [f"{badge(s, hover=False)} {counts[s]}" for s in Stance if s in counts]
    return " · ".join(items) + "\n{ .stance-counts }\n"


def faq_page(cat: Catalog) -> str:
    page = FAQ
    out = [
        front_matter(title="Frequently asked questions", description="Each staff question answered for every institution, with the rules behind the answer."),
        heading(1, "Frequently asked questions"),
        "Each question is answered for every institution in tabs. **Choose your institution once:** every set "
        "of tabs on the site switches with it, and your choice is remembered. Answers are this site's one-line "
        "summaries with links to the rules, which are quoted word for word on the institution pages. "
        "Not legal advice.\n",
    ]
    sets = 0
    for group, topics in cat.grouped_topics():
        out.append(heading(2, esc(group.title), anchors.group(group.id)))
        for t in topics:
            out.append(heading(3, esc(t.question), t.id))
            if len(cat.institutions) > MAX_TABS:
                out.append(stance_counts(cat, t.id))
                out.append(f"{link(f'Every institution’s answer on “{t.title}”, with the rules quoted', rel(page, topic_path(t.id)))}\n")
                continue
            # The answers are the topic pages' summaries: search finds those there.
            sets += 1
            out.append(raw_block(f'<div class="faq-answers" data-search-exclude>\n{answer_tabs(cat, t.id, page, sets)}</div>'))
            out.append(f"{link(f'All answers on “{t.title}”, with the rules quoted', rel(page, topic_path(t.id)))}\n{{ .faq-more data-search-exclude }}\n")
    with_faq = [i for i in cat.institutions if i.faq]
    if with_faq:
        # Quoted again here for reading; search finds each on its institution's page.
        out.append(heading(2, "The documents' own FAQs", anchors.DOCUMENT_FAQS, search=False))
        out.append("Questions and answers printed in the policies themselves, quoted verbatim.\n")
        for inst in with_faq:
            out.append(heading(3, esc(f"{inst.short_name}: {inst.document.title}"), anchors.institution_faqs(inst.id), search=False))
            for entry in inst.faq:
                out.append(heading(4, esc(f"{inst.short_name} {entry.ref} · ") + heading_quote(entry.question), entry.id, search=False))
                out.append(html_quote(entry.answer))
                attribution = f"From the {inst.short_name} document"
                if entry.section:
                    attribution += f", under “{entry.section}”"
                out.append(f"{link(attribution, rel(page, institution_path(inst.id), entry.id))}\n{{ .attribution }}\n")
    return "\n".join(out)
