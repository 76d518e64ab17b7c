"""Checks of characters: no invisible or control characters in the source texts.

The YAML files are looked at while they are read (`policykit.read`), since
some of these characters stop the YAML parser; see `policykit.chars` for
which characters, and why.
"""

from __future__ import annotations

from collections.abc import Iterator

from policykit.chars import unseen_problems
from policykit.errors import Problem
from policykit.model import Catalog
from policykit.read import DataFiles


def visible_source_text(draft: Catalog, files: DataFiles) -> Iterator[Problem]:
    """Each source text as a reader sees it: every character visible, lines counted alike everywhere."""
    for name, source in sorted(files.sources.items()):
        where = files.source_display(name)
        yield from source.remembered(("unseen", where), lambda: tuple(unseen_problems(source.raw, where)))
