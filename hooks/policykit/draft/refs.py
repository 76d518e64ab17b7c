"""Refs and ids for drafted rules, named the way policy_data/README.md names them.

- A numbered item's ref joins the enumerators of the levels above it, as
  printed: `4.a`, `5.c.i`, `C.3.e`, `III.A`, `3.2.b`; a bracketed one keeps its
  brackets: `(iv)`, `7(b)`.
- Levels come from the enumerator's style, not from indentation: a style not
  seen above nests under the current item, a style seen above closes the levels
  below it (`b.` after `a. i. ii.` is back at the letters). A lone `i`, `v` or
  `x` after `h`, `u` or `w` is a letter, otherwise a roman numeral. A numbered
  heading (`B. Safety`) ends the lists open above it.
- A paragraph after a numbered item stays the item's (`1.b ¶2`) while a later
  item keeps the list going; after the list's last item it belongs to what the
  list sits under (`V`, `Contact ¶2`).
- A paragraph or bullet without a number of its own is named by the heading it
  sits under and its place there: `Staff must not ¶6`, `III.B ¶2`. An item's
  own text is its number alone; so is a paragraph under a numbered heading when
  no numbered heading of the document holds a second one (`F`, else `III.A ¶1`).
  A heading without a number after numbered ones names its own paragraphs
  (`Do not friend your students ¶1` after `III.F`).
  Text above the first heading is the policy's `Scope`; a text with no heading
  at all is one section named after its title line, and its refs name it
  (`Policy ¶2`; `Document ¶2` without a title; see `drafting._whole_document`). A heading's label keeps
  what it is about, without the words that only say what kind of heading it is
  (`Rules of Engagement` → `Engagement`, `Legal considerations` → `Legal`), the
  document's own subject (`Social media and the end of employment` → `End of
  employment` in a social media policy) or the institution's kind inside a
  phrase (`other School policies` → `Other policies`); a yes/no question that
  asks about a name is named by it (`Does it pass the Fair Contact Test?` → `Fair Contact Test`).
- A rule id is the institution id and the ref as a slug: `hillside-4-a`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from policykit.draft.segment import Block, roman_value

DEFAULT_LABEL = "Scope"  # text above the first heading: what the policy covers
FAQ = re.compile(r"frequently asked questions|\bFAQs?\b", re.IGNORECASE)
_PREPOSITION = re.compile(r"\s+(?:of|with|for|in|on|to|and|from|about|regarding|at)\s+", re.IGNORECASE)
_LETTER_STYLE = {"lroman": "lower", "uroman": "upper", "paren-lroman": "paren-lower", "paren-uroman": "paren-upper"}


def slug(text: str) -> str:
    """A lowercase id of letters, digits and single hyphens: `Staff must not ¶6` → `staff-must-not-6`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def heading_label(heading: str, title: str = "") -> str:
    """A heading as a ref's prefix: its head phrase, capitals as a sentence.

    Without its end mark, its subtitle (after `: `), a leading article, or what
    follows its first preposition when what remains says enough:
    `The monitoring of social media` → `Monitoring`, `Personal use of social
    media` → `Personal use`, `Staff must not:` → `Staff must not`. Words that
    only say what kind of heading it is go too (see `_shorten`).
    """
    label = " ".join(heading.replace("*", "").split()).rstrip(" :?.;")
    if heading.rstrip(" *").endswith("?"):
        label = _asked_about(label)
    head, sep, _ = label.partition(": ")
    if sep and len(head.split()) >= 2:
        label = head
    label = re.sub(r"^(?:the|a|an)\s+", "", label, flags=re.IGNORECASE) or label
    label = _after_subject(label, title)
    label = _GENERIC_LEAD.sub("", label) or label
    cut = _PREPOSITION.split(label, maxsplit=1)[0]
    dangling = cut.split()[-1].lower() in {"not", "what", "how", "when", "where", "who", "why", "which"} if cut.split() else True
    if cut != label and (len(cut.split()) >= 2 or len(cut) >= 6) and not dangling:
        label = cut
    label = _shorten(label)
    if label.isupper() or label[:1].islower():
        label = label[:1].upper() + label[1:].lower() if label.isupper() else label[:1].upper() + label[1:]
    return label or DEFAULT_LABEL


