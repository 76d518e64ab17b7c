"""A new version of a policy's text: what happened to each rule, and the edits that record it.

`plan_update(...)` compares an institution's rules with the new text:

- **kept**: the quote is still in the text (reported with its new line);
- **changed**: the quote is gone but a drafted passage of the new text is
  close to it (old and new wording side by side). Only when the person
  accepts it is the rule's text replaced, the rule marked `unreviewed:` (its
  stance, summary and topics may need to follow) and the change recorded in
  `history` with the old wording;
- **gone**: nothing close is left; the rule is marked `unreviewed:` for a
  person to remove it (and what cites it) or correct it;
- **new**: normative passages of the new text that no rule quotes and no
  `ignored` entry explains, drafted as `scripts/new_institution` drafts them,
  marked `unreviewed:`, inserted in document order; the positions on their
  topics are marked for review too.

The YAML file is edited in place (`policykit.draft.yamledit`): comments and
layout stay. Pure: text in, report and text out.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from policykit.draft.drafting import Draft, DraftRule, draft_rules
from policykit.draft.normative import is_normative
from policykit.draft.sentences import split_sentences
from policykit.draft.topics import Vocabulary
from policykit.draft.yamledit import YamlText
from policykit.draft.yamlout import MARK, block, rule_lines, scalar
from policykit.text import SourceText, normalise

SIMILAR = 0.6  # how alike a passage must be to count as the same rule reworded
SIMILAR_IN_PLACE = 0.4  # ... when it also sits where the rule sat (the same ref)
COVERED = 0.8  # the share of a drafted passage existing quotes must cover for it not to be new


@dataclass(frozen=True)
class Changed:
    """A rule whose quote is gone, and the passage of the new text that replaces it."""

    rule: str
    old: str
    new: str
    line: int
    similarity: float
    accepted: bool


@dataclass
class UpdateReport:
    """What the new text did to each rule."""

    kept: list[tuple[str, int]] = field(default_factory=list)
    renumbered: dict[str, str] = field(default_factory=dict)  # kept rule id → the ref the new text gives it
    changed: list[Changed] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)
    new: list[DraftRule] = field(default_factory=list)
    other_quotes: list[str] = field(default_factory=list)
    positions: list[str] = field(default_factory=list)


def word_diff(old: str, new: str) -> str:
    """`[-old-]{+new+}` marks between two wordings, word by word."""
    a, b = normalise(old).split(), normalise(new).split()
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.extend(a[i1:i2])
            continue
        if i2 > i1:
            out.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(out)


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(a=normalise(a).split(), b=normalise(b).split(), autojunk=False).ratio()


def _spans(source: SourceText, quotes: Sequence[str]) -> list[tuple[int, int]]:
    out = []
    for quote in quotes:
        for span in source.find(quote) or ():
            out.append((span.start, span.end))
    return out


def _covered(source: SourceText, text: str, spans: list[tuple[int, int]]) -> bool:
    found = source.find(text)
    if not found:
        return False
    total = sum(s.end - s.start for s in found)
    covered = sum(max(0, min(b, s.end) - max(a, s.start)) for s in found for a, b in spans)
    return total > 0 and covered / total >= COVERED


def classify(rules: Sequence[Mapping[str, Any]], source: SourceText, draft: Draft, accept: Collection[str] | None) -> UpdateReport:
    """Kept, changed and gone rules; `accept` is the ids to update (None: all)."""
    report = UpdateReport()
    kept_spans = _spans(source, [str(r.get("text") or "") for r in rules if r.get("text")])
    # A passage the kept rules already quote is nobody's new wording.
    claimed = {d.id for d in draft.rules if _covered(source, d.text, kept_spans)}
    for rule in rules:
        rid, text = str(rule["id"]), str(rule.get("text") or "")
        for key in ("exceptions", "conditions", "footnotes"):
            for q in rule.get(key) or ():
                if source.find(str(q)) is None:
                    report.other_quotes.append(f"{rid}.{key}: {q}")
        spans = source.find(text)
        if spans is not None:
            report.kept.append((rid, source.line_of(spans[0].start)))
            holder = next((d for d in draft.rules if normalise(text) in normalise(d.text)), None)
            if holder is not None and " ".join(holder.ref.split()) != " ".join(str(rule.get("ref") or "").split()):
                report.renumbered[rid] = holder.ref
            continue
        ref = " ".join(str(rule.get("ref") or "").split()).casefold()
        candidates = [d for d in draft.rules if d.id not in claimed]
        scored = [(_similarity(text, d.text), " ".join(d.ref.split()).casefold() == ref, d) for d in candidates]
        fitting = [(score, d) for score, same_place, d in scored if score >= (SIMILAR_IN_PLACE if same_place else SIMILAR)]
        best = max(fitting, key=lambda x: x[0], default=None)
        if best is not None:
            score, best = best
            claimed.add(best.id)
            accepted = accept is None or rid in accept
            report.changed.append(Changed(rid, text, best.text, best.line, score, accepted))
        else:
            report.gone.append(rid)
    return report


def new_passages(data: Mapping[str, Any], source: SourceText, draft: Draft, report: UpdateReport) -> list[DraftRule]:
    """Drafted passages no kept or updated rule quotes, no ignored entry explains, and no pending change claims."""
    quotes = [str(q) for r in data.get("rules") or () for q in [r.get("text"), *(r.get("exceptions") or ()), *(r.get("conditions") or ()), *(r.get("footnotes") or ())] if q]
    quotes += [c.new for c in report.changed]
    quotes += [str(g.get("text") or "") for g in data.get("ignored") or ()]
    quotes += [str(q.get(k) or "") for q in data.get("faq") or () for k in ("question", "answer")]
    spans = _spans(source, [q for q in quotes if q])
    pending = {normalise(c.new) for c in report.changed}
    existing = {str(r["id"]) for r in data.get("rules") or ()}
    sections = [str(x["id"]) for x in data.get("sections") or ()]
    out = []
    for d in draft.rules:
        normative = [x for x in split_sentences(d.text) if is_normative(x)] or [d.text]
        if normalise(d.text) in pending or all(_covered(source, x, spans) for x in normative):
            continue
        rid, n = d.id, 1
        while rid in existing:
            rid, n = f"{d.id}-new" + (f"-{n}" if n > 1 else ""), n + 1
        existing.add(rid)
        section = d.section if d.section in sections else ""
        out.append(DraftRule(rid, d.ref, section, d.title, d.text, d.stance, d.topics, d.line))
    return out


def plan_update(yaml_text: str, data: Mapping[str, Any], new_text: str, vocabulary: Vocabulary,
                accept: Collection[str] | None, date: str) -> tuple[UpdateReport, str]:
    """The report and the institution file's new text (see the module docstring)."""
    source = SourceText(new_text)
    draft = draft_rules(new_text, str(data["id"]), vocabulary)
    rules = list(data.get("rules") or ())
    report = classify(rules, source, draft, accept)
    report.new = new_passages(data, source, draft, report)
    doc = YamlText(yaml_text)
    _edit_changed_and_gone(doc, rules, report, date)
    _insert_new(doc, rules, report, data)
    return report, doc.apply()


