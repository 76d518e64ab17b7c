"""Render the catalog into Markdown pages and exports: pure functions, no MkDocs.

`build_pages` gives every generated file with the data file it comes from;
`fragments` the pieces for hand-written pages, which `fill_markers` puts in
place. Nothing here reads the environment or the clock: the caller passes
`today` (see `policykit.settings`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from policykit.model import Catalog, Institution, Topic
from policykit.render.md import unmark_raw_blocks
from policykit.render import changes, compare, exports, faq, feed, fragments as pieces, indexes, institution, paths, review, source, templates, topic, writers

MARKER = re.compile(r"<!-- policy:([a-z0-9-]+) -->")
# Hand-written pages that must carry a marker, so that a lost marker fails the build.
REQUIRED_MARKERS = {"index.md": ("institution-cards", "counts")}


class MarkerError(ValueError):
    """A hand-written page lacks a marker it needs, or names one that does not exist."""


@dataclass(frozen=True)
class GeneratedPage:
    """One generated file of the site."""

    path: str
    """Docs-relative path: `institutions/cms.md`, `policies.json`."""
    text: str
    """Its whole content."""
    origin: str | None = None
    """The data file it is made from, relative to the project root (its edit link); None when many."""


def fill_markers(markdown: str, pieces: Mapping[str, str], page: str) -> str:
    """`markdown` with each `<!-- policy:NAME -->` replaced by its generated piece."""
    found = set(MARKER.findall(markdown))
    missing = [name for name in REQUIRED_MARKERS.get(page, ()) if name not in found]
    if missing:
        raise MarkerError(f"docs/{page}: expected the marker <!-- policy:{missing[0]} --> in this page; found none")

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in pieces:
            raise MarkerError(f"docs/{page}: unknown marker <!-- policy:{name} -->; expected one of {', '.join(sorted(pieces))}")
        return pieces[name]

    return MARKER.sub(fill, markdown)


@dataclass
class RenderMemo:
    """Pages made by earlier builds, each kept with the inputs it was made from.

    A long-lived caller (the hook under `mkdocs serve`) passes one to `build_pages`:
    a page whose inputs (frozen records, compared by value) equal last build's is
    not rendered again. Each renderer that takes part names its inputs in a
    `page_inputs` function beside it: everything it reads besides its arguments.
    Pages made of one part per topic (the not-covered sections, the writers' page,
    the clause pack) keep each part while its topic's inputs hold: a topic's inputs
    are compared once a build (`version`), not once for every page that quotes it.
    """

    pages: dict[str, tuple[Any, str]] = field(default_factory=dict)
    versions: dict[str, tuple[Any, int]] = field(default_factory=dict)
    rendered: int = 0
    reused: int = 0

    def page(self, key: str, inputs: Any, make: Callable[[], str]) -> str:
        kept = self.pages.get(key)
        if kept is not None and kept[0] == inputs:
            self.reused += 1
            return kept[1]
        self.rendered += 1
        text = make()
        self.pages[key] = (inputs, text)
        return text

    def version(self, key: str, inputs: Any) -> int:
        """A number that stays the same while `inputs` equal the last build's for `key`."""
        kept = self.versions.get(key)
        if kept is None or kept[0] != inputs:
            kept = self.versions[key] = (inputs, 1 + max((v for _, v in self.versions.values()), default=0))
        return kept[1]


@dataclass
class _Maker:
    """How `build_pages` makes each page: afresh, or through a `RenderMemo` when one is given."""

    catalog: Catalog
    memo: RenderMemo | None
    urls: bool | None  # `directory_urls`, or None to leave links to pages as `.md` paths
    mark_raw: bool
    version: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.memo is not None:  # each topic's inputs (all that a topic's part of any page reads), versioned
            self.version = {t.id: self.memo.version(t.id, topic.page_inputs(self.catalog, t)) for t in self.catalog.topics}

    def keep(self, key: str, inputs: Any, make: Callable[[], str]) -> str:
        """`make()`, or its text from the memo while `inputs` equal the last build's (None: always made)."""
        return self.memo.page(key, inputs, make) if self.memo is not None and inputs is not None else make()

    def page(self, path: str, make: Callable[[], str], origin: str | None = None, inputs: Any = None, key: str = "") -> GeneratedPage:
        """A page made by `make` (kept under `key` or its path while `inputs` are equal, when given), finished."""
        return GeneratedPage(path, self.keep(key or path, inputs, lambda: _finished(path, make(), self.urls, self.mark_raw)), origin)

    def part(self, path: str, t: Topic, make: Callable[[], str]) -> str:
        """One topic's part of a page, kept while the topic's version holds (`writers.TopicPart`)."""
        return self.keep(f"{path}#topic-{t.id}", self.version.get(t.id), make)

    def pack_scripts(self, directory_urls: bool) -> list[GeneratedPage]:
        """Above `writers.MAX_QUOTED` institutions, each topic's positions for the clause pack as a
        script, kept while the topic's version holds. Their links are always made URLs
        (relative to the pack's page, where the HTML goes): no builder resolves them in a script."""
        if not writers.pack_in_scripts(self.catalog):
            return []
        out = []
        for t in self.catalog.topics:
            path = paths.clause_pack_script(t.id)

            def make(t: Topic = t) -> str:
                html = _finished(paths.CLAUSE_PACK, writers.pack_positions(self.catalog, t, paths.CLAUSE_PACK), directory_urls, False)
                return writers.pack_script(t.id, html)

            out.append(GeneratedPage(path, self.keep(path, self.by_topic(directory_urls, only=t), make)))
        return out

    def by_topic(self, *reads: Any, only: Topic | None = None) -> Any:
        """Inputs of what is made of topic parts: what else it reads, and every topic's version (or `only` one's)."""
        if self.memo is None:
            return None
        return (reads, self.version[only.id] if only is not None else tuple(self.version.items()))

    def silent_on(self, inst: Institution) -> Any:
        """Inputs of an institution's not-covered section: its name, the topic count and groups, its gaps' versions."""
        if self.memo is None:
            return None
        gaps = tuple((t.id, self.version[t.id]) for t in self.catalog.topics if not inst.position(t.id).addressed)
        return (inst.short_name, len(self.catalog.topics), self.catalog.groups, gaps)


