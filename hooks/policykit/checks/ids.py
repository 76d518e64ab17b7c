"""Checks of ids and names: the file name is the id, ids unique where they must be."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from policykit.checks._common import institutions, owner_by_prefix, repeats
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
        for i, section_id in repeats(s.id for s in inst.sections):
            yield f.problem(("sections", i, "id"), f"expected each section id once; found {section_id!r} again")


def rule_ids_start_with_institution(draft: Catalog, files: DataFiles) -> Iterator[Problem]:
    """A rule id starts with its institution's id and a hyphen, and names no other institution
    that way: with `st` and `st-marys` both institutions, `st-marys-1` is St Mary's."""
    known = {f.stem for f in files.institutions} | files.unreadable
    for inst, f in institutions(draft, files):
        for i, rule in enumerate(inst.rules):
            owner = owner_by_prefix(rule.id, known)
            if not rule.id.startswith(inst.id + "-"):
                yield f.problem(("rules", i, "id"), f"expected an id starting with {inst.id + '-'!r}; found {rule.id!r}")
            elif owner != inst.id:
                message = f"expected an id starting with {inst.id + '-'!r} and not with {owner + '-'!r} (institution {owner}'s); found {rule.id!r}"
                yield f.problem(("rules", i, "id"), message)


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


def name_key(name: str) -> str:
    """A name as compared: Unicode compatibility forms (NFKC), case folded, spaces trimmed and single.

    `CMS`, `cms`, `CMS ` with a trailing no-break space and fullwidth `ＣＭＳ` are one name.
    """
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
    return " ".join(folded.split())


def _unique(files: DataFiles, key: str, what: str) -> Iterator[Problem]:
    seen: dict[str, tuple[str, str]] = {}
    for f in files.institutions:
        name = f.data[key]
        compared = name_key(name)
        if compared in seen:
            other, where = seen[compared]
            same = "" if other == name else f" as {other!r} (names are compared ignoring case, spacing and character forms)"
            yield f.problem((key,), f"expected {what} no other institution uses; found {name!r}, also used in {where}{same}")
        seen.setdefault(compared, (name, f.display))


def unique_short_names(draft: Catalog, files: DataFiles) -> Iterator[Problem]:
    """Short names head pages and name matrix columns: each one once."""
    return _unique(files, "short_name", "a short name")


def unique_names(draft: Catalog, files: DataFiles) -> Iterator[Problem]:
    """Two files with one institution's name are most likely the same institution twice."""
    return _unique(files, "name", "a name")
