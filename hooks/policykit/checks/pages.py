"""Checks that data ids leave the site's own pages and anchors alone.

An id becomes a page (`topics/<id>.md`, `institutions/<id>.md`) and an
anchor (an HTML id) on the pages it lands on. A page the site already has
(`topics/index.md`, a hand-written page under `docs/`) would be silently
replaced, and an anchor a page already has (`at-a-glance`, `section-rules`)
would be written twice. Both sets are taken from the renderers' own modules,
`policykit.render.paths` and `policykit.render.anchors`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from policykit.checks._common import institutions
from policykit.errors import Problem
from policykit.model import Catalog
from policykit.read import DataFile, DataFiles, field_name
from policykit.render import anchors, changes, paths


def site_pages(files: DataFiles) -> set[str]:
    """Every page path the site has whatever the data: the generated ones and the hand-written ones."""
    pages = {value for name, value in vars(paths).items() if name.isupper() and isinstance(value, str)}
    docs = files.root / "docs"
    if docs.is_dir():
        pages |= {p.relative_to(docs).as_posix() for p in docs.rglob("*.md")}
    return pages


def ids_not_site_pages(draft: Catalog, files: DataFiles) -> Iterator[Problem]:
    """A topic's or institution's page is not one the site already has (by path, or by URL)."""
    pages = site_pages(files)
    urls = {paths.site_url(p): p for p in pages if p.endswith(".md")}

    def taken(page: str) -> str | None:
        return page if page in pages else urls.get(paths.site_url(page))

    claims: list[tuple[DataFile, tuple[Any, ...], str, Callable[[str], str]]] = []
    if files.topics is not None:
        claims += [(files.topics, ("topics", i, "id"), t.id, paths.topic_path) for i, t in enumerate(draft.topics)]
    for f in files.institutions:
        claims += [(f, ("id",), f.stem, paths.institution_path), (f, ("id",), f.stem, paths.source_path)]
    for f, at, ident, page_of in claims:
        page = page_of(ident)
        existing = taken(page)
        if existing:
            yield f.problem(at, f"expected an id that gives a page of its own; found {ident!r}, whose page {page} would replace the site's {existing}")


class _Claim(NamedTuple):
    """An anchor some item puts on a page; `file` None for the page's own. (A named tuple:
    tens of thousands are made on each load at 200 institutions, five times faster than a frozen dataclass.)"""

    anchor: str
    file: DataFile | None = None
    at: tuple[Any, ...] = ()
    value: str = ""

    @property
    def of_sitewide_id(self) -> bool:
        """Made from a rule, FAQ entry or template id (the anchor itself or one derived from it)."""
        return self.file is not None and self.at[0] in ("rules", "faq", "templates") and self.at[-1] == "id"

    @property
    def sitewide(self) -> bool:
        """A rule, FAQ entry or template id: `ids.unique_anchors` already keeps those apart."""
        return self.of_sitewide_id and self.anchor == self.value

    def repeats(self, earlier: _Claim) -> bool:
        """The same id written twice: `ids.unique_anchors` reports it, its derived anchors add nothing."""
        return self.of_sitewide_id and earlier.of_sitewide_id and self.value == earlier.value

    def describe(self) -> str:
        if self.file is None:
            return "an anchor the site writes on that page itself"
        item = field_name(self.at[:-1], self.file.data) or "the institution's id"
        return f"the anchor of {item} in {self.file.display}"


def _fixed(kind: str) -> list[_Claim]:
    return [_Claim(a) for a in anchors.PAGE_ANCHORS[kind]]


def _institution_page(inst, f: DataFile, draft: Catalog, files: DataFiles) -> list[_Claim]:
    claims = _fixed("institution")
    claims += [_Claim(anchors.section(s.id), f, ("sections", i, "id"), s.id) for i, s in enumerate(inst.sections)]
    claims += [_Claim(r.id, f, ("rules", i, "id"), r.id) for i, r in enumerate(inst.rules)]
    claims += [_Claim(q.id, f, ("faq", i, "id"), q.id) for i, q in enumerate(inst.faq)]
    if files.topics is not None:
        claims += [_Claim(anchors.not_covered_group(g.id), files.topics, ("groups", i, "id"), g.id) for i, g in enumerate(draft.groups)]
    if files.templates is not None:
        claims += [_Claim(t.id, files.templates, ("templates", j, "id"), t.id) for j, t in enumerate(draft.templates) if inst.id in t.institutions]
    return claims


def page_anchors(draft: Catalog, files: DataFiles) -> dict[str, list[_Claim]]:
    """Each page (or kind of page) with every anchor it gets, the site's own first."""
    out: dict[str, list[_Claim]] = {}
    pairs = list(institutions(draft, files))
    own_ids = [_Claim(inst.id, f, ("id",), inst.id) for inst, f in pairs]
    for inst, f in pairs:
        out[paths.institution_path(inst.id)] = _institution_page(inst, f, draft, files)
    out["every topic page"] = _fixed("topic") + own_ids
    out[paths.CHANGES] = _fixed("changes") + own_ids + [_Claim(a) for a in changes.entry_anchors(draft)]
    faq = _fixed("faq")
    if files.topics is not None:
        faq += [_Claim(anchors.group(g.id), files.topics, ("groups", i, "id"), g.id) for i, g in enumerate(draft.groups)]
        faq += [_Claim(t.id, files.topics, ("topics", i, "id"), t.id) for i, t in enumerate(draft.topics)]
    faq += [_Claim(anchors.institution_faqs(inst.id), f, ("id",), inst.id) for inst, f in pairs]
    faq += [_Claim(q.id, f, ("faq", i, "id"), q.id) for inst, f in pairs for i, q in enumerate(inst.faq)]
    out[paths.FAQ] = faq
    tpl = _fixed("templates")
    if files.templates is not None:
        for j, t in enumerate(draft.templates):
            at = ("templates", j, "id")
            tpl += [_Claim(t.id, files.templates, at, t.id), _Claim(anchors.template_text(t.id), files.templates, at, t.id)]
            tpl += [_Claim(anchors.template_field(t.id, k), files.templates, at, t.id) for k in range(1, len(t.placeholders) + 1)]
    out[paths.TEMPLATES] = tpl
    return out


def unique_page_anchors(draft: Catalog, files: DataFiles) -> Iterator[Problem]:
    """No page gets one anchor twice: the second item to claim it is reported."""
    for page, claims in page_anchors(draft, files).items():
        first: dict[str, _Claim] = {}
        for claim in claims:
            earlier = first.setdefault(claim.anchor, claim)
            if earlier is claim or claim.file is None or (claim.sitewide and earlier.sitewide) or claim.repeats(earlier) or (earlier.file, earlier.at) == (claim.file, claim.at):
                continue
            made = f", which makes the anchor {claim.anchor!r}" if claim.anchor != claim.value else ""
            message = f"expected an id whose anchor no other heading of {page} has; found {claim.value!r}{made}, already {earlier.describe()}"
            yield claim.file.problem(claim.at, message)
