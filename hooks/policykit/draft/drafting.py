"""Draft an institution's sections and rules from its policy text.

`draft_rules(text, institution_id, vocabulary)` walks the blocks of
`policykit.draft.segment` and returns a `Draft`: the headings as sections and
every normative passage as a rule with its verbatim text, its ref as printed,
its section, a suggested stance and suggested topics. What becomes a rule:

- a numbered item or a bullet, whole, when it is normative, or when it sits
  under a lead-in or heading that is (`Staff must not:` then `- post images
  of pupils;`);
- in running paragraphs, each normative sentence, with the sentences after it
  that are not (its explanation), up to the next normative one;
- a paragraph that ends with `:` followed by bullets that have no verb (a list
  of examples) is one rule, bullets included;
- a numbered question (a document's FAQ) with its answer;
- a paragraph that opens with its own title (`Text Messaging - ...`, `Be
  transparent. ...`, `Your Responsibility: ...`), whole, named by the title.

Refs follow policy_data/README.md (see `policykit.draft.refs`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policykit.draft.normative import CUES, gives_order, has_normative, is_normative, is_verbless, plain
from policykit.draft.refs import DEFAULT_LABEL, FAQ, Numbering, heading_label, slug
from policykit.draft.segment import _DATE, _FIELD, _TITLE_WORDS, ELISION, Block, segment, split_code
from policykit.draft.sentences import split_sentences
from policykit.draft.stance import condemns_itself, context_stance, lead_in_force, suggest_stance
from policykit.draft.topics import Vocabulary

# `Text Messaging - Nearly every student ...`: a paragraph that opens with its own title.
_RUN_IN = re.compile(r"^(?P<title>[A-Z][^.!?:]{1,60}?)\s+[-–—]\s+(?=\S)")
_INFINITIVE_LEAD = re.compile(r"\bto\s*:$", re.IGNORECASE)
_RUN_IN_COLON = re.compile(r"^(?P<title>[A-Z][^.!?:]{1,40}?):\s+(?=[A-Z])")
_CONTINUED = re.compile(r"\s*\(?\*?\(?continued\)?\*?\)?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class DraftSection:
    """A heading of the document, as a section."""

    id: str
    title: str


@dataclass(frozen=True)
class DraftRule:
    """A drafted rule: verbatim text and suggestions a person reviews."""

    id: str
    ref: str
    section: str
    title: str
    text: str
    stance: str
    topics: tuple[str, ...]
    line: int
    """The source line where the text starts."""


@dataclass(frozen=True)
class Draft:
    """What the drafter read from one policy text."""

    title: str
    sections: tuple[DraftSection, ...]
    rules: tuple[DraftRule, ...]
    code: str = ""
    """The document's code when its title line prints one (`IJ-4`, `Policy 2045`)."""


@dataclass
class _Unit:
    """A passage that may become one or more rules, before refs are final."""

    text: str
    line: int
    section: str
    base: str
    context: tuple[str, ...]
    index: int  # 0: an item's own text; n: its n-th paragraph or bullet
    numbered: bool
    lead_in: str
    heading: str
    list_item: bool = False
    whole: bool = True
    title: str = ""
    absorbed: int = 0
    question: bool = False
    faq: bool = False
    under_heading: bool = False  # a paragraph directly under a numbered heading
    label: str = ""  # the unnumbered heading above, for refs that would repeat
    prefix: str = ""  # an item's enumerator as printed
    list_item_bulleted: bool = False
    headed: bool = False  # a numbered heading is open above it (its number is in the ref)


