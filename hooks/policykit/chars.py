"""Characters a reader cannot see, found in a text with their line and column.

Refused in every data file and source text, because what the site shows and
checks would differ from what a maintainer sees in an editor:

- control characters (Unicode category Cc) other than tab, line feed, and a
  carriage return just before a line feed (CRLF line ends): YAML refuses most
  of them, and a lone carriage return or a NEL (U+0085) is a line break to some
  tools and not to others, so line numbers would disagree;
- format characters (Cf): zero-width spaces and joiners, U+2060 WORD JOINER,
  soft hyphens, byte order marks inside a text, and the bidirectional controls
  (U+202A..U+202E, U+2066..U+2069, U+200E, U+200F, U+061C), which make text
  display in another order than it is stored;
- line and paragraph separators (Zl, Zp: U+2028, U+2029), line breaks to YAML
  and Python but not to most editors;
- the other default-ignorable code points, which fonts draw as nothing
  (U+034F, the Hangul fillers, U+17B4/U+17B5, the Mongolian free variation
  selectors, tags), except the variation selectors (U+FE00..U+FE0F,
  U+E0100..U+E01EF): they only choose how the character before them is drawn
  (an emoji's colour form), and hide or reorder nothing.

A byte order mark at the very start of a file is not in the text: readers drop
it when they decode (`utf-8-sig`), so it is accepted and moves no line or column.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from policykit.errors import Problem

# Default_Ignorable_Code_Point (Unicode's DerivedCoreProperties.txt) outside Cc and Cf,
# less the variation selectors: code points fonts draw as nothing.
_IGNORABLE = re.compile(
    "[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\uffa0"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e00ff\U000e01f0-\U000e0fff]"
)
_UNSEEN_CATEGORIES = {"Cc", "Cf", "Zl", "Zp"}
_BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_CONTROL_NAMES = {
    "\x00": "NULL", "\x08": "BACKSPACE", "\x0b": "LINE TABULATION", "\x0c": "FORM FEED",
    "\r": "CARRIAGE RETURN", "\x1b": "ESCAPE", "\x7f": "DELETE", "\x85": "NEXT LINE (NEL)",
}


def is_unseen(ch: str) -> bool:
    """True for a character refused in data and sources (tab and line feed are not)."""
    if ch in "\t\n":
        return False
    return unicodedata.category(ch) in _UNSEEN_CATEGORIES or bool(_IGNORABLE.match(ch))


def describe(ch: str) -> str:
    """`U+200B ZERO WIDTH SPACE (an invisible format character)`."""
    name = unicodedata.name(ch, "") or _CONTROL_NAMES.get(ch, "<control>")
    category = unicodedata.category(ch)
    if ch in _BIDI:
        kind = "a bidirectional control, which changes the order text is shown in"
    elif ch == "\r":
        kind = "a line break to some tools and not to others, when no line feed follows it"
    elif category in ("Zl", "Zp") or ch == "\x85":
        kind = "a line break to some tools and not to others"
    elif ch == "\ufeff":
        kind = "a byte order mark, allowed only as the very first character of a file"
    elif category == "Cc":
        kind = "a control character"
    else:
        kind = "an invisible character"
    return f"U+{ord(ch):04X} {name} ({kind})"


@dataclass(frozen=True)
class Unseen:
    """The first refused character of one line, and how many the line has."""

    line: int
    """1-based, counting line feeds (as editors, YAML and the source pages do)."""
    column: int
    """1-based, in characters."""
    char: str
    count: int

    @property
    def message(self) -> str:
        more = f", and {self.count - 1} more on this line" if self.count > 1 else ""
        return f"expected text without invisible or control characters (delete it or type the character meant); found {describe(self.char)}{more}"


def unseen_characters(text: str) -> Iterator[Unseen]:
    """Each line of `text` that holds a refused character, in order.

    Fast on clean text: a line that `str.isprintable` accepts and that holds no
    default-ignorable letter is skipped without looking at its characters.
    """
    for number, line in enumerate(text.split("\n"), 1):
        if line.endswith("\r"):
            line = line[:-1]  # CRLF line end
        if line.isprintable() and not _IGNORABLE.search(line):
            continue
        found = [(i, ch) for i, ch in enumerate(line) if is_unseen(ch)]
        if found:
            yield Unseen(number, found[0][0] + 1, found[0][1], len(found))


# One line per line of the file that has such characters, up to this many per file:
# a text pasted from a PDF can have one on every line, and the first ones show the fix.
MAX_REPORTED = 20


def unseen_problems(text: str, display: str, field_at: Callable[[int, int], str] | None = None) -> list[Problem]:
    """One problem per line of `text` holding a refused character, the file's path `display`.

    `field_at(line, column)` names the field at a place, when the file has fields.
    """
    found = list(unseen_characters(text))
    problems = [Problem(display, u.line, u.column, field_at(u.line, u.column) if field_at else "", u.message) for u in found[:MAX_REPORTED]]
    if len(found) > MAX_REPORTED:
        rest = found[MAX_REPORTED:]
        message = f"expected text without invisible or control characters; found them on {len(rest)} more lines (up to line {rest[-1].line})"
        problems.append(Problem(display, rest[0].line, rest[0].column, "", message))
    return problems