def _mark_line(indent: str, reason: str) -> list[str]:
    return [f"{indent}{MARK}:{scalar(reason)}"]


def _edit_changed_and_gone(doc: YamlText, rules: list[Mapping[str, Any]], report: UpdateReport, date: str) -> None:
    index = {str(r["id"]): i for i, r in enumerate(rules)}
    history: list[str] = []
    for c in report.changed:
        if not c.accepted:
            continue
        node = doc.item("rules", index[c.rule])
        indent = doc.indent_of(node)
        doc.replace_value(node, "text", block("text", c.new, indent))
        doc.set_in_mapping(node, MARK, _mark_line(indent, f"wording changed in the text of {date}: check stance, summary, topics and title"))
        history += [f"  - date: \"{date}\"", f"    rule: {c.rule}", f"    change:{scalar('The policy was reworded. Before: ' + chr(34) + ' '.join(c.old.split()) + chr(34))}"]
    for rid in report.gone:
        node = doc.item("rules", index[rid])
        doc.set_in_mapping(node, MARK, _mark_line(doc.indent_of(node), f"not found in the text of {date}: remove the rule (and what cites it) or correct its text"))
    if history:
        _append_history(doc, history)


def _append_history(doc: YamlText, entries: list[str]) -> None:
    found = doc.get(doc.root, "history")
    if found is None:
        doc.insert_after(doc.root, ["history:", *entries])
    elif not found[1].value:
        doc.replace_value(doc.root, "history", ["history:", *entries])
    else:
        doc.insert_after(found[1], entries)


def _insert_new(doc: YamlText, rules: list[Mapping[str, Any]], report: UpdateReport, data: Mapping[str, Any]) -> None:
    """Each new rule after the last rule that comes before it in the new text (or first)."""
    if not report.new:
        return
    lines = {rid: line for rid, line in report.kept}
    lines.update({c.rule: c.line for c in report.changed})
    previous = 0
    for r in rules:  # a gone rule keeps its place after the rule before it
        previous = lines.setdefault(str(r["id"]), previous)
    sections = [str(x["id"]) for x in data.get("sections") or ()]
    found = doc.get(doc.root, "rules")
    items = found[1].value if found is not None and isinstance(found[1], yaml.SequenceNode) else []
    indent = " " * (items[0].start_mark.column - 2) if items else "  "
    appended: list[str] = []
    for new in report.new:
        before = [i for i, r in enumerate(rules) if lines[str(r["id"])] <= new.line]
        anchor = before[-1] if before else None
        section = new.section or (str(rules[anchor]["section"]) if anchor is not None else (sections[0] if sections else "main"))
        rule = DraftRule(new.id, new.ref, section, new.title, new.text, new.stance, new.topics, new.line)
        mark = f"new in the text, drafted from line {new.line}: check text, ref, section, stance, topics, title and summary"
        text = rule_lines(rule, mark, indent)
        if not items:
            appended += text
        elif anchor is None:
            doc.insert_before(items[0], text)
        else:
            doc.insert_after(items[anchor], text)
    if appended and found is not None:
        doc.replace_value(doc.root, "rules", ["rules:", *appended])
    elif appended:
        doc.insert_after(doc.root, ["rules:", *appended])
    _mark_positions(doc, report)


def _mark_positions(doc: YamlText, report: UpdateReport) -> None:
    positions = doc.get(doc.root, "positions")
    if positions is None:
        return
    topics = list(dict.fromkeys(t for r in report.new for t in r.topics))
    for topic in topics:
        found = doc.get(positions[1], topic)
        if found is None or not isinstance(found[1], yaml.MappingNode):
            continue
        ids = ", ".join(r.id for r in report.new if topic in r.topics)
        doc.set_in_mapping(found[1], MARK, _mark_line(doc.indent_of(found[1]), f"new rules on this topic in the new text ({ids}): check the position"))
        report.positions.append(topic)