@dataclass
class _Walker:
    """Walks the blocks once, keeping the numbering, the section and the lead-in."""

    numbering: Numbering = field(default_factory=Numbering)
    sections: dict[str, DraftSection] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    section: str = ""
    heading: str = ""
    lead_in: str = ""
    titles: list[str] = field(default_factory=list)
    skipped: bool = False  # a heading or page furniture stood between the last unit and this block
    units: list[_Unit] = field(default_factory=list)
    counts: dict[tuple[str, ...], int] = field(default_factory=dict)

    def open_section(self, title: str, label: str) -> None:
        key = _CONTINUED.sub("", plain(title)).casefold()
        if key in self.keys:
            self.section = self.keys[key]
            return
        sid = slug(label if label and not label.startswith("Preamble") else title) or "section"
        base, n = sid, 2
        while sid in self.sections:
            sid, n = f"{base}-{n}", n + 1
        self.sections[sid] = DraftSection(sid, " ".join(title.replace("*", "").split()))
        self.keys[key] = sid
        self.section = sid

    def ensure_section(self) -> None:
        if not self.section:
            self.open_section("Preamble", "Preamble")
            self.numbering.label = DEFAULT_LABEL

    def heading_block(self, block: Block) -> None:
        key = _CONTINUED.sub("", block.plain).casefold()
        if key in self.keys:
            self.section = self.keys[key]
            return
        self.numbering.close_items()
        self.numbering.label = heading_label(block.plain, " ".join(self.titles))
        self.open_section(block.text, self.numbering.label)
        self.heading = self.lead_in = block.plain

    def item_block(self, block: Block) -> None:
        heading_like = _numbered_heading(block)
        if self.numbering.repeats(block):
            self.skipped = True
            return
        self.numbering.enter(block, heading=heading_like)
        if heading_like:
            printed = re.sub(r"^(?:[-–•*·▪◦o]\s+)+", "", block.prefix)
            self.open_section(f"{printed} {block.text}", block.plain)
            self.heading = self.lead_in = block.plain
            return
        self.ensure_section()
        last = self.units[-1] if self.units else None
        if last is not None and last.index == 0 and last.title and last.title == plain(last.text) and self.numbering.context()[:-1] == last.context:
            self.units.pop()  # the item above was only the title of this list
        lead = self.numbering.parent_text() or self.lead_in
        unit = self.add(block, index=0, list_item=True)
        unit.lead_in = lead
        unit.prefix = re.sub(r"^(?:[-–•*·▪◦o]\s+)+", "", block.prefix)
        unit.list_item_bulleted = block.bulleted
        unit.question = block.is_question
        if block.title:
            unit.title = " ".join(block.title.replace("*", "").split())
        elif block.title_like and not block.is_question:
            unit.title = block.plain  # a title until a paragraph under it says otherwise
        if block.plain.rstrip().endswith(":"):
            self.lead_in = block.plain

    def add(self, block: Block, *, index: int, list_item: bool, whole: bool = True) -> _Unit:
        unit = _Unit(
            text=block.text, line=block.line, section=self.section, base=self.numbering.ref(),
            context=self.numbering.context(), index=index, numbered=self.numbering.numbered(),
            lead_in=self.lead_in, heading=self.heading, list_item=list_item, whole=whole,
            faq=self.numbering.in_faq(), under_heading=self.numbering.at_heading(), label=self.numbering.label,
            headed=self.numbering.headed(),
        )
        self.units.append(unit)
        self.skipped = False
        return unit

    def text_block(self, block: Block) -> None:
        if block.kind == "paragraph" and len(block.plain.split()) <= 8 and not re.search(r"[.!?:;]['\"”’)]*$", block.plain):
            self.skipped = True
            return  # a signature, an address line, a caption: not a paragraph of the policy
        self.ensure_section()
        context = self.numbering.context()
        last = self.units[-1] if self.units else None
        if block.kind == "bullet" and last is not None and last.context == context and _absorbs(last, block) and not self.skipped:
            last.text += " " + block.prefix + " " + block.text
            last.absorbed += 1
            self.skipped = False
            return
        if last is not None and last.context == context and last.index == 0 and last.title and last.title == plain(last.text):
            # The item's line was its title; this paragraph is its text.
            last.text, last.line = block.text, block.line
            self.counts[context] = 1
            if len(self.numbering.levels) == 1 and not last.list_item_bulleted:
                # `3. Staff conduct` over paragraphs, at the top: a numbered section.
                self.open_section(f"{last.prefix} {last.title}", last.title)
                last.section = self.section
        else:
            if last is not None and last.question and last.context == context and block.kind == "paragraph":
                last.text += (ELISION if block.after_gap or self.skipped else " ") + block.text
                self.skipped = False
                return
            if block.kind == "bullet" and last is not None and last.context == context and _introduces(last) and not self.numbering.numbered():
                # `Please follow these principles:` over bullets that are rules: the heading's own text; the bullets count from 1.
                last.index, self.counts[context] = 0, 0
            n = self.counts.get(context, 1 if self.numbering.has_own_text(self.units, context) else 0) + 1
            self.counts[context] = n
            unit = self.add(block, index=n, list_item=block.kind == "bullet", whole=block.kind == "bullet")
            title, ref = ("", "") if self.numbering.numbered() else _run_in(block.plain, self.numbering.label)
            if title:
                unit.title, unit.base, unit.index = title, ref, 0
        if block.plain.rstrip().endswith(":"):
            self.lead_in = split_sentences(block.plain)[-1]

    def walk(self, blocks: list[Block]) -> None:
        for at, block in enumerate(blocks):
            if block.kind == "paragraph" and self.numbering.in_list() and _closes_list(self, blocks[at + 1:]):
                self.numbering.end_list()
            if block.after_gap or block.kind in ("heading", "title"):
                self.skipped = True
            if block.kind == "title":
                self.titles.append(block.plain)
            elif block.kind == "heading":
                self.heading_block(block)
            elif block.kind == "item" and self.numbering.opens(block):
                self.item_block(block)
            else:
                if block.kind == "item":  # an enumerator out of sequence (`S. Basu`): plain text
                    block.text = f"{block.prefix} {block.text}".lstrip("-–•* ")
                    block.kind = "paragraph"
                self.text_block(block)


