"""A draft as YAML text: the institution file `scripts/new_institution --source` writes.

Every drafted section, rule and position carries `unreviewed: <what to check>`.
A person checks the item against the source, corrects it, and deletes that
line; `policykit.review_marks` lists every mark left, and the published build
refuses them. Text is written, not dumped, so the layout is the documented one.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from policykit.draft.drafting import Draft, DraftRule
from policykit.draft.normative import plain
from policykit.draft.sentences import split_sentences

MARK = "unreviewed"
# When tagged rules disagree, the position takes the most frequent stance, then the strictest.
_STRICTNESS = ("prohibited", "restricted", "required", "discouraged", "encouraged", "permitted")


def scalar(text: str | None) -> str:
    """A YAML scalar: the text as a double-quoted string (JSON is valid YAML), or nothing."""
    return f" {json.dumps(text, ensure_ascii=False)}" if text else ""


def block(key: str, text: str, indent: str) -> list[str]:
    """`key: |-` and the text on the next line, for a long quote (kept on one line: spacing is not compared)."""
    one_line = " ".join(text.split())
    if len(one_line) < 70 or one_line != one_line.strip() or one_line[:1] in "#'\"":
        return [f"{indent}{key}:{scalar(one_line)}"]
    return [f"{indent}{key}: |-", f"{indent}  {one_line}"]


def draft_summary(text: str, limit: int = 160) -> str:
    """A working summary: the first sentence, plain, cut to `limit` characters."""
    first = plain(split_sentences(" ".join(text.split()))[0]) if text.strip() else ""
    first = first.replace("[…]", "…")
    return first if len(first) <= limit else first[: limit - 1].rsplit(" ", 1)[0] + " …"


def rule_lines(rule: DraftRule, mark: str, indent: str = "  ") -> list[str]:
    """One drafted rule as list-item lines under `rules:`."""
    inner = indent + "  "
    lines = [f"{indent}- id: {rule.id}", f"{inner}ref:{scalar(rule.ref)}", f"{inner}section: {rule.section}", f"{inner}title:{scalar(rule.title)}"]
    lines += block("text", rule.text, inner)
    lines += [
        f"{inner}summary:{scalar(draft_summary(rule.text))}",
        f"{inner}stance: {rule.stance}",
        f"{inner}audience: [staff]",
        f"{inner}topics: [{', '.join(rule.topics)}]",
        f"{inner}{MARK}:{scalar(mark)}",
    ]
    return lines


def rule_mark(rule: DraftRule, source_name: str) -> str:
    return f"drafted from {source_name} line {rule.line}: check text, ref, stance, topics, title and summary"


def position_for(topic: str, rules: Sequence[DraftRule]) -> tuple[str, str, list[str]]:
    """(stance, summary, rule ids) proposed for a topic from the rules tagged with it."""
    tagged = [r for r in rules if topic in r.topics]
    if not tagged:
        return "not-addressed", "The drafter found no rule on this; confirm the document is silent.", []
    counts = Counter(r.stance for r in tagged)
    stance = min(counts, key=lambda s: (-counts[s], _STRICTNESS.index(s)))
    refs = ", ".join(r.ref for r in tagged[:4]) + (", ..." if len(tagged) > 4 else "")
    summary = f"Drafted from {refs}; rewrite as one line for staff."
    if len(summary) > 150:
        summary = "Drafted from the rules listed; rewrite as one line for staff."
    return stance, summary, [r.id for r in tagged]


def position_lines(topics: Iterable[Mapping[str, Any]], rules: Sequence[DraftRule]) -> list[str]:
    lines = ["positions:"]
    for t in topics:
        stance, summary, ids = position_for(t["id"], rules)
        lines += [
            f"  {t['id']}:  # {' '.join(str(t.get('question', '')).split())}",
            f"    stance: {stance}",
            f"    summary:{scalar(summary)}",
            f"    rules: [{', '.join(ids)}]",
            f"    {MARK}: \"drafted from the rules tagged with this topic: check stance, summary and rules\"",
        ]
    return lines


def blank_lines(topics: Iterable[Mapping[str, Any]]) -> list[str]:
    """Sections, rules and positions left empty for a person to fill in (no draft)."""
    lines = ["sections:  # the document's own headings, in order", "  - id: main", "    title:",
             "rules: []  # every normative statement, quoted verbatim, in document order",
             "# One position per topic: stance (required, prohibited, restricted, discouraged,",
             "# permitted, encouraged, or not-addressed), a one-line summary, the rules it rests on.",
             "positions:"]
    for t in topics:
        lines += [f"  {t['id']}:  # {' '.join(str(t.get('question', '')).split())}", "    stance:", "    summary:", "    rules: []"]
    return lines


def institution_yaml(inst_id: str, draft: Draft | None, topics: Sequence[Mapping[str, Any]], *, name: str | None = None,
                     short_name: str | None = None, country: str | None = None, source_name: str = "") -> str:
    """The whole institution file: metadata left to fill in; sections, rules and positions drafted (or, with no draft, empty)."""
    source_name = source_name or f"{inst_id}.txt"
    if draft is None:
        header = ["# A new institution. Fill in every empty value; `make validate` lists what is still missing.",
                  "# The file format, stances and conventions: policy_data/README.md."]
    else:
        header = [f"# Drafted from policy_data/sources/{source_name} by scripts/new_institution.",
                  "# Each item marked `unreviewed:` is the drafter's suggestion: check it against the source,",
                  "# correct it, then delete its `unreviewed:` line. `make validate` lists every mark left and",
                  "# every empty value; the published build refuses them. Format: policy_data/README.md."]
    title = draft.title if draft else None
    lines = [
        "# yaml-language-server: $schema=../schema/institution.schema.json",
        *header,
        f"id: {inst_id}", f"name:{scalar(name)}", f"short_name:{scalar(short_name)}", f"country:{scalar(country)}",
        "region:", "scope:", "audience: [staff]", "document:", f"  title:{scalar(title)}", f"  code:{scalar(draft.code if draft else None)}",
        "  status: adopted  # or draft", f"  source: {source_name}",
        f"  numbering: {_numbering(draft) if draft else 'printed'}  # printed, partial or none", "  issued:", "  reviewed: []",
        "  approved:", "  review_due:", "  dates_as_printed:", "  owner:", "  contact:",
    ]
    if draft is None:
        return "\n".join(lines + blank_lines(topics) + ["faq: []", "ignored: []", "history: []", ""])
    lines.append("sections:  # the document's own headings, in order")
    for s in draft.sections:
        lines += [f"  - id: {s.id}", f"    title:{scalar(s.title)}", f"    {MARK}: \"drafted from a heading: check the title\""]
    if not draft.sections:
        lines += ["  - id: main", "    title: Main text", f"    {MARK}: \"the drafter found no heading: name the section\""]
    lines.append("rules:  # every normative statement, quoted verbatim, in document order" if draft.rules else "rules: []")
    for rule in draft.rules:
        lines += rule_lines(rule, rule_mark(rule, source_name))
    lines += position_lines(topics, draft.rules)
    lines += ["faq: []", "ignored: []  # normative-looking sentences that are not rules: text and reason", "history: []", ""]
    return "\n".join(lines)


def _numbering(draft: Draft) -> str:
    numbered = sum(1 for r in draft.rules if "¶" not in r.ref)
    if not draft.rules or numbered == len(draft.rules):
        return "printed"
    return "none" if numbered == 0 else "partial"
