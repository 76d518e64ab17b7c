"""Cut a policy text into headings, numbered items, bullets and paragraphs.

Pure functions over the text. What counts as what, in general terms:

- A *numbered item* starts with an enumerator: `4.`, `4)`, `a.`, `A.`, `iv.`,
  `(iv)`, `3.2`, optionally after a bullet (`- a.`). Its level comes from the
  enumerator's style (digits, lower or upper letters, lower or upper roman),
  not from indentation (see `policykit.draft.refs`).
- A *bullet* starts with `-`, `•`, `*`, `o` and the like.
- A *heading* is a short line standing alone that does not end a sentence
  (`Behaviour`, `Staff must not:`, `INTRODUCTION`, `Does it pass the test?`).
- Page furniture is left out: a line that repeats (a running header or
  footer), a page number, a line without letters, a footnote (`¹ ...`). A
  quote that runs across left-out lines gets an elision mark `[…]`.
- A block that starts in lower case after one that did not finish its
  sentence continues it (a sentence broken by a page); short lines between
  them (an address block, a signature) are left out.

Windows and old Mac line endings are read as line breaks; line numbers are
those of the text as received.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

ELISION = " […] "
_BULLET = r"[-–•*·▪◦o]"
_ENUM = (
    r"(?P<enum>\d{1,3}(?:\.\d{1,3})+\.?|\d{1,3}[.)]|\((?:\d{1,3}|[a-zA-Z]{1,2}|[ivxlcIVXLC]{1,6})\)"
    r"|[ivxlc]{1,6}[.)]|[IVXLC]{1,6}[.)]|[a-z][.)]|[A-Z]{1,2}[.)])"
)
_ITEM = re.compile(rf"^\s*(?P<bullet>(?:{_BULLET}\s+)+)?{_ENUM}\s+(?=\S)")
_BULLET_ONLY = re.compile(rf"^\s*(?:{_BULLET}\s+)+(?=\S)")
_NOT_ENUM = re.compile(r"^(?:Mr|Mrs|Ms|Dr|St|No|Co|Vol|Fig|Art|Ltd|Inc)[.]$")
_FOOTNOTE = re.compile(r"^\s*[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s*\S")
_PAGE = re.compile(r"(?:page\s+)?\d+(?:\s*(?:/|of)\s*\d+)?\b.*|-\s*\d+\s*-", re.IGNORECASE)
_MARKUP = re.compile(r"[*_`]+")
_CLOSERS = "'\"”’)]*_ "
_ROMAN = re.compile(r"^(?:[ivxlc]+|[IVXLC]+)$")
# `Lead person: Deputy Head`: a label and a short value, metadata rather than a heading.
_FIELD = re.compile(r"^[A-Z][\w &/'-]{0,30}:\s+\S.{0,25}$")
_TITLE_WORDS = re.compile(r"\b(?:polic(?:y|ies)|guidelines?|guidance|procedures?|handbook|code of|regulations?)\b", re.IGNORECASE)


@dataclass
class Block:
    """A heading, numbered item, bullet or paragraph, its lines joined by single spaces."""

    kind: str  # "heading" | "item" | "bullet" | "paragraph" | "title"
    text: str
    line: int
    enum: str = ""  # the enumerator as printed, without dot or brackets: "4", "a", "iv", "C", "3.2"
    style: str = ""  # "digit" | "dotted" | "lower" | "upper" | "lroman" | "uroman" | "paren-<style>"
    bulleted: bool = False
    lines: list[int] = field(default_factory=list)
    after_gap: bool = False  # page furniture was left out just before it
    prefix: str = ""  # the bullet and enumerator as printed ("-", "- a.", "(iv)")
    title: str = ""  # an item's title line, when its text starts on the next line

    @property
    def plain(self) -> str:
        """The text without emphasis marks or runs of spaces."""
        return " ".join(_MARKUP.sub("", self.text).split())

    @property
    def title_like(self) -> bool:
        """Short and not ending a sentence: a heading's (or an item title's) wording."""
        return title_like(self.plain)

    @property
    def is_question(self) -> bool:
        return self.plain.rstrip(_CLOSERS).endswith("?")

    @property
    def unfinished(self) -> bool:
        """Its last sentence has no end mark (a page may have broken it)."""
        return not re.search(r"[.!?:;]$", self.plain.rstrip(_CLOSERS))


def title_like(plain: str) -> bool:
    """Short, one sentence at most, and not ending like running text."""
    words = plain.split()
    if not words or len(words) > 12 or len(plain) > 90 or not re.search(r"[^\W\d_]{2}", plain):
        return False
    end = plain.rstrip(_CLOSERS)
    if re.search(r"[.;,]$", end) or re.search(r"[.!?]\s+\S", plain):
        return False
    return not end.endswith(":") or len(words) <= 6


def _key(text: str) -> str:
    return " ".join(_MARKUP.sub("", text).split()).casefold()


def furniture_lines(lines: list[str]) -> set[int]:
    """1-based numbers of page-furniture lines: repeated short lines, page numbers, no letters."""
    counts = Counter(_key(line) for line in lines if line.strip())
    out = set()
    for number, line in enumerate(lines, 1):
        key = _key(line)
        if not key:
            continue
        if not re.search(r"[^\W\d_]", key) or _PAGE.fullmatch(key) and not _ITEM.match(line):
            out.add(number)
        elif counts[key] > 1 and len(key.split()) <= 12 and not _ITEM.match(line) and not _BULLET_ONLY.match(line):
            out.add(number)
    # A running header printed once over two lines: the pair, joined, is a repeated line.
    for number in range(1, len(lines)):
        joined = _key(lines[number - 1] + " " + lines[number])
        if lines[number - 1].strip() and lines[number].strip() and counts.get(joined, 0) > 1 and len(joined.split()) <= 12:
            out.update((number, number + 1))
    return out


def roman_value(text: str) -> int:
    """The value of a roman numeral (`iv` is 4); 0 when it is not one."""
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
    total, biggest = 0, 0
    for ch in reversed(text.lower()):
        v = values.get(ch, 0)
        if not v:
            return 0
        total = total - v if v < biggest else total + v
        biggest = max(biggest, v)
    return total


def _style(enum: str) -> str:
    if enum.isdigit():
        return "digit"
    if "." in enum:
        return "dotted"
    if _ROMAN.match(enum) and (len(enum) > 1 or enum in "ivxIVX"):
        return "lroman" if enum.islower() else "uroman"
    return "lower" if enum.islower() else "upper"


def _start(line: str) -> tuple[str, str, str, bool, str, str]:
    """(kind, enum, style, bulleted, body, prefix) of a line that starts a block."""
    m = _ITEM.match(line)
    if m and not _NOT_ENUM.match(m.group("enum")):
        raw = m.group("enum")
        enum = raw[1:-1] if raw.startswith("(") else raw.rstrip(".)")
        style = ("paren-" if raw.startswith("(") else "") + _style(enum)
        return "item", enum, style, bool(m.group("bullet")), line[m.end():].strip(), line[: m.end()].strip()
    b = _BULLET_ONLY.match(line)
    if b:
        return "bullet", "", "", True, line[b.end():].strip(), line[: b.end()].strip()
    return "paragraph", "", "", False, line.strip(), ""


def raw_blocks(text: str) -> list[Block]:
    """Blocks of lines: a blank line ends one; an item or bullet line starts one."""
    lines = text.splitlines()
    skip = furniture_lines(lines)
    blocks: list[Block] = []
    current: Block | None = None
    gap = False
    for number, line in enumerate(lines, 1):
        if not line.strip():
            current = None
            continue
        if number in skip or _FOOTNOTE.match(line):
            current, gap = None, True
            continue
        kind, enum, style, bulleted, body, prefix = _start(line)
        if kind == "paragraph" and current is not None:
            if current.kind == "item" and len(current.lines) == 1 and not current.title and _is_title_line(current.text, body):
                current.title, current.text = current.text, body
                current.lines.append(number)
                continue
            if current.kind == "paragraph" and len(current.lines) == 1 and _is_heading_line(current.text) and body[:1].isupper():
                current = Block("paragraph", body, number, lines=[number])
                blocks.append(current)
                continue
            current.text += " " + body
            current.lines.append(number)
            continue
        current = Block(kind, body, number, enum, style, bulleted, [number], after_gap=gap, prefix=prefix)
        blocks.append(current)
        gap = False
    return blocks


def _is_title_line(first: str, following: str) -> bool:
    """`II. On Copyright` above `Unauthorized use is prohibited.`: a title, then the item's text."""
    plain = " ".join(_MARKUP.sub("", first).split())
    return title_like(plain) and not plain.endswith((":", "?")) and following[:1].isupper() and not re.search(r"\b(?:and|or|the|of|to|a|an)$", plain)


