"""Quote matching: find a rule's verbatim text in its source document.

Only the differences that carry no meaning are normalised away: runs of
whitespace, curly and straight quotes, dash forms, Markdown emphasis markers,
backslash escapes and link syntax. Everything else, strike-through markers
(`~~`) included, must match exactly. An elision mark (`[…]` or `[...]`) in a
quote stands for text the quote leaves out (page furniture that interrupts a
sentence, for example); the parts around it must appear in order.

Invisible and control characters (`policykit.chars`) are skipped on both
sides, and offsets into the source keep counting them, so a line number is
right whatever the text holds (reading refuses them anyway).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

from policykit.chars import is_unseen

T = TypeVar("T")

ELISION = re.compile(r"\s*\[(?:…|\.\.\.)\]\s*")

_QUOTES = str.maketrans(
    {
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u2015": "-", "\u2212": "-",
        "\u00a0": " ", "\u2009": " ", "\u202f": " ",
    }
)
# Markdown link syntax `[text](target)` keeps only its text.
_LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\([^)\s]*\)")
# A backslash escape keeps the character it escapes.
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!~|<>])")
# Emphasis markers (`*`, `**`, `***`); `~~` (deletions) stays significant.
_EMPHASIS = re.compile(r"\*+")
_SPACE = re.compile(r"\s+")


_SKIP = "\x00"


def _blank(m: re.Match[str], keep: int) -> str:
    """Replace the match by skip marks, keeping group `keep` (0 for none)."""
    if not keep:
        return _SKIP * len(m.group(0))
    return _SKIP * (m.start(keep) - m.start()) + m.group(keep) + _SKIP * (m.end() - m.end(keep))


def _canonical_char_map(text: str) -> tuple[str, list[int]]:
    """Normalise `text` and keep, for each output character, its input offset."""
    # Same-length rewrites first, so an offset in `text` is an offset in the input.
    text = text.translate(_QUOTES)  # a NUL in the text is skipped like the marks below
    text = _LINK.sub(lambda m: _blank(m, 1), text)
    text = _ESCAPE.sub(lambda m: _SKIP + m.group(1).replace("*", "\x01"), text)
    text = _EMPHASIS.sub(lambda m: _blank(m, 0), text).replace("\x01", "*")
    out: list[str] = []
    offsets: list[int] = []
    pending_space = -1
    for i, ch in enumerate(text):
        if ch == _SKIP or (not ch.isascii() or not ch.isprintable()) and not ch.isspace() and is_unseen(ch):
            continue
        if ch.isspace():
            if pending_space < 0:
                pending_space = i
            continue
        if pending_space >= 0 and out:
            out.append(" ")
            offsets.append(pending_space)
        pending_space = -1
        out.append(ch)
        offsets.append(i)
    return "".join(out), offsets


def normalise(text: str) -> str:
    """The comparison form of `text`: see the module docstring.

    The same result as `_canonical_char_map(text)[0]`, by whole-string
    substitutions: quotes are many and short, and need no offsets.
    """
    text = _LINK.sub(lambda m: m.group(1), text.translate(_QUOTES).replace(_SKIP, ""))
    text = _ESCAPE.sub(lambda m: m.group(1).replace("*", "\x01"), text)
    text = _EMPHASIS.sub("", text).replace("\x01", "*")
    return " ".join((text if text.isascii() and text.isprintable() else _without_unseen(text)).split())


def _without_unseen(text: str) -> str:
    """`text` without the invisible and control characters `policykit.chars` names (whitespace kept)."""
    return "".join(ch for ch in text if ch.isspace() or not is_unseen(ch))


@dataclass(frozen=True)
class Span:
    """Where a quote sits in the normalised source: [start, end)."""

    start: int
    end: int


class SourceText:
    """A source document prepared for quote lookups."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.norm, self._offsets = _canonical_char_map(raw)
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", raw)]
        # Quotes already looked up: the model and the quote check ask for each one,
        # and under `mkdocs serve` a cached SourceText is asked again on every save.
        self._found: dict[str, list[Span] | None] = {}
        self._kept: dict[Hashable, Any] = {}

    def remembered(self, key: Hashable, make: Callable[[], T]) -> T:
        """`make()`, a result that depends only on this text and `key`, kept with the text:
        under `mkdocs serve` a SourceText is reused while its file's bytes are unchanged."""
        if key not in self._kept:
            self._kept[key] = make()
        return self._kept[key]

    def find(self, quote: str) -> list[Span] | None:
        """The spans of `quote` (one per part between elisions), or None when absent."""
        if quote not in self._found:
            self._found[quote] = self._find(quote)
        found = self._found[quote]
        return list(found) if found is not None else None

    def _find(self, quote: str) -> list[Span] | None:
        parts = [normalise(p) for p in ELISION.split(quote)]
        parts = [p for p in parts if p]
        if not parts:
            return None
        spans: list[Span] = []
        pos = 0
        for part in parts:
            at = self.norm.find(part, pos)
            if at < 0:
                return None
            spans.append(Span(at, at + len(part)))
            pos = at + len(part)
        return spans

    def closest_miss(self, quote: str) -> str:
        """How `quote` departs from the source, phrased to follow "found text that"."""
        for part in ELISION.split(quote):
            norm = normalise(part)
            if not norm or norm in self.norm:
                continue
            lo, hi = 0, len(norm)
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if norm[:mid] in self.norm:
                    lo = mid
                else:
                    hi = mid - 1
            if lo < 8:
                return f"is not in the source (it starts {norm[:40]!r})"
            return (
                f"departs from the source after {norm[max(0, lo - 25):lo]!r} (the quote goes on {norm[lo:lo + 25]!r}"
                f"{self._source_goes_on(norm, lo, _raw_char(part, lo))})"
            )
        return "has its parts in another order than the source"

    def _source_goes_on(self, norm: str, lo: int, ours: str) -> str:
        """`, the source on '...'` where the quote departs, naming both characters when they look alike."""
        prefix, rest = norm[:lo], norm[lo : lo + 25]
        starts = [m.start() for m in re.finditer(re.escape(prefix), self.norm)][:200]
        # Of the places the agreeing part occurs, the one whose continuation is most like the quote's.
        at = max(starts, key=lambda s: difflib.SequenceMatcher(None, self.norm[s + lo : s + lo + 25], rest).ratio()) + lo
        if at >= len(self.norm):
            return ", where the source ends"
        words = f", the source on {self.norm[at:at + 25]!r}"
        theirs = self.raw[self._offsets[at]]
        if _lookalike(theirs) or _lookalike(ours):
            words += f": the source has {_codepoint(theirs)} where the quote has {_codepoint(ours)}"
        return words

    def line_of(self, norm_offset: int) -> int:
        """The 1-based line in the raw text of a normalised offset."""
        raw = self._offsets[min(norm_offset, len(self._offsets) - 1)] if self._offsets else 0
        return bisect_right(self._line_starts, raw)

    def raw_offset(self, norm_offset: int) -> int:
        """The offset in the raw text of a normalised offset (end offsets allowed)."""
        if norm_offset >= len(self._offsets):
            return len(self.raw)
        return self._offsets[norm_offset]


def _raw_char(text: str, norm_offset: int) -> str:
    """The character of `text` as written at an offset of its normalised form."""
    return text[_canonical_char_map(text)[1][norm_offset]]


def _lookalike(ch: str) -> bool:
    """True for a character that can pass for another: beyond ASCII, or a quote, dash or space."""
    return not ch.isascii() or ch in "'\"`- "


def _codepoint(ch: str) -> str:
    """`U+00B4 ACUTE ACCENT ('´')`."""
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed character')} ({ch!r})"
