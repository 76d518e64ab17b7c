"""Checks of quotes: every verbatim quote found in its institution's source text."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from policykit.checks._common import institutions
from policykit.errors import Problem
from policykit.model import Catalog, Institution
from policykit.read import DataFiles


def _quotes(inst: Institution) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every quote of an institution, with its path: rules, FAQ entries, ignored sentences."""
    for i, rule in enumerate(inst.rules):
        yield ("rules", i, "text"), rule.text
        for key in ("exceptions", "conditions", "footnotes"):
            for j, q in enumerate(getattr(rule, key)):
                yield ("rules", i, key, j), q
    for i, entry in enumerate(inst.faq):
        yield ("faq", i, "question"), entry.question
        yield ("faq", i, "answer"), entry.answer
        for j, q in enumerate(entry.footnotes):
            yield ("faq", i, "footnotes", j), q
    for i, ignored in enumerate(inst.ignored):
        yield ("ignored", i, "text"), ignored.text


def verbatim_quotes(draft: Catalog, files: DataFiles) -> Iterator[Problem]:
    for inst, f in institutions(draft, files):
        source = files.sources.get(inst.document.source)
        if source is None:
            continue  # reading reported it
        where = files.source_display(inst.document.source)
        for path, quote in _quotes(inst):
            if source.find(quote) is None:
                yield f.problem(path, f"expected a verbatim quote of {where}; found text that {source.closest_miss(quote)}")