def _closes_list(walker: _Walker, rest: list[Block]) -> bool:
    """True when a paragraph after a numbered item stands after its list's last item.

    Not when the item printed only its title (the paragraph is its text), asked a
    question (the paragraph answers it) or ends with `:` (the paragraph finishes
    it), nor when a later item, before the next heading, keeps one of the open
    lists going (the paragraph is inside the list).
    """
    last = walker.units[-1] if walker.units else None
    if last is not None and last.context == walker.numbering.context():
        if last.question or plain(last.text).endswith(":") or last.title and last.title == plain(last.text):
            return False
    following = next((b for b in rest if b.kind in ("item", "heading", "title")), None)
    if following is None or following.kind != "item" or _numbered_heading(following):
        return True
    return not walker.numbering.list_goes_on(following)


def _numbered_heading(block: Block) -> bool:
    """`C. USE OF SOCIAL MEDIA`, `III. Contact`: an item that heads a part of the document rather than a list entry."""
    return block.title_like and not block.bulleted and not block.is_question and (
        block.style in ("upper", "uroman") or block.plain.isupper()
    )


def _run_in(text: str, label: str) -> tuple[str, str]:
    """A paragraph's own title at its start, and the ref it gives the paragraph ('' when it has none).

    A title-case name before a dash names it alone: `Text Messaging - Nearly every
    student ...` → `Text Messaging`. A short opening sentence that gives no duty
    of its own (`Be transparent. Use your real name ...`, `Are you adding
    value? ...`; beyond four words only an order or a question), or a title-case phrase before a colon (`Your Responsibility:
    What you write ...`), names it under its heading: `Engagement: Be transparent`.
    """
    dash = _RUN_IN.match(text)
    if dash and _title_case(dash.group("title")):
        return dash.group("title"), dash.group("title")
    colon = _RUN_IN_COLON.match(text)
    if colon and _title_case(colon.group("title")) and 2 <= len(colon.group("title").split()) <= 4:
        return colon.group("title"), f"{label}: {colon.group('title')}"
    sentences = split_sentences(text)
    first = sentences[0].strip() if len(sentences) > 1 else ""
    if not first or len(first.split()) > 6 or ":" in first or CUES.search(first):
        return "", ""
    if len(first.split()) > 4 and not first.endswith("?") and not gives_order(first):
        return "", ""  # `This code applies to all staff.`: a sentence, not a title
    title = first.rstrip(".")
    return title, f"{label}: {title}"


def _title_case(text: str) -> bool:
    """Every word that is not a short function word starts with a capital."""
    words = [w for w in text.split() if w.lower() not in {"a", "an", "and", "of", "for", "to", "the", "in", "on", "or", "with", "by"}]
    return 0 < len(text.split()) <= 7 and all(w[:1].isupper() for w in words)


def _introduces(unit: _Unit) -> bool:
    """The first paragraph under a heading, one sentence ending with ':' (a lead-in and no more)."""
    return unit.index == 1 and not unit.list_item and not unit.absorbed and plain(unit.text).endswith(":") and len(split_sentences(unit.text)) == 1


