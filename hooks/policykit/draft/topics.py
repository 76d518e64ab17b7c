"""Suggest topics for a sentence from the topics' own words and the synonym thesaurus.

Each topic's vocabulary is the words of its title, question and description,
plus its `synonyms:` groups in topics.yaml, plus the groups of
policy_data/thesaurus.yaml that share a word with it. Both synonym lists are
optional: a missing file or key is read as empty. A word that many topics
share ("social", "media", "staff") weighs little; a phrase or a word only one
topic has weighs much. Words are compared by a crude stem, so "friending",
"friends" and "friend" meet.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
STOPWORDS = frozenset(
    """
    a about above after again against all also an and any are as at be been before being between both but by can could
    did do does doing during each few for from further had has have having he her here hers him his how i if in into is
    it its itself just may me might more most must my no nor not of off on once only or other our out over own same
    shall she should so some such than that the their them then there these they this those through to too under until
    up upon very was we were what when where which while who whom why will with would you your yours i'm can't
    someone something anyone anything everyone people one ones use used using say says said get
    staff employee employees member members policy policies school schools college social media online
    institution guidance rule rules
    """.split()
)
_SUFFIXES = ("ings", "ing", "edly", "ed", "ies", "es", "s", "ly", "er", "ers", "ment", "ments")


# British and American spellings meet: enquiry/inquiry, behaviour/behavior, organise/organize.
_SPELLING = ((re.compile(r"^enquir"), "inquir"), (re.compile(r"our$"), "or"), (re.compile(r"(?<=[a-z]{3})is(e[sd]?|ing|ation)$"), r"iz\1"))


def stem(word: str) -> str:
    """A crude stem: `friending`, `friends` → `friend`; `texting`, `texts` → `text`."""
    w = word.lower().strip("'")
    for pattern, replacement in _SPELLING:
        w = pattern.sub(replacement, w)
    if w.endswith("'s"):
        w = w[:-2]
    for suffix in _SUFFIXES:
        if len(w) - len(suffix) >= 4 and w.endswith(suffix):
            w = w[: -len(suffix)]
            if len(w) > 4 and w[-1] == w[-2] and w[-1] not in "lsf":
                w = w[:-1]  # "committ(ed)" → "commit"
            break
    return w


def stems(text: str) -> list[str]:
    """The stems of the words of `text` that carry meaning."""
    return [stem(w) for w in _WORD.findall(text.lower()) if w not in STOPWORDS and len(w) > 1]


@dataclass(frozen=True)
class Vocabulary:
    """Each topic's terms (stems and phrases) and how much each term weighs."""

    terms: Mapping[str, frozenset[str]]
    phrases: Mapping[str, tuple[tuple[str, ...], ...]]
    weight: Mapping[str, float]

    def score(self, text: str, context: str = "") -> dict[str, float]:
        """How well each topic matches `text` (and, at a third of the weight, its heading `context`)."""
        words = stems(text)
        found = set(words)
        context_words = set(stems(context)) - found
        joined = " " + " ".join(words) + " "
        out: dict[str, float] = {}
        for topic, terms in self.terms.items():
            score = sum(self.weight[t] for t in terms & found) + sum(self.weight[t] / 3 for t in terms & context_words)
            for phrase in self.phrases[topic]:
                if f" {' '.join(phrase)} " in joined:
                    score += 0.4 * len(phrase)
            if score:
                out[topic] = score
        return out

    def suggest(self, text: str, context: str = "", *, limit: int = 3, minimum: float = 0.31) -> list[str]:
        """The best topics for `text`: up to `limit`, each at least `minimum` and half the best score."""
        scores = self.score(text, context)
        if not scores:
            return []
        best = max(scores.values())
        ranked = sorted(scores, key=lambda t: (-scores[t], t))
        return [t for t in ranked[:limit] if scores[t] >= minimum and scores[t] >= best / 2]


def _groups(raw: Any) -> list[list[str]]:
    """`synonyms:` read tolerantly: a list of lists of strings (anything else is skipped)."""
    if not isinstance(raw, list):
        return []
    out = []
    for group in raw:
        if isinstance(group, str):
            group = [group]
        if isinstance(group, list):
            words = [w for w in group if isinstance(w, str) and w.strip()]
            if words:
                out.append(words)
    return out


def build_vocabulary(topics: Sequence[Mapping[str, Any]], thesaurus: Iterable[Sequence[str]] = ()) -> Vocabulary:
    """The vocabulary of `topics` (dicts with id, title, question, description, synonyms)."""
    general = [[w for w in g] for g in thesaurus]
    raw_terms: dict[str, set[str]] = {}
    phrases: dict[str, list[tuple[str, ...]]] = {}
    for t in topics:
        words = set(stems(" ".join(str(t.get(k) or "") for k in ("title", "question", "description"))))
        words |= set(stems(str(t.get("id", "")).replace("-", " ")))
        topic_phrases = []
        for group in _groups(t.get("synonyms")) + [g for g in general if set(stems(" ".join(g))) & words]:
            for entry in group:
                entry_stems = tuple(stems(entry))
                if len(entry_stems) == 1:
                    words.add(entry_stems[0])
                elif entry_stems:
                    topic_phrases.append(entry_stems)
        raw_terms[t["id"]] = words
        phrases[t["id"]] = topic_phrases
    counts: dict[str, int] = {}
    for words in raw_terms.values():
        for w in words:
            counts[w] = counts.get(w, 0) + 1
    n = max(len(raw_terms), 1)
    # 1.0 for a word only one topic has, less the more topics share it.
    weight = {w: math.log(1 + n / c) / math.log(1 + n) for w, c in counts.items()}
    return Vocabulary({k: frozenset(v) for k, v in raw_terms.items()}, {k: tuple(v) for k, v in phrases.items()}, weight)


def load_vocabulary(data_dir: Path) -> Vocabulary:
    """The vocabulary of `data_dir`'s topics.yaml and (when present) thesaurus.yaml."""
    import yaml

    topics = yaml.safe_load((data_dir / "topics.yaml").read_text(encoding="utf-8")) or {}
    thesaurus_file = data_dir / "thesaurus.yaml"
    thesaurus: Any = {}
    if thesaurus_file.is_file():
        thesaurus = yaml.safe_load(thesaurus_file.read_text(encoding="utf-8")) or {}
    groups = _groups(thesaurus.get("synonyms") if isinstance(thesaurus, dict) else None)
    return build_vocabulary([t for t in topics.get("topics") or [] if isinstance(t, dict) and t.get("id")], groups)
