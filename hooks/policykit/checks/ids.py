"""Checks of ids and names: the file name is the id, ids unique where they must be."""

from __future__ import annotations

from collections.abc import Iterator

from policykit.checks._common import institutions
from policykit.errors import Problem
from policykit.model import Catalog
from policykit.read import DataFiles


def file_name_is_id(draft: Catalog, files: DataFiles) -> Iterator[Problem]:
    """The file's name is the id; a different `id` is one mistake, reported once."""
    for f in files.institutions:
        if f.data["id"] != f.stem:
            yield f.problem(("id",), f"expected the file's name, {f.stem!r}; found {f.data['id']!r}")


def unique_sections(draft: Catalog, files: DataFiles) -> Iterator[Problem]:
    for inst, f in institutions(draft, files):
        seen: set[str] = set()
        for i, s in enumerate(inst.sections):
            if s.id in seen:
                yield f.problem(("sections", i, "id"), f"expected each section id once; found {s.id!r} again")
            seen.add(s.id)


def rule_ids_start_with_institution(draft: Catalog, files: DataFiles) -> Iterator[Problem]:
    for inst, f in institutions(draft, files):
        for i, rule in enumerate(inst.rules):
            if not rule.id.startswith(inst.id + "-"):
                yield f.problem(("rules", i, "id"), f"expected an id starting with {inst.id + '-'!r}; found {rule.id!r}")


def unique_anchors(draft: Catalog, files: DataFiles) -> Iterator[Problem]:
    """Rule, FAQ and template ids are page anchors: each once across the site."""
    claims = []
    for inst, f in institutions(draft, files):
        claims += [(f, ("rules", i, "id"), r.id, f"rules[{i}]") for i, r in enumerate(inst.rules)]
        claims += [(f, ("faq", i, "id"), q.id, f"faq[{i}]") for i, q in enumerate(inst.faq)]
    if files.templates is not None:
        claims += [(files.templates, ("templates", i, "id"), t.id, f"templates[{i}]") for i, t in enumerate(draft.templates)]
    seen: dict[str, str] = {}
    for f, path, anchor, what in claims:
        if anchor in seen:
            yield f.problem(path, f"duplicate id; expected ids unique across the site; found {anchor!r}, already used by {seen[anchor]}")
        else:
            seen[anchor] = f"{what} in {f.display}"


def unique_short_names(draft: Catalog, files: DataFiles) -> Iterator[Problem]:
    seen: dict[str, str] = {}
    for f in files.institutions:
        name = f.data["short_name"].casefold()
        if name in seen:
            yield f.problem(("short_name",), f"expected a short name no other institution uses; found {f.data['short_name']!r}, also used in {seen[name]}")
        seen.setdefault(name, f.display)