def _absorbs(lead: _Unit, bullet: Block) -> bool:
    """A lead-in ending with ':' takes in the verbless bullets that follow it (a list of examples).

    Not one ending `... to:`: its bullets finish the sentence with a verb of their own
    (`staff are prohibited from using social media to:` / `- breach our obligations;`).
    """
    if _INFINITIVE_LEAD.search(plain(lead.text)):
        return False
    return (lead.absorbed or plain(lead.text).endswith(":")) and is_verbless(bullet.text) and len(bullet.plain.split()) <= 15


def _pieces(unit: _Unit) -> list[str]:
    """The texts a unit drafts: itself whole, or one per normative sentence with what follows it."""
    if unit.whole or unit.index == 0 or unit.absorbed:
        return [unit.text]
    groups: list[list[str]] = []
    for sentence in split_sentences(unit.text):
        if is_normative(sentence) or not groups:
            groups.append([sentence])
        else:
            groups[-1].append(sentence)
    if len(groups) > 1 and not is_normative(groups[0][0]):
        groups[1:2] = [groups[0] + groups[1]]
        groups = groups[1:]
    return [" ".join(g) for g in groups]


def _drafts(unit: _Unit) -> bool:
    """True when the unit holds a rule: normative wording, or a list item under a normative lead-in.

    An item without a verb (`2. Fire exits and first aid`) takes its force only from a lead-in
    that gives one (`Staff must not bring:`), or from its own first words (`Improper use of ...`);
    under a neutral one (`The induction will cover:`) it is no rule.
    """
    if has_normative(unit.text):
        return True
    lead = unit.lead_in or unit.heading
    if unit.list_item and is_verbless(unit.text):
        return lead_in_force(lead) is not None or condemns_itself(unit.text)
    return unit.list_item and context_stance(lead) is not None


def _neutral_lead_in(piece: str) -> bool:
    """A lead-in sentence (`The induction will cover:`) that gives its list no force: no rule on its own."""
    last = split_sentences(piece)[-1] if piece.strip() else ""
    return len(split_sentences(piece)) == 1 and plain(last).endswith(":") and lead_in_force(last) is None


def draft_rules(text: str, institution_id: str, vocabulary: Vocabulary) -> Draft:
    """Sections and rules drafted from a policy `text` (see the module docstring)."""
    walker = _Walker()
    walker.walk(segment(text))
    rules: list[DraftRule] = []
    faq = _faq_sections(walker)
    units = [u for u in walker.units if _drafts(u)]
    # Where no numbered heading holds more than one paragraph, its number alone names its paragraph (`F`, not `F ¶1`).
    lone = not any(u.index > 1 for u in walker.units if u.under_heading and u.base != u.label)
    refs = [_ref(u, walker.counts, faq, lone=lone) for u in units]
    # A list that starts again under each heading (A, B under one, A, B under the next): the heading names them.
    sections_of: dict[str, set[str]] = {}
    for unit, ref in zip(units, refs):
        sections_of.setdefault(ref, set()).add(unit.section)
    restarting = {sec for ref, secs in sections_of.items() if len(secs) > 1 for sec in secs}
    code, title = split_code(document_title(walker.titles or _opening_lines(text)))
    whole = _whole_document(walker, title)
    for unit, ref in zip(units, refs):
        if unit.section in restarting and unit.numbered and not unit.headed and not ref.startswith(unit.label):
            ref = f"{unit.label} {ref}"
        if whole is not None:
            unit.section, ref = whole.id, _relabel(ref, whole.title if whole.id == "document" else heading_label(whole.title))
        for piece in _pieces(unit):
            if not unit.list_item and not unit.absorbed and (not has_normative(piece) or _neutral_lead_in(piece)):
                continue
            stance = suggest_stance(piece, unit.lead_in or unit.heading, list_item=unit.list_item)
            topics = tuple(vocabulary.suggest(piece, unit.heading + " " + unit.title))
            rules.append(DraftRule("", ref, unit.section, unit.title, piece, stance, topics, unit.line))
    sections = {r.section for r in rules}
    found = (whole,) if whole is not None else tuple(s for s in walker.sections.values() if s.id in sections)
    return Draft(title, found, tuple(_with_ids(rules, institution_id, _counts(rules))), code)


