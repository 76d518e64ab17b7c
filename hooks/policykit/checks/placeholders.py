"""Checks of template blanks: each `[Name]` in a body declared once, each declared one used."""

from __future__ import annotations

from collections.abc import Iterator

from policykit.errors import Problem
from policykit.model import PLACEHOLDER, Catalog
from policykit.read import DataFiles
from policykit.schema import did_you_mean


def placeholders_declared_and_used(draft: Catalog, files: DataFiles) -> Iterator[Problem]:
    f = files.templates
    if f is None:
        return
    for i, t in enumerate(draft.templates):
        at = ("templates", i)
        used = list(dict.fromkeys(PLACEHOLDER.findall(t.body)))
        declared = [p.name for p in t.placeholders]
        for name in used:
            if name not in declared:
                hint = did_you_mean(name, declared)
                yield f.problem(at + ("body",), f"undeclared placeholder [{name}]; expected it under placeholders (name, label, example){hint}")
        for j, name in enumerate(declared):
            if name not in used:
                yield f.problem(at + ("placeholders", j, "name"), f"unused placeholder {name!r}; expected [{name}] in the body")
            if declared.index(name) != j:
                yield f.problem(at + ("placeholders", j, "name"), f"expected each placeholder once; found {name!r} again")
