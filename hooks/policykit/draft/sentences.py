"""Split running text into sentences (abbreviations like `e.g.` and `Mrs.` do not end one)."""

from __future__ import annotations

import re

_ABBREVIATIONS = re.compile(r"\b(?:e\.g|i\.e|etc|Mrs|Mr|Ms|Dr|St|No|vs|Hon'ble|approx|incl|cf|Ltd|Inc|Co)\.$", re.IGNORECASE)
_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’')*_]*\s+(?=[\"“‘(\[~*_]*[A-Z0-9])")


def split_sentences(text: str) -> list[str]:
    """The sentences of `text`, each stripped, in order; joining them with spaces gives `text` back (up to spacing)."""
    out: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if _ABBREVIATIONS.search(text[start: m.start()].rstrip("\"”’')*_")):
            continue
        piece = text[start: m.end()].strip()
        if piece:
            out.append(piece)
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out