def _counts(rules: list[DraftRule]) -> dict[str, int]:
    """How many drafted rules carry each ref."""
    out: dict[str, int] = {}
    for rule in rules:
        out[rule.ref] = out.get(rule.ref, 0) + 1
    return out


def _whole_document(walker: _Walker, title: str) -> DraftSection | None:
    """For a text without any heading, its one section: named after its title line, else `Document`.

    Its paragraphs are named by that section (`Arrangements ¶1`), so section and ref agree.
    None when the text has headings (text above the first one is then the `Scope`).
    """
    if set(walker.sections) != {"preamble"} or walker.heading:
        return None
    label = heading_label(title) if title else ""
    if not label or label == DEFAULT_LABEL:
        return DraftSection("document", "Document")
    return DraftSection(slug(label), " ".join(title.replace("*", "").split()))


def _relabel(ref: str, label: str) -> str:
    """`Scope ¶2` → `Arrangements ¶2`: a ref named after the text above the first heading, named after the one section."""
    if ref == DEFAULT_LABEL or ref.startswith((DEFAULT_LABEL + " ", DEFAULT_LABEL + ":")):
        return label + ref[len(DEFAULT_LABEL):]
    return ref




def _opening_lines(text: str) -> list[str]:
    """The first few short lines, when no title block stands apart (a title run into the first paragraph)."""
    lines = [plain(line) for line in text.splitlines() if line.strip()][:4]
    return [line for line in lines if line and len(line.split()) <= 10 and not line.endswith(".")]


def document_title(lines: list[str]) -> str:
    """The title lines' one that names the document (`... Policy`, `... Guidelines`), else the first that is not a date or label."""
    candidates = [t for t in lines if not _DATE.fullmatch(t) and not _FIELD.match(t)] or lines
    named = [t for t in candidates if _TITLE_WORDS.search(t)]
    return (named or candidates or [""])[0]


def _faq_sections(walker: _Walker) -> set[str]:
    return {sid for sid, s in walker.sections.items() if FAQ.search(s.title)}


def _ref(unit: _Unit, counts: dict[tuple[str, ...], int], faq: set[str], *, lone: bool = False) -> str:
    """`4.a`; `FAQ 7` in a document's FAQ; `Staff must not ¶6` or `III.B ¶2` for a paragraph.

    `lone`: no numbered heading of the document holds a second paragraph, so a paragraph
    under one is named by the heading's number alone (`F`).
    """
    base = unit.base
    if unit.numbered and (unit.faq or unit.section in faq) and unit.context and not unit.under_heading:
        base = "FAQ " + unit.context[-1].split(":", 1)[1]
    if unit.index == 0 or (unit.numbered and not unit.under_heading and counts.get(unit.context, 0) <= 1):
        return base
    if lone and unit.under_heading and unit.base != unit.label:
        return base
    return f"{base} ¶{unit.index}"


def _with_ids(rules: list[DraftRule], institution_id: str, used: dict[str, int]) -> list[DraftRule]:
    """Ids from the refs (`hillside-4-a`); a ref drafted more than once gets -a, -b, ..."""
    out = []
    seen: dict[str, int] = {}
    taken: set[str] = set()
    for rule in rules:
        base = slug(f"{institution_id} {rule.ref}")
        k = seen.get(rule.ref, 0)
        seen[rule.ref] = k + 1
        rid = f"{base}-{_letters(k)}" if used[rule.ref] > 1 else base
        n = 2
        while rid in taken:
            rid, n = f"{base}-{_letters(k)}{n}", n + 1
        taken.add(rid)
        title = rule.title or _short_title(rule.text)
        out.append(DraftRule(rid, rule.ref, rule.section, title, rule.text, rule.stance, rule.topics, rule.line))
    return out


def _letters(k: int) -> str:
    """0 → a, 25 → z, 26 → aa."""
    out = ""
    k += 1
    while k:
        k, r = divmod(k - 1, 26)
        out = chr(97 + r) + out
    return out


def _short_title(text: str, words: int = 7) -> str:
    """The first words of the text, as a working title."""
    t = plain(re.sub(r"\s*\[…\]\s*", " ", text)).split()
    title = " ".join(t[:words]).rstrip(",;:.")
    return (title + " …") if len(t) > words else title
