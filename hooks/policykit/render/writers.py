"""For policy writers: what each policy leaves out, and how the others word it.

- `not_covered_section`: the "What this policy does not cover" section that ends
  each institution page (anchor `#not-covered`): its silent topics, grouped, each
  with the other institutions' stances and rules quoted, collapsed per topic.
- `policy_writers_page` (`/policy-writers/`): how to use the site to write or
  review a policy; per topic the range of stances, the strongest and the most
  permissive wording quoted, the silent institutions; a picker that puts one
  institution's gaps first (policy.js; the page reads fine without it).
- `clause_pack_page` (`/policy-writers/clause-pack/`): every institution's
  quoted wording per topic with its citation; the reader narrows it to chosen
  topics or to one institution's gaps, downloads it as one Markdown file or
  prints it (writers.js builds the file in the browser; nothing is sent).
  Above `MAX_QUOTED` institutions the page holds each topic's heading, question,
  counts and silent list; the quoted positions of each topic are a script of their
  own (`pack_script`, `paths.clause_pack_script`) that writers.js loads from the
  same folder when the reader needs that topic (without JavaScript, each section
  links to the topic page, which quotes every institution).
"""

from __future__ import annotations

import json
from collections.abc import Callable

from policykit.model import Stance, Catalog, Institution, Position, Rule, Topic
from policykit.render import anchors
from policykit.render.cite import citation
from policykit.render.institution import rule_label
from policykit.render.md import badge, esc, front_matter, heading, html_link, html_quote, html_text, link, raw_block, rel
from policykit.render.paths import CLAUSE_PACK, COMPARE, COMPARISON_CSV, POLICIES_JSON, POLICY_WRITERS, institution_path, topic_path
from policykit.render.wording import (
    by_strength,
    counts_html,
    institution_links,
    quoted_position,
    strength_words,
)

SITE_WORDS = "*Written by this site, not policy wording.*"

TopicPart = Callable[[str, Topic, Callable[[], str]], str]
"""`(page, topic, make) -> text`: one topic's part of a page, made by `make`. A caller that
keeps parts between builds (`RenderMemo`) passes one that reuses a part while its topic's
inputs are unchanged; the parts read nothing about other topics."""


def made(page: str, t: Topic, make: Callable[[], str]) -> str:
    """The default `TopicPart`: always made afresh."""
    return make()


# Above this many institutions a gap quotes the first institution of each stance and
# counts the others by stance (the topic page lists them all, the clause pack quotes them all).
MAX_QUOTED = 12


def quotes_every_institution(cat: Catalog) -> bool:
    """Whether pages quote every institution on a topic (up to `MAX_QUOTED`); above it they
    count or link the others, and the clause pack loads each topic's quotes as a script."""
    return len(cat.institutions) <= MAX_QUOTED


def silent_ids(cat: Catalog, topic: Topic) -> str:
    """The ids of the institutions silent on a topic, space separated, for data attributes."""
    return " ".join(p.institution for p in cat.positions_on(topic.id) if not p.addressed)


# -- the section on each institution page ---------------------------------------------


def not_covered_section(cat: Catalog, inst: Institution, part: TopicPart = made) -> str:
    """`## What this policy does not cover` for one institution page (kept out of search)."""
    page = institution_path(inst.id)
    gaps = [t for t in cat.topics if not inst.position(t.id).addressed]
    out = [heading(2, "What this policy does not cover", anchors.NOT_COVERED, search=False)]
    if not gaps:
        out.append(f"{esc(inst.short_name)}'s document takes a position on every one of the {len(cat.topics)} topics this site compares.\n")
        return "\n".join(out)
    out.append(
        f"{esc(inst.short_name)}'s document is silent on {len(gaps)} of the {len(cat.topics)} topics this site compares. "
        "Open a topic to see how the other institutions word it: their stance, this site's one-line summary and the "
        "rules they rest on, quoted word for word, each with a button that copies it with its citation. "
        f"{link('For policy writers', rel(page, POLICY_WRITERS))} explains how to use this; the "
        f"{link('clause pack', rel(page, CLAUSE_PACK))} gathers the wording of all your gaps in one file. "
        f"{SITE_WORDS}\n{{ .not-covered-intro }}\n"
    )
    # Above MAX_QUOTED a gap names no institution (it counts them), so it reads the same on the page
    # of every institution silent on the topic: made once for them all.
    shared = page if quotes_every_institution(cat) else institution_path("*")
    for group in cat.groups:
        topics = [t for t in gaps if t.group == group.id]
        if topics:
            out.append(heading(3, esc(f"Not covered: {group.title}"), anchors.not_covered_group(group.id), search=False))
            out.extend(part(shared, t, lambda t=t: gap_topic(cat, inst, t, page)) for t in topics)
    return "\n".join(out)


