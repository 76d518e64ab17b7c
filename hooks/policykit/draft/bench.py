"""Measure the drafter against an institution's current data (figures, not tests).

For every sentence the data's rules quote: is it in a drafted rule (found)?
If so, does that drafted rule carry the same ref, and does one of its
suggested topics appear among the data rule's topics? Stance agreement is
counted too, for information.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from policykit.draft.drafting import Draft, DraftRule
from policykit.draft.segment import ELISION
from policykit.draft.sentences import split_sentences
from policykit.text import ELISION as ELISION_MARK
from policykit.text import normalise


@dataclass(frozen=True)
class Figures:
    """Counts for one institution (or a total)."""

    sentences: int = 0
    found: int = 0
    refs: int = 0
    topics: int = 0
    tagged: int = 0  # found sentences whose data rule has topics
    stances: int = 0
    numbers: int = 0  # refs that match once the heading's wording is set aside (`Scope ¶9` ~ `Preamble ¶9`)

    def __add__(self, other: Figures) -> Figures:
        return Figures(*(a + b for a, b in zip(self.astuple(), other.astuple())))

    def astuple(self) -> tuple[int, ...]:
        return (self.sentences, self.found, self.refs, self.topics, self.tagged, self.stances, self.numbers)

    @staticmethod
    def share(part: int, whole: int) -> float:
        return 100.0 * part / whole if whole else 100.0


def _parts(text: str) -> list[str]:
    return [p for p in (normalise(x) for x in ELISION_MARK.split(text)) if p]


def _containing(sentence: str, drafted: list[tuple[DraftRule, str]], anchor: str = "") -> DraftRule | None:
    """The drafted rule that holds `sentence`; where several do (a sentence printed twice), the one that also holds `anchor`."""
    hits = [r for r in (_one(sentence, [d]) for d in drafted) if r is not None]
    if len(hits) > 1 and anchor:
        near = [r for r in hits if _one(anchor, [(r, normalise(r.text.replace(ELISION, " ")))])]
        hits = near or hits
    return hits[0] if hits else None


def _one(sentence: str, drafted: list[tuple[DraftRule, str]]) -> DraftRule | None:
    parts = _parts(sentence)
    for rule, norm in drafted:
        pos = 0
        for part in parts:
            at = norm.find(part, pos)
            if at < 0:
                break
            pos = at + len(part)
        else:
            return rule
    return None


def _ref_key(ref: Any) -> str:
    return " ".join(str(ref).split()).casefold()


def _number_key(ref: Any) -> str:
    """The numbering part of a ref: what follows the heading's words in `Heading ¶n`, else the whole ref."""
    key = _ref_key(ref)
    return key[key.index("¶"):] if "¶" in key else key


def compare(draft: Draft, rules: Iterable[Mapping[str, Any]], misses: list[str] | None = None) -> Figures:
    """How much of the data's quoted wording, refs and topics the draft finds; `misses` collects what it did not."""
    drafted = [(r, normalise(r.text.replace(ELISION, " "))) for r in draft.rules]
    figures = Figures()
    for rule in rules:
        text = str(rule.get("text") or "")
        topics = set(rule.get("topics") or ())
        sentences = split_sentences(" ".join(text.split()))
        for sentence in sentences:
            hit = _containing(sentence, drafted, sentences[0])
            found = hit is not None
            if misses is not None and not found:
                misses.append(f"not found ({rule.get('ref')}): {sentence}")
            elif misses is not None and _ref_key(hit.ref) != _ref_key(rule.get("ref")):
                misses.append(f"ref {hit.ref!r}, data {rule.get('ref')!r}: {sentence[:60]}")
            figures += Figures(
                1, int(found), int(found and _ref_key(hit.ref) == _ref_key(rule.get("ref"))),
                int(found and bool(topics & set(hit.topics))), int(found and bool(topics)),
                int(found and hit.stance == rule.get("stance")),
                int(found and _number_key(hit.ref) == _number_key(rule.get("ref"))),
            )
    return figures