def build_pages(
    catalog: Catalog,
    *,
    today: dt.date,
    directory_urls: bool = True,
    site_url: str | None = None,
    memo: RenderMemo | None = None,
    mark_raw: bool = False,
    resolve_links: bool = True,
) -> tuple[GeneratedPage, ...]:
    """Every generated file of the site, in a stable order, each with the data it comes from.

    `site_url` makes the feed's links absolute; `memo` reuses pages whose inputs did not change;
    `mark_raw` keeps the marks around raw HTML blocks (`md.raw_block`), for a build that passes them through;
    `resolve_links=False` leaves their links to pages as `.md` paths, for a builder that resolves
    those in raw HTML itself (Zensical), where MkDocs leaves raw HTML alone.
    """
    data = catalog.data_dir
    topics_yaml = f"{data}/topics.yaml"
    maker = _Maker(catalog, memo, directory_urls if resolve_links else None, mark_raw)
    page, part = maker.page, maker.part
    pages = [page(paths.INSTITUTIONS_INDEX, lambda: indexes.institutions_index(catalog, today))]
    for inst in catalog.institutions:
        path = paths.institution_path(inst.id)
        made = page(path, lambda: institution.institution_page(catalog, inst, today), inst.data_file, (inst, today, institution.page_inputs(catalog, inst)))
        # The not-covered section quotes the other institutions on each topic this one is silent on.
        gaps = page(path, lambda: writers.not_covered_section(catalog, inst, part), None, maker.silent_on(inst), f"{path}#not-covered")
        pages.append(GeneratedPage(path, made.text + "\n" + gaps.text, made.origin))
        path = paths.source_path(inst.id)
        pages.append(page(path, lambda: source.source_page(inst), f"{data}/sources/{inst.document.source}", inst))
    pages.append(page(paths.TOPICS_INDEX, lambda: indexes.topics_index(catalog), topics_yaml))
    for t in catalog.topics:
        pages.append(page(paths.topic_path(t.id), lambda: topic.topic_page(catalog, t), topics_yaml, maker.version.get(t.id)))
    everyone = tuple((i.id, i.short_name, i.name) for i in catalog.institutions)
    scripts = paths.clause_pack_scripts_url(directory_urls=directory_urls)
    matrix = compare.page_inputs(catalog)  # what the comparison and its CSV read
    pages += [
        page(paths.COMPARE, lambda: compare.compare_page(catalog), None, matrix),
        page(paths.FAQ, lambda: faq.faq_page(catalog), topics_yaml),
        page(paths.TEMPLATES, lambda: templates.templates_page(catalog), f"{data}/templates.yaml"),
        page(paths.POLICY_WRITERS, lambda: writers.policy_writers_page(catalog, part), None, maker.by_topic(everyone, catalog.groups)),
        page(paths.CLAUSE_PACK, lambda: writers.clause_pack_page(catalog, part, scripts), None, maker.by_topic(everyone, catalog.groups, scripts)),
        *maker.pack_scripts(directory_urls),
        page(paths.REVIEW, lambda: review.review_page(catalog, today)),
        page(paths.CHANGES, lambda: changes.changes_page(catalog)),
        GeneratedPage(paths.CHANGES_FEED, feed.changes_feed(catalog, today=today, site_url=site_url, directory_urls=directory_urls)),
        GeneratedPage(paths.POLICIES_JSON, exports.policies_json(catalog, directory_urls=directory_urls, kept=maker.keep)),
        GeneratedPage(paths.COMPARISON_CSV, maker.keep(paths.COMPARISON_CSV, matrix, lambda: exports.comparison_csv(catalog))),
    ]
    return tuple(pages)


def _finished(path: str, text: str, directory_urls: bool | None, mark_raw: bool) -> str:
    """A page's Markdown with its raw-HTML links made URLs (unless `directory_urls` is None)
    and, unless kept, the raw-block marks dropped."""
    text = text if directory_urls is None else paths.resolve_page_links(path, text, directory_urls=directory_urls)
    return text if mark_raw else unmark_raw_blocks(text)


def fragments(catalog: Catalog, *, today: dt.date) -> dict[str, str]:
    """Generated pieces for hand-written pages, by marker name (`<!-- policy:NAME -->`)."""
    return {
        "institution-cards": pieces.institution_cards(catalog, "index.md", today),
        "stance-legend": pieces.stance_legend(),
        "counts": pieces.counts(catalog),
    }