def gap_topic(cat: Catalog, inst: Institution, t: Topic, page: str) -> str:
    """One silent topic: collapsed, its summary line counting how the others answer it."""
    others = [p for p in cat.positions_on(t.id) if p.institution != inst.id]
    addressed = by_strength(others)
    silent = [cat.institution(p.institution) for p in others if not p.addressed]
    topic_link = link(t.title, rel(page, topic_path(t.id)))
    if not addressed:
        what = "no other institution on this site addresses it either" if others else "no other institution is on this site"
        return f"{topic_link}: {esc(t.question)} *{what}.*\n{{ .gap-none data-topic=\"{t.id}\" }}\n"
    summary = f"{html_text(t.title)}: {len(addressed)} of {len(others)} other institutions address it · {counts_html(others)}"
    parts = [
        f'<details class="gap" data-topic="{t.id}">',
        f"<summary>{summary}</summary>\n",
        f"<p><strong>{html_text(t.question)}</strong> {html_link('Topic page', rel(page, topic_path(t.id)))}</p>\n",
    ]
    quoted = addressed if quotes_every_institution(cat) else [p for i, p in enumerate(addressed) if i == 0 or addressed[i - 1].stance != p.stance]
    parts.extend(quoted_position(cat, cat.institution(p.institution), t, page) for p in quoted)
    rest = [p for p in addressed if p not in quoted]
    if rest:
        # Counted, not listed: a list of every other institution on every gap of every page grows
        # with the square of the institutions (600 KB pages at 200); the topic page lists them once.
        parts.append(
            f"<p><strong>{len(rest)} more address it:</strong> {counts_html(rest)}, each listed on the "
            f"{html_link('topic page', rel(page, topic_path(t.id)))} and quoted in the {html_link('clause pack', rel(page, CLAUSE_PACK, 'topic-' + t.id))}.</p>\n"
        )
    if silent and not quotes_every_institution(cat):
        parts.append(f"<p><strong>Also silent:</strong> {len(silent)} institutions, named on the {html_link('topic page', rel(page, topic_path(t.id)))}.</p>\n")
    elif silent:
        parts.append(f"<p><strong>Also silent:</strong> {institution_links(silent, page, html=True)}</p>\n")
    parts.append("</details>\n")
    return raw_block("".join(parts))


# -- the page for policy writers --------------------------------------------------------


def how_to(page: str) -> str:
    return "\n".join(
        [
            heading(2, "Use this site to write or review a policy", "how-to"),
            f"1. **Find your gaps.** Pick your institution below, or open its page at *What this policy does not cover*: every topic its document is silent on, with how the others word it.",
            f"2. **Compare wording.** Each {link('topic page', rel(page, 'topics/index.md'))} quotes every institution's rules on one question; the {link('comparison', rel(page, COMPARE))} shows all topics at once.",
            "3. **Copy a rule with its citation.** Under every quoted rule, *Copy with citation* copies the quote with the institution, document, reference, date and link; *Copy as Markdown* copies the same as a Markdown quote.",
            f"4. **Make a clause pack.** The {link('clause pack', rel(page, CLAUSE_PACK))} gathers every institution's wording for the topics you choose (or all of your gaps) as one Markdown file or a printed page.",
            f"5. **Take the data.** {link('comparison.csv', rel(page, COMPARISON_CSV))} and {link('policies.json', rel(page, POLICIES_JSON))} hold every stance and rule.",
            "",
            '!!! info "Quote, do not copy blindly"\n'
            "    The quotes are word for word from each institution's own document; stances, summaries and the order "
            "below are this site's reading. Check the original before you adopt wording, and credit it.\n",
        ]
    )