def _is_heading_line(line: str) -> bool:
    """`Scope:` or `GENERAL` directly above its text, with no blank line between."""
    plain = " ".join(_MARKUP.sub("", line).split())
    return title_like(plain) and (plain.endswith(":") or (plain.isupper() and len(plain) > 3)) and not _FIELD.match(plain)


def _starts_lower(block: Block) -> bool:
    first = block.plain.lstrip("\"'“‘(")
    return bool(first) and first[0].islower()


def join_broken(blocks: list[Block]) -> list[Block]:
    """Join a block that starts in lower case to the unfinished one it continues."""
    out: list[Block] = []
    for block in blocks:
        if block.kind == "paragraph" and _starts_lower(block):
            between = 0
            while between < min(3, len(out)) and _short_lines(out[-1 - between]):
                between += 1
            target = out[-1 - between] if len(out) > between else None
            if target is not None and target.kind != "heading" and target.unfinished:
                elided = between > 0 or block.after_gap
                del out[len(out) - between:]
                target.text += (ELISION if elided else " ") + block.text
                target.lines += block.lines
                continue
        out.append(block)
    return out


def _short_lines(block: Block) -> bool:
    """An address, signature or header block: a few short lines, no sentence."""
    return block.kind in ("paragraph", "heading") and len(block.lines) <= 8 and len(block.plain.split()) <= 6 * len(block.lines) and not re.search(r"[.!?]\s", block.plain)


