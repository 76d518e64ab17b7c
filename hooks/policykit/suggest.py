"""Comparable rules of other institutions, for a rule's `see_also` (`scripts/suggest_see_also`).

A candidate shares at least one topic with the rule. Ranked: same stance
first, then more topics shared, then the share of the candidate's topics that
are shared (a rule on one topic beats one on ten), then catalog order. Rules
already listed, and rules of the same institution, are left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from policykit.model import Catalog, Rule


@dataclass(frozen=True)
class Suggestion:
    rule: Rule
    shared: tuple[str, ...]
    """The topic ids both rules answer."""
    same_stance: bool


def suggest_see_also(cat: Catalog, rule: Rule, limit: int = 5) -> tuple[Suggestion, ...]:
    """Up to `limit` rules of other institutions to compare `rule` with, best first."""
    found = []
    for order, other in enumerate(cat.rules):
        if other.institution == rule.institution or other.id in rule.see_also:
            continue
        shared = tuple(t for t in rule.topics if t in other.topics)
        if shared:
            same = other.stance == rule.stance
            found.append(((not same, -len(shared), -len(shared) / len(other.topics), order), Suggestion(other, shared, same)))
    found.sort(key=lambda pair: pair[0])
    return tuple(s for _, s in found[:limit])


def suggestion_lines(cat: Catalog, rule: Rule, limit: int = 5) -> list[str]:
    """YAML to paste under the rule, with a comment line for each suggestion."""
    inst = cat.institution(rule.institution)
    found = suggest_see_also(cat, rule, limit)
    head = f"# {rule.id} ({inst.short_name} {rule.ref} · {rule.title}): {rule.stance.value}; topics {', '.join(rule.topics) or 'none'}"
    if not found:
        return [head, "# no rule of another institution shares a topic with it"]
    ids = [*rule.see_also, *(s.rule.id for s in found)]
    lines = [head, f"# in {inst.data_file}, under the rule with id {rule.id}:", f"    see_also: [{', '.join(ids)}]"]
    for s in found:
        other = cat.institution(s.rule.institution)
        stance = "same stance" if s.same_stance else f"stance {s.rule.stance.value}"
        lines.append(f"#   {s.rule.id}: {other.short_name} {s.rule.ref} · {s.rule.title} ({stance}; shares {', '.join(s.shared)})")
    return lines