def strength_note() -> str:
    return (
        heading(2, "Strongest and most permissive: the site's reading", "strength")
        + f"\nThis page calls wording *strongest* or *most permissive* by its stance, in this order (this site's reading, "
        f"not a grade): {esc(strength_words())}. Required and prohibited bind staff most; permitted leaves them most free. "
        "Where several institutions share the strongest (or most permissive) stance, the first in the list of "
        "institutions is quoted; the topic page lists them all.\n"
    )


def picker(cat: Catalog, page: str) -> str:
    """The institution picker (policy.js) and, without JavaScript, every institution's gaps as links."""
    options = "".join(f'<option value="{inst.id}">{html_text(inst.name)} ({html_text(inst.short_name)})</option>' for inst in cat.institutions)
    rows = [
        f"- {link(inst.short_name, rel(page, institution_path(inst.id), 'not-covered'))}: silent on "
        f"{sum(1 for p in inst.positions if not p.addressed)} of {len(cat.topics)} topics"
        for inst in cat.institutions
    ]
    return "\n".join(
        [
            heading(2, "Start from your institution", "your-gaps"),
            '<div class="writers-picker" data-writers-picker hidden>',
            '<p><label for="writers-institution">Your institution</label> '
            f'<select id="writers-institution"><option value="">(choose)</option>{options}</select></p>',
            '<p><label><input type="checkbox" id="writers-only-gaps"> Show only the topics it is silent on</label></p>',
            '<p class="writers-status" role="status" aria-live="polite"></p>',
            "</div>\n",
            f"{link('Clause pack of these gaps', rel(page, CLAUSE_PACK))}{{ .writers-pack-link hidden=\"hidden\" }}\n",
            '??? note "Every institution\'s gaps"\n',
            "\n".join("    " + r for r in rows) + "\n",
        ]
    )


def strongest_and_weakest(cat: Catalog, t: Topic, page: str) -> list[str]:
    """The strongest and the most permissive answers, quoted (one when they are the same)."""
    addressed = by_strength(cat.positions_on(t.id))
    if not addressed:
        return ["<p><em>No institution on this site addresses this topic.</em></p>\n"]
    first, last = addressed[0], addressed[-1]
    strong = cat.institution(first.institution)
    if first.stance == last.stance:
        label = f"Every institution that addresses it: {Stance(first.stance).label.lower()}. Quoted:" if len(addressed) > 1 else "The one institution that addresses it:"
        return [f"<p><strong>{label}</strong></p>\n", quoted_position(cat, strong, t, page)]
    return [
        "<p><strong>Strongest wording</strong> (site's reading):</p>\n",
        quoted_position(cat, strong, t, page),
        "<p><strong>Most permissive wording</strong> (site's reading):</p>\n",
        quoted_position(cat, cat.institution(last.institution), t, page),
    ]


def writer_topic(cat: Catalog, t: Topic, page: str) -> str:
    positions = cat.positions_on(t.id)
    silent = [cat.institution(p.institution) for p in positions if not p.addressed]
    addressed = len(positions) - len(silent)
    body = [
        f"<p><strong>{html_text(t.question)}</strong> {html_link('Topic page', rel(page, topic_path(t.id)))} · "
        f"{html_link('In the clause pack', rel(page, CLAUSE_PACK, 'topic-' + t.id))}</p>\n",
        f'<p class="writer-counts">{addressed} of {len(positions)} institutions address it: {counts_html(positions)}</p>\n',
        *strongest_and_weakest(cat, t, page),
        f'<p class="writer-silent"><strong>Silent:</strong> {institution_links(silent, page, html=True) if silent else "none"}</p>\n',
    ]
    return "\n".join(
        [
            f'<div class="writer-topic" data-topic="{t.id}" data-silent="{html_text(silent_ids(cat, t))}" markdown>\n',
            heading(3, esc(t.title), f"topic-{t.id}", search=False),
            raw_block("".join(body)),
            "</div>\n",
        ]
    )