# `Rules of Engagement`, `Relationship with other policies`: the kind of heading, then what it is about.
_GENERIC_LEAD = re.compile(
    r"^(?:rules|guidelines|guidance|principles|standards|tips|relationship|links?)\s+(?:of|for|with|on|about)\s+(?=\S)",
    re.IGNORECASE,
)
# `Moderation Guidelines`, `Legal considerations`: what it is about, then the kind of heading.
_GENERIC_TAIL = re.compile(r"\s+(?:guidelines|guidance|considerations|issues|matters|principles|rules)$", re.IGNORECASE)
# `Further guidelines`: a word that cannot name a heading alone keeps the noun after it.
_QUANTIFIERS = frozenset("further other general additional more final key main specific some".split())
# `other School policies`: the institution's own kind of body, inside a phrase, adds nothing.
_INSTITUTION_KIND = re.compile(r"(?<=\w)\s+(?:school|schools|district|college|academy|trust)(?=\s+\w)", re.IGNORECASE)
_ARTICLES = re.compile(r"^(?:and|the|a|an|of)\s+", re.IGNORECASE)


# `Does it pass the Fair Contact Test?`: a yes/no question, then `the` and a capitalised name at its end.
_YES_NO = re.compile(r"^(?:does|do|did|is|are|was|were|can|could|should|may|will|would|has|have|must)\s", re.IGNORECASE)
_NAMED_OBJECT = re.compile(r"\s(?:the|a|an)\s+(?P<name>(?:[A-Z][\w'-]*\s+)*[A-Z][\w'-]*)$")


def _asked_about(question: str) -> str:
    """A yes/no question heading that asks about something it names is named by the name.

    `Does the message pass the Fair Contact Test` → `Fair Contact Test`, `Have you read the
    Acceptable Use Policy` → `Acceptable Use Policy`. A question without such a
    name at its end stays whole (`Is the post appropriate`, `Can I use Facebook`),
    and so does one in title case, whose capitals name nothing (`Does Your Post
    Pass the Test`).
    """
    named = _NAMED_OBJECT.search(question)
    if not named or not _YES_NO.match(question) or not re.search(r"\s(?!(?:the|a|an)\s)[a-z]", question[: named.start()]):
        return question
    return named.group("name")


def _after_subject(label: str, title: str) -> str:
    """`Social media and the end of employment` under a social media policy → `end of employment`.

    A heading that pairs the document's own subject (words of its title) with
    something else is named by the something else.
    """
    subject, sep, rest = label.partition(" and ")
    title_words = set(re.findall(r"\w+", title.casefold()))
    words = re.findall(r"\w+", subject.casefold())
    if not sep or not rest.strip() or not words or not set(words) <= title_words:
        return label
    while _ARTICLES.match(rest):
        rest = _ARTICLES.sub("", rest, count=1)
    return rest or label


def _shorten(label: str) -> str:
    """Without a trailing word that only says what kind of heading it is, and the institution's kind inside a phrase.

    `Legal considerations` → `Legal`, `Moderation Guidelines` → `Moderation`,
    `other School policies` → `other policies`; `Further guidelines` stays.
    """
    tail = _GENERIC_TAIL.search(label)
    if tail and label[: tail.start()].split() and label[: tail.start()].split()[-1].lower() not in _QUANTIFIERS:
        label = label[: tail.start()]
    return _INSTITUTION_KIND.sub("", label)


@dataclass
class _Level:
    style: str
    enum: str
    heading: bool
    key: str
    text: str = ""


