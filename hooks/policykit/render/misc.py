"""Smaller pages: institution and topic indexes, source texts, review status,
what changed, and the fragments injected into hand-written pages."""

from __future__ import annotations

import datetime as dt

from policykit.model import POSITION_STANCES, STANCE_MEANINGS, Catalog, Institution, format_date, period_end
from policykit.render.institution import rule_label
from policykit.render.md import badge, esc, front_matter, h, heading, link, plain_title, rel, render_lines, table_row
from policykit.render.paths import CHANGES, INSTITUTIONS_INDEX, REVIEW, TOPICS_INDEX, institution_path, source_path, topic_path

# Above this many institutions the home page links to the index instead of showing a card each.
MAX_CARDS = 12

_USUAL_WORDING = {
    "required": "must, shall, is required",
    "prohibited": "must not, shall not, prohibited, never",
    "restricted": "only with prior permission, provided that",
    "discouraged": "should not, (strongly) discouraged",
    "permitted": "may, is allowed, we authorise",
    "encouraged": "should, advised, recommended, encouraged",
    "not-addressed": "no words on the question",
}


def stance_legend() -> str:
    """What each badge means, in words (never colour alone), with the wording that usually decides it."""
    items = "\n".join(f"<li>{badge(s)} {h(STANCE_MEANINGS[s])}</li>" for s in POSITION_STANCES)
    rows = ["| Badge | Means | Usual wording |", "|---|---|---|"]
    rows.extend(table_row([badge(s), esc(STANCE_MEANINGS[s]), esc(_USUAL_WORDING[s])]) for s in POSITION_STANCES)
    table = "\n".join("    " + r for r in rows)
    return (
        f'<ul class="stance-legend" aria-label="What the badges mean">\n{items}\n</ul>\n\n'
        '??? info "How this site judges a stance"\n'
        "    The site reads each rule's wording with its context (definitions, footnotes, the document's own FAQ). "
        "Where a footnote or FAQ turns a \"should not\" into a prohibition, the rule's notes say which words decided it.\n\n"
        f"{table}\n"
    )


def review_state(inst: Institution, today: dt.date) -> str:
    doc = inst.document
    if not doc.review_due:
        return "No review date printed"
    due = format_date(doc.review_due)
    return f"Overdue: review was due {due}" if doc.review_overdue(today) else f"Review due {due}"


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
                    "Draft" if doc.is_draft else "Adopted",
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
    for group in cat.groups:
        topics = cat.topics_in(group.id)
        if not topics:
            continue
        out.append(heading(2, esc(group.title), group.id))
        if group.description:
            out.append(f"{esc(group.description)}\n")
        out.extend(f"- {link(t.title, rel(page, topic_path(t.id)))}: {esc(t.question)}" for t in topics)
        out.append("")
    return "\n".join(out)


def source_page(inst: Institution) -> str:
    """The original text, line by line with line anchors; draft deletions shown struck."""
    page = source_path(inst.id)
    lines = inst.source_text.split("\n")
    body = []
    for number, text in enumerate(render_lines(lines), start=1):
        if text:
            body.append(f'<p class="src-line" id="L{number}"><span class="ln" aria-hidden="true">{number}</span> {text}</p>')
    return "\n".join(
        [
            front_matter(
                title=plain_title(f"{inst.short_name}: original text"),
                description=plain_title(f"The original text of {inst.document.title}, as received."),
                search={"exclude": True},
            ),
            heading(1, esc(f"{inst.short_name}: the original text")),
            f"The text of **{esc(inst.document.title)}** exactly as received, with its page furniture and slips. "
            f"The rules on the {link(f'{inst.short_name} page', rel(page, institution_path(inst.id)))} are quoted from it. "
            + ("Struck-through words were deleted in the draft. " if inst.document.is_draft else "")
            + "Line numbers are this site's.\n",
            '<div class="source-text">\n' + "\n".join(body) + "\n</div>\n",
        ]
    )


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