def policy_writers_page(cat: Catalog, part: TopicPart = made) -> str:
    page = POLICY_WRITERS
    out = [
        front_matter(
            title="For policy writers",
            description="Write or review a social-media policy: what each policy leaves out, how the others word it, clauses to copy with citations.",
        ),
        heading(1, "For policy writers"),
        "For heads, governors and whoever drafts or reviews a policy: what each policy is silent on, the range of "
        f"positions on each topic across {len(cat.institutions)} institutions, and their wording to quote with its "
        f"citation. {SITE_WORDS}\n",
        how_to(page),
        strength_note(),
        picker(cat, page),
        # Search lands on the rules' own pages, not on the quotes here.
        heading(2, "Topic by topic", "topics", search=False),
        "For each topic: how many institutions take each stance, the strongest and the most permissive wording "
        "quoted, and the institutions that are silent.\n",
    ]
    for group in cat.groups:
        topics = cat.topics_in(group.id)
        if topics:
            out.append(f'<div class="writer-group" markdown>\n\n{heading(2, esc(group.title), f"group-{group.id}", search=False)}')
            out.extend(part(page, t, lambda t=t: writer_topic(cat, t, page)) for t in topics)
            out.append("</div>\n")
    return "\n".join(out)


# -- the clause pack --------------------------------------------------------------------


def pack_controls(cat: Catalog) -> str:
    boxes = []
    for group in cat.groups:
        items = "".join(
            f'<label><input type="checkbox" name="topic" value="{t.id}"> {html_text(t.title)}</label> ' for t in cat.topics_in(group.id)
        )
        if items:
            boxes.append(f'<fieldset><legend>{html_text(group.title)}</legend>{items}</fieldset>')
    options = "".join(f'<option value="{i.id}">{html_text(i.name)} ({html_text(i.short_name)})</option>' for i in cat.institutions)
    return (
        '<form class="pack-controls" data-pack hidden>\n'
        f'<div class="pack-topics">{"".join(boxes)}</div>\n'
        '<p><label for="pack-gaps">All the gaps of</label> '
        f'<select id="pack-gaps"><option value="">(no institution)</option>{options}</select> '
        '<button type="button" class="md-button" data-pack-clear>Clear</button></p>\n'
        '<p><button type="button" class="md-button md-button--primary" data-pack-download>Download as Markdown</button> '
        '<button type="button" class="md-button" data-pack-print>Print</button></p>\n'
        '<p class="pack-status" role="status" aria-live="polite"></p>\n'
        "</form>\n"
    )


def pack_rule(inst: Institution, rule: Rule, page: str) -> str:
    """A quote and its printed citation; writers.js reads both for the Markdown file."""
    return (
        '<div class="pack-rule">\n'
        f"{html_quote(rule.text)}"
        f'<p class="pack-citation">— <span class="cite-text">{html_text(citation(inst, rule))}</span> · '
        f"{html_link(rule_label(inst, rule), rel(page, institution_path(inst.id), rule.id), 'cite-url')}</p>\n"
        "</div>\n"
    )


def pack_position(cat: Catalog, inst: Institution, p: Position, page: str) -> str:
    attrs = f'data-institution="{html_text(inst.name)}" data-stance="{html_text(Stance(p.stance).label)}" data-summary="{html_text(p.summary)}"'
    draft = " (draft document)" if inst.document.is_draft else ""
    parts = [
        f'<div class="pack-position" {attrs}>\n',
        f'<p class="position"><strong>{html_link(inst.name, rel(page, institution_path(inst.id)))}</strong>{draft} {badge(p.stance, hover=False)} '
        f"{html_text(p.summary)} <em>(site summary)</em></p>\n",
    ]
    parts.extend(pack_rule(inst, cat.rule(r), page) for r in p.rules)
    parts.append("</div>\n")
    return raw_block("".join(parts))


def pack_in_scripts(cat: Catalog) -> bool:
    """Whether the clause pack ships each topic's quoted positions as a script of its own
    (above `MAX_QUOTED` institutions: the whole pack inline is megabytes)."""
    return not quotes_every_institution(cat)


