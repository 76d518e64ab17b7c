"""Checks of the search thesaurus: the general list (`thesaurus.yaml`) and each topic's `synonyms`."""

from __future__ import annotations

from collections.abc import Iterator

from policykit import thesaurus
from policykit.errors import Problem
from policykit.model import Catalog
from policykit.read import DataFiles


def general_synonyms(draft: Catalog, files: DataFiles) -> Iterator[Problem]:
    if files.thesaurus is not None and isinstance(files.thesaurus.data, dict):
        yield from thesaurus.check(files.thesaurus.data.get("synonyms") or [], files.thesaurus.marks, ("synonyms",))


def topic_synonyms(draft: Catalog, files: DataFiles) -> Iterator[Problem]:
    if files.topics is None:
        return
    for i, t in enumerate(files.topics.data["topics"]):
        yield from thesaurus.check(t.get("synonyms") or [], files.topics.marks, ("topics", i, "synonyms"))
