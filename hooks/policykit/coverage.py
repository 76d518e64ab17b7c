"""Coverage: which normative sentences of a source no rule quotes.

A sentence is normative when it uses the words policies give duties with
(must, shall, should, never, prohibited, ...). Each one is *captured* when rule
quotes cover it, *ignored* when an `ignored` entry (with its reason) covers it,
and *missing* otherwise. Pure functions: text in, report out.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass

from policykit.text import SourceText, normalise

NORMATIVE = re.compile(
    r"\b(must|shall|should|will not|won't|may not|can ?not|can't|prohibit\w*|requir\w*"
    r"|encourag\w*|discourag\w*|never|not permitted|permit\w*|allowed|expected|advis\w*"
    r"|recommend\w*|authori[sz]\w*|reserves? the right|do not|don't|always)\b",
    re.IGNORECASE,
)
# Full stops that do not end a sentence.
_ABBREVIATIONS = re.compile(r"\b(?:e\.g|i\.e|etc|Mrs|Mr|Ms|Dr|St|No|vs|Hon'ble)\.$", re.IGNORECASE)
_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’')]*\s+(?=[\"“‘(\[~*]*[A-Z0-9])")
# A share of a sentence's characters that counts as "covered".
COVERED = 0.8
# An enumerator before a heading: `D.`, `III.`, `2)`.
_ENUMERATOR = re.compile(r"^(?:[A-Z]{1,2}|[IVX]+|\d+)[.)]\s+")


@dataclass(frozen=True)
class Sentence:
    """One normative sentence of a source and how it is accounted for."""

    line: int
    text: str
    status: str  # "captured" | "ignored" | "missing"


@dataclass(frozen=True)
class CoverageReport:
    """The normative sentences of one source, each with its status."""

    sentences: tuple[Sentence, ...]

    def count(self, status: str) -> int:
        return sum(1 for s in self.sentences if s.status == status)

    @property
    def percent_captured(self) -> float:
        total = len(self.sentences)
        return 100.0 * self.count("captured") / total if total else 100.0

    def filtered(self, status: str) -> CoverageReport:
        return CoverageReport(tuple(s for s in self.sentences if s.status == status))


def sentences(source: SourceText) -> Iterable[tuple[int, int, str]]:
    """(start, end, text) of each sentence, in normalised offsets, line by line."""
    raw = source.raw
    pos = 0
    for line in raw.split("\n"):
        line_start = pos
        pos += len(line) + 1
        chunk_start = 0
        pieces = []
        for m in _BOUNDARY.finditer(line):
            if _ABBREVIATIONS.search(line[: m.start()].rstrip("\"”’')")):
                continue
            pieces.append((chunk_start, m.start()))
            chunk_start = m.end()
        pieces.append((chunk_start, len(line)))
        for a, b in pieces:
            text = line[a:b].strip()
            if not text:
                continue
            start = bisect_left(source._offsets, line_start + a)
            end = bisect_left(source._offsets, line_start + b)
            if end > start:
                yield start, end, text


def _covered_share(start: int, end: int, spans: list[tuple[int, int]]) -> float:
    covered = 0
    for a, b in spans:
        lo, hi = max(a, start), min(b, end)
        if hi > lo:
            covered += hi - lo
    return covered / (end - start)


def _heading_key(text: str) -> str:
    return _ENUMERATOR.sub("", normalise(text)).rstrip(" :").casefold()


def coverage(
    source: SourceText, rule_quotes: Iterable[str], ignored_quotes: Iterable[str], headings: Iterable[str] = ()
) -> CoverageReport:
    """Account for every normative sentence of `source`; lines that are section `headings` are not sentences."""
    heading_keys = {_heading_key(h) for h in headings}

    def spans_of(quotes: Iterable[str]) -> list[tuple[int, int]]:
        spans = []
        for quote in quotes:
            for span in source.find(quote) or ():
                spans.append((span.start, span.end))
        return spans

    captured = spans_of(rule_quotes)
    ignored = spans_of(ignored_quotes)
    out = []
    for start, end, text in sentences(source):
        if not NORMATIVE.search(text) or _heading_key(text) in heading_keys:
            continue
        if _covered_share(start, end, captured) >= COVERED:
            status = "captured"
        elif _covered_share(start, end, captured + ignored) >= COVERED:
            status = "ignored"
        else:
            status = "missing"
        out.append(Sentence(source.line_of(start), text, status))
    return CoverageReport(tuple(out))
