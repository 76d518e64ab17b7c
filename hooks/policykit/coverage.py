"""Coverage: which normative sentences of a source no rule quotes.

The normative sentences are the ones the drafter would draft
(`policykit.draft`): one definition for both. That includes `will` and
`may` sentences, imperatives, and the items of a list under a normative
lead-in (`Staff must not:`). Each sentence is *captured* when rule quotes
cover it, *ignored* when an `ignored` entry (with its reason) covers it, and
*missing* otherwise. Sentences that run across wrapped lines are read whole.

Works on plain strings, so it runs on data that does not validate yet.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from policykit.draft.drafting import draft_rules
from policykit.draft.normative import is_normative
from policykit.draft.sentences import split_sentences
from policykit.draft.topics import build_vocabulary
from policykit.text import ELISION, SourceText, normalise

# A share of a sentence's characters that counts as "covered".
COVERED = 0.8
_NO_TOPICS = build_vocabulary([])


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


def find_from(source: SourceText, quote: str, pos: int) -> list[tuple[int, int]] | None:
    """The normalised spans of `quote` (its parts between elisions) at or after `pos`."""
    parts = [p for p in (normalise(x) for x in ELISION.split(quote)) if p]
    spans = []
    for part in parts:
        at = source.norm.find(part, pos)
        if at < 0:
            return None
        spans.append((at, at + len(part)))
        pos = at + len(part)
    return spans or None


def normative_sentences(source: SourceText) -> list[tuple[list[tuple[int, int]], str]]:
    """(spans, text) of each normative sentence, in document order."""
    out = []
    pos = 0
    for rule in draft_rules(source.raw, "coverage", _NO_TOPICS).rules:
        pieces = [s for s in split_sentences(rule.text) if is_normative(s)] or [rule.text]
        for piece in pieces:
            spans = find_from(source, piece, pos) or find_from(source, piece, 0)
            if spans:
                out.append((spans, piece))
                pos = spans[0][0]
    return out


def _covered_share(spans: list[tuple[int, int]], covering: list[tuple[int, int]]) -> float:
    total = sum(b - a for a, b in spans)
    covered = sum(max(0, min(b, d) - max(a, c)) for a, b in spans for c, d in covering)
    return covered / total if total else 1.0


def coverage(
    source: SourceText, rule_quotes: Iterable[str], ignored_quotes: Iterable[str], headings: Iterable[str] = ()
) -> CoverageReport:
    """Account for every normative sentence of `source` (`headings`: kept for callers; headings are never sentences)."""

    def spans_of(quotes: Iterable[str]) -> list[tuple[int, int]]:
        return [(span.start, span.end) for quote in quotes for span in source.find(quote) or ()]

    captured = spans_of(rule_quotes)
    ignored = spans_of(ignored_quotes)
    out = []
    for spans, text in normative_sentences(source):
        if _covered_share(spans, captured) >= COVERED:
            status = "captured"
        elif _covered_share(spans, captured + ignored) >= COVERED:
            status = "ignored"
        else:
            status = "missing"
        out.append(Sentence(source.line_of(spans[0][0]), " ".join(text.split()), status))
    return CoverageReport(tuple(out))
