"""Render the catalog into Markdown pages and exports: pure functions, no MkDocs."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping

from policykit.model import Catalog
from policykit.render import compare, exports, faq, institution, misc, paths, templates, topic, writers


MARKER = re.compile(r"<!-- policy:([a-z0-9-]+) -->")
# Hand-written pages that must carry a marker, so that a lost marker fails the build.
REQUIRED_MARKERS = {"index.md": ("institution-cards", "counts")}


class MarkerError(ValueError):
    """A hand-written page lacks a marker it needs, or names one that does not exist."""


def build_date(environ: Mapping[str, str] = os.environ) -> dt.date:
    """The build's date: from SOURCE_DATE_EPOCH when set, so that builds can be reproduced."""
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    return dt.date.today()


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


def build_pages(catalog: Catalog, *, today: dt.date, directory_urls: bool = True) -> dict[str, str]:
    """Every generated file of the site: {docs-relative path: content}, in a stable order."""
    pages: dict[str, str] = {}
    pages[paths.INSTITUTIONS_INDEX] = misc.institutions_index(catalog, today)
    for inst in catalog.institutions:
        pages[paths.institution_path(inst.id)] = institution.institution_page(catalog, inst, today) + "\n" + writers.not_covered_section(catalog, inst)
        pages[paths.source_path(inst.id)] = misc.source_page(inst)
    pages[paths.TOPICS_INDEX] = misc.topics_index(catalog)
    for t in catalog.topics:
        pages[paths.topic_path(t.id)] = topic.topic_page(catalog, t)
    pages[paths.COMPARE] = compare.compare_page(catalog)
    pages[paths.FAQ] = faq.faq_page(catalog)
    pages[paths.TEMPLATES] = templates.templates_page(catalog)
    pages[paths.POLICY_WRITERS], pages[paths.CLAUSE_PACK] = writers.policy_writers_page(catalog), writers.clause_pack_page(catalog)
    pages[paths.REVIEW] = misc.review_page(catalog, today)
    pages[paths.CHANGES] = misc.changes_page(catalog)
    pages[paths.POLICIES_JSON] = exports.policies_json(catalog, directory_urls=directory_urls)
    pages[paths.COMPARISON_CSV] = exports.comparison_csv(catalog)
    return pages


def fragments(catalog: Catalog, *, today: dt.date) -> dict[str, str]:
    """Generated pieces for hand-written pages, by marker name (`<!-- policy:NAME -->`)."""
    return {
        "institution-cards": misc.institution_cards(catalog, "index.md", today),
        "stance-legend": misc.stance_legend(),
        "counts": misc.counts(catalog),
    }


def data_origin(catalog: Catalog, page: str) -> str | None:
    """The data file a generated page is made from, for its edit link (None when many)."""
    kind, _, name = page.rpartition("/")
    stem = name.rsplit(".", 1)[0]
    if kind == "institutions" and stem != "index":
        return catalog.institution(stem).data_file
    if kind == "sources":
        return f"{catalog.data_dir}/sources/{catalog.institution(stem).document.source}"
    if kind == "topics" or page == paths.FAQ:
        return f"{catalog.data_dir}/topics.yaml"
    if page == paths.TEMPLATES:
        return f"{catalog.data_dir}/templates.yaml"
    return None
