"""Checks that every reference resolves: sections, topics, rules, institutions.

A reference into an institution file that could not be read is not reported
(that file's own problem is); every other one is, however many other problems
its file has, so one run shows every consequence of an edit.
"""

from __future__ import annotations

from collections.abc import Iterator

from policykit.checks._common import did_you_mean_id, institutions, of_unreadable, rule_owners
from policykit.errors import Problem
from policykit.model import Catalog, ChangeKind
from policykit.read import DataFiles
from policykit.schema import did_you_mean


def rule_sections(draft: Catalog, files: DataFiles) -> Iterator[Problem]:
    for inst, f in institutions(draft, files):
        sections = {s.id for s in inst.sections}
        for i, rule in enumerate(inst.rules):
            if rule.section not in sections:
                hint = did_you_mean(rule.section, sections)
                yield f.problem(("rules", i, "section"), f"unknown section {rule.section!r}; expected one of the ids under sections{hint}")


def rule_topics(draft: Catalog, files: DataFiles) -> Iterator[Problem]:
    if files.topics is None:
        return
    topic_ids = [t.id for t in draft.topics]
    for inst, f in institutions(draft, files):
        for i, rule in enumerate(inst.rules):
            for j, t in enumerate(rule.topics):
                if t not in topic_ids:
                    yield f.problem(("rules", i, "topics", j), f"unknown topic {t!r}; expected an id from topics.yaml{did_you_mean(t, topic_ids)}")


def faq_and_history_rules(draft: Catalog, files: DataFiles) -> Iterator[Problem]:
    """FAQ entries and history entries name rules of their own institution."""
    for inst, f in institutions(draft, files):
        own = [r.id for r in inst.rules]
        named = [(("faq", i, "rules", j), rid) for i, q in enumerate(inst.faq) for j, rid in enumerate(q.rules)]
        # A removed rule's entry names an id that is gone on purpose (checks/history.py).
        named += [(("history", i, "rule"), c.rule) for i, c in enumerate(inst.history) if c.kind is not ChangeKind.REMOVED]
        for path, rid in named:
            if rid not in own and rid not in files.left_out:
                yield f.problem(path, f"unknown rule {rid!r}; expected a rule id of {inst.id}{did_you_mean_id(rid, own)}")


def see_also(draft: Catalog, files: DataFiles) -> Iterator[Problem]:
    """`see_also` names a rule of another institution."""
    owners = rule_owners(draft)
    for inst, f in institutions(draft, files):
        for i, rule in enumerate(inst.rules):
            for j, target in enumerate(rule.see_also):
                owner = owners.get(target)
                at = ("rules", i, "see_also", j)
                if owner is None and not of_unreadable(target, files):
                    # Listed only for the hint, and only when needed: every rule of every other institution.
                    others = [r.id for other in draft.institutions if other.id != inst.id for r in other.rules]
                    yield f.problem(at, f"unknown rule {target!r}; expected a rule id of another institution{did_you_mean_id(target, others)}")
                elif owner == inst.id:
                    yield f.problem(at, f"expected a rule of another institution; found {target!r}, a rule of {inst.id}")


def template_institutions(draft: Catalog, files: DataFiles) -> Iterator[Problem]:
    f = files.templates
    if f is None:
        return
    known = {i.id for i in draft.institutions} | files.unreadable
    choices = ", ".join(sorted(known)) or "none (there are no institution files)"
    for i, t in enumerate(draft.templates):
        for j, inst in enumerate(t.institutions):
            if inst not in known:
                yield f.problem(("templates", i, "institutions", j), f"unknown institution {inst!r}; expected one of {choices}{did_you_mean(inst, known)}")


def template_rules(draft: Catalog, files: DataFiles) -> Iterator[Problem]:
    """A template's rules exist and belong to its institutions."""
    f = files.templates
    if f is None:
        return
    owners = rule_owners(draft)
    every_use = [r.id for inst in draft.institutions for r in inst.rules]
    for i, t in enumerate(draft.templates):
        for j, rid in enumerate(t.rules):
            owner = owners.get(rid)
            at = ("templates", i, "rules", j)
            if owner is None and not of_unreadable(rid, files):
                yield f.problem(at, f"unknown rule {rid!r}; expected a rule id{did_you_mean_id(rid, every_use)}")
            elif owner is not None and owner not in t.institutions:
                message = f"expected a rule of {', '.join(t.institutions)}; found {rid!r}, a rule of {owner} (add {owner!r} to institutions)"
                yield f.problem(at, message)


def template_topics(draft: Catalog, files: DataFiles) -> Iterator[Problem]:
    f = files.templates
    if f is None or files.topics is None:
        return
    topic_ids = {t.id for t in draft.topics}
    for i, t in enumerate(draft.templates):
        for j, topic in enumerate(t.topics):
            if topic not in topic_ids:
                yield f.problem(("templates", i, "topics", j), f"unknown topic {topic!r}; expected an id from topics.yaml{did_you_mean(topic, topic_ids)}")
