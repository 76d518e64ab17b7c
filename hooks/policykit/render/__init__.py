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

from policykit.model import Catalog
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
    """

    pages: dict[str, tuple[Any, str]] = field(default_factory=dict)
    rendered: int = 0
    reused: int = 0

    def page(self, path: str, inputs: Any, make: Callable[[], str]) -> str:
        kept = self.pages.get(path)
        if kept is not None and kept[0] == inputs:
            self.reused += 1
            return kept[1]
        self.rendered += 1
        text = make()
        self.pages[path] = (inputs, text)
        return text


def _fresh(path: str, inputs: Any, make: Callable[[], str]) -> str:
    return make()


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
    urls = directory_urls if resolve_links else None
    made_or_kept = memo.page if memo is not None else _fresh

    def page(path: str, make: Callable[[], str], origin: str | None = None, inputs: Any = None) -> GeneratedPage:
        """A page made by `make` (reused from `memo` while `inputs` are equal, when given), finished."""
        finish = lambda: _finished(path, make(), urls, mark_raw)  # noqa: E731
        return GeneratedPage(path, finish() if inputs is None else made_or_kept(path, inputs, finish), origin)

    pages = [page(paths.INSTITUTIONS_INDEX, lambda: indexes.institutions_index(catalog, today))]
    for inst in catalog.institutions:
        path = paths.institution_path(inst.id)
        made = page(path, lambda: institution.institution_page(catalog, inst, today), inst.data_file, (inst, today, institution.page_inputs(catalog, inst)))
        # The not-covered section reads every institution's positions: rendered on every build.
        gaps = _finished(path, writers.not_covered_section(catalog, inst), urls, mark_raw)
        pages.append(GeneratedPage(path, made.text + "\n" + gaps, made.origin))
        path = paths.source_path(inst.id)
        pages.append(page(path, lambda: source.source_page(inst), f"{data}/sources/{inst.document.source}", inst))
    pages.append(page(paths.TOPICS_INDEX, lambda: indexes.topics_index(catalog), topics_yaml))
    for t in catalog.topics:
        pages.append(page(paths.topic_path(t.id), lambda: topic.topic_page(catalog, t), topics_yaml, topic.page_inputs(catalog, t)))
    pages += [
        page(paths.COMPARE, lambda: compare.compare_page(catalog)),
        page(paths.FAQ, lambda: faq.faq_page(catalog), topics_yaml),
        page(paths.TEMPLATES, lambda: templates.templates_page(catalog), f"{data}/templates.yaml"),
        page(paths.POLICY_WRITERS, lambda: writers.policy_writers_page(catalog)),
        page(paths.CLAUSE_PACK, lambda: writers.clause_pack_page(catalog)),
        page(paths.REVIEW, lambda: review.review_page(catalog, today)),
        page(paths.CHANGES, lambda: changes.changes_page(catalog)),
        GeneratedPage(paths.CHANGES_FEED, feed.changes_feed(catalog, today=today, site_url=site_url, directory_urls=directory_urls)),
        GeneratedPage(paths.POLICIES_JSON, exports.policies_json(catalog, directory_urls=directory_urls)),
        GeneratedPage(paths.COMPARISON_CSV, exports.comparison_csv(catalog)),
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
