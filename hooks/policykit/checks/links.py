"""Checks of links: no spaces or line breaks around an address."""

from __future__ import annotations

from collections.abc import Iterator

from policykit.errors import Problem
from policykit.model import Catalog
from policykit.read import DataFiles


def links_without_spaces(draft: Catalog, files: DataFiles) -> Iterator[Problem]:
    for f in files.institutions:
        for path, url in ((("website",), f.data.get("website")), (("document", "url"), f.data["document"].get("url"))):
            if url and url != url.strip():
                yield f.problem(path, f"expected a link without spaces or line breaks around it; found {url!r}")