def classify(blocks: list[Block]) -> list[Block]:
    """Mark headings, and the document's title lines: what stands above its first paragraph or list."""
    seen_text = False
    for block in blocks:
        single = block.kind == "paragraph" and len(block.lines) == 1
        # `Lead person: Deputy Head` above the text is metadata; `Section 3: Conduct` within it, a heading.
        if single and block.title_like and not (_FIELD.match(block.plain) and not seen_text) and not _starts_lower(block):
            block.kind = "heading"
        seen_text = seen_text or (block.kind in ("paragraph", "item") and not _FIELD.match(block.plain))
    _title_lines(blocks)
    return blocks


def _title_lines(blocks: list[Block]) -> None:
    """Above the first text: metadata lines, dates and short-line blocks are the title; so are all
    headings but the last (which opens the first section), and that one too if it names the document
    or prints its code (`File: IJ-4 - CONDUCT`)."""
    leading: list[Block] = []
    for block in blocks:
        # A short bullet above every heading (`- Draft -`) is part of the title block.
        early_bullet = block.kind == "bullet" and len(block.plain) < 60 and not any(b.kind == "heading" for b in leading)
        if block.kind in ("item", "bullet") and not early_bullet:
            break
        if block.kind == "paragraph" and not (_FIELD.match(block.plain) or _short_lines(block) or _DATE.fullmatch(block.plain)):
            break
        leading.append(block)
    headings = [b for b in leading if b.kind == "heading"]
    for block in leading:
        if block.kind != "heading" or block is not headings[-1] or _TITLE_WORDS.search(block.plain) or split_code(block.plain)[0]:
            block.kind = "title"


# `File: IJ-4 - TITLE`, `Policy 2045: Title`, `Board Policy GBX-R: Title`: a code printed before the title.
_CODE_LINE = re.compile(
    r"^(?:(?i:file|code|ref(?:erence)?|no\.?|number)\s*[:#.]\s*)?"
    r"(?P<code>(?:(?i:board\s+)?(?i:policy|regulation|procedure|rule|by-?law)\s+)?[A-Z0-9][A-Z0-9./-]{1,11})"
    r"\s*[-–—:]\s+(?P<title>\S.*)$"
)


def split_code(line: str) -> tuple[str, str]:
    """The code and the title of a title line that prints both (`File: IJ-4 - TITLE` → `IJ-4`, `TITLE`), else ('', line).

    A field label (`File:`, `Code:`) is not part of the code; a kind of document
    (`Policy 2045`, `Regulation GBX-R`) is, as the document cites itself that way.
    The code is one token in capitals or digits with at least one of them repeated or a digit.
    """
    m = _CODE_LINE.match(line.strip())
    if not m:
        return "", line
    code = " ".join(m.group("code").split())
    token = code.split()[-1]
    labelled = code != token or re.match(r"^(?i:file|code|ref|no|number)", line.strip()) is not None
    if not labelled or not re.search(r"\d|[A-Z]{2}", token):
        return "", line
    return code, m.group("title").strip()


_DATE = re.compile(r"[\d\s,./-]*[A-Za-z]*[\d\s,./-]+")


def segment(text: str) -> list[Block]:
    """The blocks of a policy text, in document order."""
    return classify(join_broken(raw_blocks(text)))