def pack_positions(cat: Catalog, t: Topic, page: str) -> str:
    """Every position on a topic, strongest first, quoted as the pack shows them (HTML)."""
    return "".join(pack_position(cat, cat.institution(p.institution), p, page) for p in by_strength(cat.positions_on(t.id)))


def pack_script(topic_id: str, html: str) -> str:
    """The script that hands one topic's positions (finished HTML) to writers.js: a JSON
    string, so data text stays text; `<` escaped, so no `</script>` can appear in it."""
    literal = json.dumps(json.dumps(html, ensure_ascii=False)).replace("<", "\\u003c")
    return f"self.__policyPack({json.dumps(topic_id)},JSON.parse({literal}));\n"


def pack_loader(cat: Catalog, t: Topic, page: str, script: str) -> str:
    """Where a topic's positions go once its script is loaded; until then (and without
    JavaScript) a line that links to the topic page, which quotes them all."""
    addressed = len(by_strength(cat.positions_on(t.id)))
    return (
        f'<div class="pack-positions" data-pack-script="{html_text(script)}">'
        f'<p class="pack-pending">The wording of the {addressed} institutions that address it is quoted on the '
        f"{html_link('topic page', rel(page, topic_path(t.id)))}.</p></div>\n"
    )


def pack_topic(cat: Catalog, t: Topic, page: str, script: str = "") -> str:
    """One topic's section; its positions inline, or (given `script`, their script's URL
    relative to the page) left to writers.js to load, with the stance counts shown."""
    positions = cat.positions_on(t.id)
    silent = [cat.institution(p.institution) for p in positions if not p.addressed]
    parts = [
        f'<section class="pack-topic" data-topic="{t.id}" data-title="{html_text(t.title)}" data-question="{html_text(t.question)}" '
        f'data-silent="{html_text(silent_ids(cat, t))}" data-silent-names="{html_text(", ".join(i.short_name for i in silent))}" markdown>\n',
        heading(2, esc(t.title), f"topic-{t.id}"),
    ]
    body = [f"<p><strong>{html_text(t.question)}</strong> {html_link('Topic page', rel(page, topic_path(t.id)))}</p>\n"]
    if script and len(silent) < len(positions):
        body.append(f'<p class="pack-counts">{len(positions) - len(silent)} of {len(positions)} institutions address it: {counts_html(positions)}</p>\n')
        body.append(pack_loader(cat, t, page, script))
    elif not script:
        body.append(pack_positions(cat, t, page))
    if not len(silent) < len(positions):
        body.append("<p><em>No institution on this site addresses this topic.</em></p>\n")
    if silent:
        body.append(f"<p><strong>Silent:</strong> {institution_links(silent, page, html=True)}</p>\n")
    parts += [raw_block("".join(body)), "</section>\n"]
    return "\n".join(parts)


def clause_pack_page(cat: Catalog, part: TopicPart = made, scripts: str = "topics/") -> str:
    """The clause pack; above `MAX_QUOTED` institutions each topic's positions are left to its
    script, `scripts` + `<topic id>.js` (a URL relative to the page's)."""
    page = CLAUSE_PACK
    split = pack_in_scripts(cat)
    out = [
        front_matter(
            title="Clause pack",
            description="Every institution's wording on the topics you choose, each quote with its citation: download as Markdown or print.",
            search={"exclude": True},
        ),
        heading(1, "Clause pack"),
        "Every institution's wording on each topic, strongest stance first (this site's reading, "
        f"{link('explained here', rel(page, POLICY_WRITERS, 'strength'))}), each rule quoted word for word with its "
        "citation. Choose topics, or all the gaps of one institution, then download the pack as one Markdown file or "
        f"print it. Nothing is sent anywhere: the file is made in your browser. {SITE_WORDS} Stances and summaries "
        "are this site's; the quotes are the institutions'.\n",
        pack_controls(cat),
    ]
    out.extend(
        part(page, t, lambda t=t: pack_topic(cat, t, page, f"{scripts}{t.id}.js" if split else ""))
        for group in cat.groups
        for t in cat.topics_in(group.id)
    )
    return "\n".join(out)
