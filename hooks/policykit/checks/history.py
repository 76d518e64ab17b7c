"""Checks of `history`: what each kind of entry needs, and a removed rule really gone."""

from __future__ import annotations

from collections.abc import Iterator

from policykit.checks._common import institutions
from policykit.errors import Problem
from policykit.model import Catalog, ChangeKind
from policykit.read import DataFiles


def old_wording_kept(draft: Catalog, files: DataFiles) -> Iterator[Problem]:
    """A changed or removed rule's entry keeps the old wording: readers see it after the source moved on."""
    for inst, f in institutions(draft, files):
        for i, change in enumerate(inst.history):
            if change.kind in (ChangeKind.CHANGED, ChangeKind.REMOVED) and not change.old_text:
                yield f.problem(
                    ("history", i), f"expected old_text (the wording before, quoted from the earlier source) for kind {change.kind.value!r}; found none"
                )


def removed_rules_gone(draft: Catalog, files: DataFiles) -> Iterator[Problem]:
    """An entry of kind `removed` names a rule id that is no longer a rule."""
    for inst, f in institutions(draft, files):
        current = {r.id for r in inst.rules}
        for i, change in enumerate(inst.history):
            if change.kind is ChangeKind.REMOVED and change.rule in current:
                yield f.problem(
                    ("history", i, "rule"),
                    f"expected the id of a rule no longer in the data for kind 'removed'; found {change.rule!r}, a current rule "
                    "(use kind: changed when its wording changed)",
                )