@dataclass
class Numbering:
    """The levels of numbering open at a point of the document, and the heading label."""

    levels: list[_Level] = field(default_factory=list)
    label: str = DEFAULT_LABEL
    last: dict[str, str] = field(default_factory=dict)  # the last enumerator seen in each style
    worded: bool = False  # a heading without a number stands below the numbered ones: its paragraphs take its name
    worded_outside: bool = False  # `worded` as it was before the open list began

    def _style_of(self, block: Block) -> str:
        style = block.style
        letter = _LETTER_STYLE.get(style)
        if letter and len(block.enum) == 1:
            before = chr(ord(block.enum) - 1)
            if any(lvl.style == letter and lvl.enum == before for lvl in self.levels):
                return letter
            if not any(lvl.style == style for lvl in self.levels) and block.enum.lower() != "i":
                # `v.` or `x.` with no roman list open: a letter.
                return letter
        return style

    def opens(self, block: Block) -> bool:
        """True when the enumerator can stand here: it continues an open level, or starts a new one at its first value.

        `S. Basu` under a signature is not item S of a list that never had A to R.
        """
        style = self._style_of(block)
        if style == "dotted" or any(lvl.style == style for lvl in self.levels):
            return True
        previous = self.last.get(style)
        return block.enum.lower() in {"1", "a", "i"} or block.enum == "0" or (previous is not None and _value(block.enum, style) == _value(previous, style) + 1)

    def repeats(self, block: Block) -> bool:
        """True for a numbered heading printed again (a running header: `C. USE (continued)`)."""
        key = _key(block.title or block.plain)
        return any((lvl.heading or block.title_like) and lvl.enum == block.enum and lvl.key == key for lvl in self.levels)

    def enter(self, block: Block, *, heading: bool) -> None:
        """Open the level of a numbered item or heading; a numbered heading first ends the lists open above it."""
        style = self._style_of(block)
        if heading:
            self.levels = [lvl for lvl in self.levels if lvl.heading]
        if style == "dotted":
            self.levels = [lvl for lvl in self.levels if lvl.heading and lvl.style not in ("digit", "dotted")]
        else:
            same = [i for i, lvl in enumerate(self.levels) if lvl.style == style]
            if same:
                del self.levels[same[-1]:]
        if not heading and not self.in_list():
            self.worded_outside = self.worded
        self.levels.append(_Level(style, block.enum, heading, _key(block.title or block.plain), block.plain))
        self.last[style] = block.enum
        self.worded = False

    def parent_text(self) -> str:
        """The wording of the level above the current item (its lead-in), or '' at the top."""
        return self.levels[-2].text if len(self.levels) > 1 and not self.levels[-2].heading else ""

    def close_items(self) -> None:
        """An unnumbered heading ends the lists open under the numbered headings.

        Its paragraphs are its own (`Do not friend your students ¶1` after `III.F`);
        the next numbered item takes up the numbered headings again.
        """
        self.levels = [lvl for lvl in self.levels if lvl.heading]
        self.worded = bool(self.levels)

    def in_list(self) -> bool:
        """True when a numbered item (not a numbered heading) is open."""
        return any(not lvl.heading for lvl in self.levels)

    def list_goes_on(self, following: Block) -> bool:
        """True when `following`, the next numbered item, keeps an open list going.

        It does when it is the next number of an open item's list (`3.` after `2.`),
        or starts a list of a style not open (`a.` under `2.`: nested in it). It
        does not when it is the next of a numbered heading (`VI.` after `V.`), or
        when it starts its list again (`1.` after `3.`).
        """
        style = self._style_of(following)
        open_styles = [lvl for lvl in self.levels if lvl.style == style]
        if not open_styles:
            return style != "dotted" and following.enum.lower() in {"1", "a", "i"}
        level = open_styles[-1]
        return not level.heading and _value(following.enum, style) == _value(level.enum, style) + 1

    def end_list(self) -> None:
        """A paragraph after a list's last item: that list is over; the paragraph belongs to what the list sits under.

        After `V.1`-`V.6` it is V's paragraph; after `1.`-`3.` under a heading without a
        number, the heading's next one (`Contact ¶2`), named as before the list.
        """
        if self.levels and not self.levels[-1].heading:
            self.levels.pop()
        if not self.in_list():
            self.worded = self.worded_outside

    def in_faq(self) -> bool:
        """True inside a numbered heading that is a document's FAQ."""
        return any(lvl.heading and FAQ.search(lvl.text) for lvl in self.levels)

    def at_heading(self) -> bool:
        """True when the innermost level is a numbered heading (its paragraphs have no number of their own)."""
        return bool(self.levels) and self.levels[-1].heading

    def headed(self) -> bool:
        """True when a numbered heading is open (`C.`, `III.`)."""
        return any(lvl.heading for lvl in self.levels)

    def numbered(self) -> bool:
        return bool(self.levels)

    def ref(self) -> str:
        if self.worded:
            return self.label
        out = ""
        for lvl in self.levels:
            if lvl.style.startswith("paren-"):
                out += f"({lvl.enum})"
            else:
                out += ("." if out else "") + lvl.enum
        return out or self.label

    def context(self) -> tuple[str, ...]:
        return (self.label, *(f"{lvl.style}:{lvl.enum}" for lvl in self.levels))

    def has_own_text(self, units: list, context: tuple[str, ...]) -> bool:
        """True when the current item printed text of its own (so its paragraphs count from 2)."""
        return any(u.context == context and u.index == 0 for u in units)


def _value(enum: str, style: str) -> int:
    """The rank of an enumerator in its list: `3` → 3, `c` → 3, `iv` → 4."""
    if enum.isdigit():
        return int(enum)
    if "roman" in style:
        return roman_value(enum)
    return sum((ord(ch.lower()) - 96) * 26**i for i, ch in enumerate(reversed(enum)))


def _key(text: str) -> str:
    return re.sub(r"\s*\(?continued\)?\s*$", "", " ".join(text.replace("*", "").split()), flags=re.IGNORECASE).casefold()
