"""Checks of positions: one for every topic, each resting on rules tagged with its topic."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from policykit.checks._common import did_you_mean_id, institutions
from policykit.errors import Problem
from policykit.model import Catalog, Institution, Rule
from policykit.read import DataFile, DataFiles
from policykit.schema import did_you_mean


def position_topics(draft: Catalog, files: DataFiles) -> Iterator[Problem]:
    """Every topic has a position; every position is on a topic."""
    if files.topics is None:
        return
    topic_ids = [t.id for t in draft.topics]
    for f in files.institutions:
        answered = f.data["positions"]
        for topic in answered:
            if topic not in topic_ids:
                yield f.problem(("positions", topic), f"unknown topic; expected an id from topics.yaml{did_you_mean(topic, topic_ids)}", key=True)
        for topic in topic_ids:
            if topic not in answered:
                message = f"expected a position for topic {topic!r} (stance: not-addressed when the document is silent); found none"
                yield f.problem(("positions", topic), message)


def position_rules(draft: Catalog, files: DataFiles) -> Iterator[Problem]:
    """A position rests on rules exactly when it is addressed; each rule lists its topic."""
    if files.topics is None:
        return
    for inst, f in institutions(draft, files):
        own: dict[str, Rule] = {}
        for r in inst.rules:
            own.setdefault(r.id, r)
        for topic in dict.fromkeys(t.id for t in draft.topics):
            p = f.data["positions"].get(topic)
            if p is not None:
                yield from _rules_of(inst, own, f, topic, p, files.left_out)


def _rules_of(inst: Institution, own: dict[str, Rule], f: DataFile, topic: str, p: dict[str, Any], left_out: frozenset[str]) -> Iterator[Problem]:
    at = ("positions", topic)
    cited = p.get("rules") or []
    if p["stance"] == "not-addressed":
        if cited:
            yield f.problem(at + ("rules",), f"expected no rules for a not-addressed position; found {len(cited)}")
        return
    if not cited:
        yield f.problem(at + ("rules",), f"expected the rules a {p['stance']!r} position rests on; found none")
    for j, rid in enumerate(cited):
        rule = own.get(rid)
        if rule is None and rid not in left_out:
            yield f.problem(at + ("rules", j), f"unknown rule {rid!r}; expected a rule id of {inst.id}{did_you_mean_id(rid, [r.id for r in inst.rules])}")
        elif rule is not None and topic not in rule.topics:
            yield f.problem(at + ("rules", j), f"expected rule {rid!r} to list topic {topic!r} in its topics; found {', '.join(rule.topics)}")
