"""Checks of template origins: wording labelled as a policy's is printed in that policy."""

from __future__ import annotations

from collections.abc import Iterator

from policykit.checks._common import did_you_mean_id, of_unreadable
from policykit.errors import Problem
from policykit.model import Catalog, Origin, Template
from policykit.read import DataFile, DataFiles


def policy_wording(draft: Catalog, files: DataFiles) -> Iterator[Problem]:
    f = files.templates
    if f is None:
        return
    # Who prints each rule and FAQ entry: the ids a source_ref may name.
    printers = {q.id: inst for inst in draft.institutions for q in inst.faq}
    printers.update({r.id: inst for inst in reversed(draft.institutions) for r in inst.rules})
    for i, t in enumerate(draft.templates):
        if t.origin is Origin.POLICY:
            yield from _printed_wording(f, i, t, printers, files)
        elif t.source_ref:
            message = f"expected no source_ref for origin 'suggested' (it names where policy wording is printed); found {t.source_ref!r}"
            yield f.problem(("templates", i, "source_ref"), message)


def _printed_wording(f: DataFile, i: int, t: Template, printers: dict, files: DataFiles) -> Iterator[Problem]:
    at = ("templates", i)
    ref = t.source_ref
    if not ref:
        yield f.problem(at + ("source_ref",), "expected the id of the rule or FAQ entry that prints this wording (origin is 'policy'); found none")
        return
    inst = printers.get(ref)
    if inst is None:
        if not of_unreadable(ref, files):
            hint = did_you_mean_id(ref, printers)
            yield f.problem(at + ("source_ref",), f"unknown rule or FAQ entry {ref!r}; expected the id of the one that prints this wording{hint}")
        return
    source = files.sources.get(inst.document.source)
    if source is not None and source.find(t.body) is None:
        where = files.source_display(inst.document.source)
        yield f.problem(at + ("body",), f"expected wording printed in {where} (origin is 'policy'); found text that {source.closest_miss(t.body)}")
