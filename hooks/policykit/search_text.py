"""Search text analysis, the Python twin of docs/assets/javascripts/search/text.js.

The site's build uses it to write a prebuilt index; the search worker uses the
JavaScript one on queries. Both must turn every word into the same index term,
so the two are written alike, line for line, and a browser test compares them
on every word of a built index (tests/test_search_text.py).

- `words`: lowercase, accents and apostrophes dropped, split at anything not a
  letter or digit;
- `term`: one spelling for regular British/American endings (-ise -> -ize,
  -yse -> -yze, -our -> -or, -tre -> -ter), then M.F. Porter's stemmer (1980)
  without step 4's "-er" (a reporter is not a report).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_c, _v = "[^aeiou]", "[aeiouy]"
_C, _V = _c + "[^aeiouy]*", _v + "[aeiou]*"
_MGR0 = re.compile("^(" + _C + ")?" + _V + _C)
_MEQ1 = re.compile("^(" + _C + ")?" + _V + _C + "(" + _V + ")?$")
_MGR1 = re.compile("^(" + _C + ")?" + _V + _C + _V + _C)
_SV = re.compile("^(" + _C + ")?" + _v)
_CVC = re.compile("^" + _C + _v + "[^aeiouwxy]$")
_STEP2 = {"ational": "ate", "tional": "tion", "enci": "ence", "anci": "ance", "izer": "ize", "bli": "ble", "alli": "al",
          "entli": "ent", "eli": "e", "ousli": "ous", "ization": "ize", "ation": "ate", "ator": "ate", "alism": "al",
          "iveness": "ive", "fulness": "ful", "ousness": "ous", "aliti": "al", "iviti": "ive", "biliti": "ble", "logi": "log"}
_STEP3 = {"icate": "ic", "ative": "", "alize": "al", "iciti": "ic", "ical": "ic", "ful": "", "ness": ""}
_RE1A, _RE1A2 = re.compile(r"^(.+?)(ss|i)es$"), re.compile(r"^(.+?)([^s])s$")
_RE1B, _RE1B2 = re.compile(r"^(.+?)eed$"), re.compile(r"^(.+?)(ed|ing)$")
_AT_BL_IZ, _DOUBLE = re.compile(r"(at|bl|iz)$"), re.compile(r"([^aeiouylsz])\1$")
_RE1C = re.compile(r"^(.+?)y$")
_RE2 = re.compile(r"^(.+?)(" + "|".join(sorted(_STEP2, key=lambda s: list(_STEP2).index(s))) + ")$")
_RE3 = re.compile(r"^(.+?)(icate|ative|alize|iciti|ical|ful|ness)$")
_RE4 = re.compile(r"^(.+?)(al|ance|ence|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$")
_RE4B = re.compile(r"^(.+?)(s|t)(ion)$")
_RE5 = re.compile(r"^(.+?)e$")


def porter_stem(w: str) -> str:  # noqa: C901 - Porter's steps, as in text.js
    if len(w) < 3:
        return w
    y = w[0] == "y"
    if y:
        w = "Y" + w[1:]
    if m := _RE1A.match(w):
        w = m[1] + m[2]
    elif m := _RE1A2.match(w):
        w = m[1] + m[2]
    if m := _RE1B.match(w):
        if _MGR0.search(m[1]):
            w = w[:-1]
    elif (m := _RE1B2.match(w)) and _SV.search(m[1]):
        w = m[1]
        if _AT_BL_IZ.search(w):
            w += "e"
        elif _DOUBLE.search(w):
            w = w[:-1]
        elif _CVC.search(w):
            w += "e"
    if (m := _RE1C.match(w)) and _SV.search(m[1]):
        w = m[1] + "i"
    if (m := _RE2.match(w)) and _MGR0.search(m[1]):
        w = m[1] + _STEP2[m[2]]
    if (m := _RE3.match(w)) and _MGR0.search(m[1]):
        w = m[1] + _STEP3[m[2]]
    if m := _RE4.match(w):
        if _MGR1.search(m[1]):
            w = m[1]
    elif m := _RE4B.match(w):
        if _MGR1.search(m[1] + m[2]):
            w = m[1] + m[2]
    if m := _RE5.match(w):
        stem = m[1]
        if _MGR1.search(stem) or (_MEQ1.search(stem) and not _CVC.search(stem)):
            w = stem
    if w.endswith("ll") and _MGR1.search(w):
        w = w[:-1]
    if y:
        w = "y" + w[1:]
    return w


_SPELLINGS = [
    (re.compile(r"^(.{3,})is(e|es|ed|ing|ation|ations|er|ers)$"), r"\1iz\2"),
    (re.compile(r"^(.{2,})ys(e|es|ed|ing)$"), r"\1yz\2"),
    (re.compile(r"^(.{2,}[ilmnbvd])our(s|ed|ing|ite|ites|able|ful|less)?$"), r"\1or\2"),
    (re.compile(r"^(.{2,}[^aeiou])tre(s)?$"), r"\1ter\2"),
]


def spell(word: str) -> str:
    for pattern, repl in _SPELLINGS:
        if pattern.match(word):
            return pattern.sub(repl, word)
    return word


_MARKS = re.compile("[\u0300-\u036f]")
_APOSTROPHES = re.compile("['\u2019\u2018`]")
_SEPARATORS = re.compile(r"[\W_]+")


def words(text: str) -> list[str]:
    """Words of a text, as text.js `words` splits them."""
    folded = text.lower()
    if not folded.isascii():
        folded = _MARKS.sub("", unicodedata.normalize("NFD", folded))
    return [w for w in _SEPARATORS.split(_APOSTROPHES.sub("", folded)) if w]


@lru_cache(maxsize=None)
def term(word: str) -> str:
    """The index form of one word (from `words`)."""
    return word if word.isdigit() else porter_stem(spell(word))


@lru_cache(maxsize=None)
def form(word: str) -> str | None:
    """The word (from `words`) as written, one spelling for British and American
    (`openness`), when that differs from its term (`open`); else None. The index
    holds it beside the term, so a word as typed can count for more."""
    written = spell(word)
    return None if word.isdigit() or written == term(word) else written
