"""A word-level diff of two wordings as HTML: deletions in <del>, insertions in <ins>.

Computed at build time with `difflib` on words and punctuation (whitespace
runs count as one space). Screen readers hear "[removed: ...]" and
"[added: ...]" from visually hidden labels; `labels=False` leaves them out
(for feed readers, which have no stylesheet).
"""

from __future__ import annotations

import difflib
import html
import re

_TOKEN = re.compile(r"\w+|[^\w\s]|\s+")


def _tokens(text: str) -> list[str]:
    return [" " if t.isspace() else t for t in _TOKEN.findall(text.strip())]


def _esc(tokens: list[str]) -> str:
    return html.escape("".join(tokens), quote=True)


def _marked(tag: str, word: str, tokens: list[str], labels: bool) -> str:
    if not labels:
        return f"<{tag}>{_esc(tokens)}</{tag}>"
    return f'<{tag}><span class="sr-only">[{word}: </span>{_esc(tokens)}<span class="sr-only">]</span></{tag}>'


def word_diff(old: str, new: str, *, labels: bool = True) -> str:
    """`old` turned into `new`, word by word, as inline HTML (every character escaped)."""
    a, b = _tokens(old), _tokens(new)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(_esc(a[i1:i2]))
            continue
        if i2 > i1:
            out.append(_marked("del", "removed", a[i1:i2], labels))
        if j2 > j1:
            out.append(_marked("ins", "added", b[j1:j2], labels))
    return "".join(out)


def diff_block(old: str, new: str) -> str:
    """The diff as a raw HTML block (a quote), with a line saying how to read it."""
    return (
        f'<blockquote class="quote wording-diff"><p>{word_diff(old, new)}</p></blockquote>\n'
        '<p class="diff-legend">Old and new wording together: <del>struck words</del> were removed, '
        "<ins>underlined words</ins> were added.</p>\n"
    )
