"""The policy data as small, typed, frozen records, and how each is built from its YAML.

`policykit.load` builds these from the files as read (each type's `from_yaml`,
which checks nothing), runs every check in `policykit.checks` on the result, and
hands the `Catalog` to the renderers only when no check found a problem: the
renderers can trust every reference. Collections are tuples in display order.

The fixed vocabularies (stances, topic groups, template origins, document
statuses) are `StrEnum`s here, with the words the site shows for each; the
JSON Schemas list the same values (a test compares them).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from policykit.text import SourceText

YamlMap = Mapping[str, Any]


class Stance(StrEnum):
    """What the wording makes of an action; `NOT_ADDRESSED` only for positions."""

    REQUIRED = "required"
    PROHIBITED = "prohibited"
    RESTRICTED = "restricted"
    DISCOURAGED = "discouraged"
    PERMITTED = "permitted"
    ENCOURAGED = "encouraged"
    NOT_ADDRESSED = "not-addressed"

    @property
    def label(self) -> str:
        """The badge word: `Prohibited`, `Not addressed`."""
        return self.value.replace("-", " ").capitalize()

    @property
    def meaning(self) -> str:
        """What the stance means, in words (the badge's tooltip and the legend)."""
        return _STANCE_MEANINGS[self]

    @property
    def usual_wording(self) -> str:
        """The wording that usually decides the stance (DESIGN.md's table)."""
        return _USUAL_WORDING[self]


_STANCE_MEANINGS = {
    Stance.REQUIRED: "must or shall be done",
    Stance.PROHIBITED: "must not be done (named narrow exceptions allowed)",
    Stance.RESTRICTED: "allowed only with prior permission or under stated conditions",
    Stance.DISCOURAGED: "advised against, not forbidden",
    Stance.PERMITTED: "expressly allowed",
    Stance.ENCOURAGED: "recommended or advised",
    Stance.NOT_ADDRESSED: "the document is silent",
}
_USUAL_WORDING = {
    Stance.REQUIRED: "must, shall, is required",
    Stance.PROHIBITED: "must not, shall not, prohibited, never",
    Stance.RESTRICTED: "only with prior permission, provided that",
    Stance.DISCOURAGED: "should not, (strongly) discouraged",
    Stance.PERMITTED: "may, is allowed, we authorise",
    Stance.ENCOURAGED: "should, advised, recommended, encouraged",
    Stance.NOT_ADDRESSED: "no words on the question",
}

# The stances a rule may take (the schema's `stance`); a position may also be not addressed.
STANCES = tuple(s for s in Stance if s is not Stance.NOT_ADDRESSED)


class GroupId(StrEnum):
    """The fixed groups of comparison topics, in the order DESIGN.md lists them."""

    CONTACT = "contact"
    ACCOUNTS = "accounts"
    CONTENT = "content"
    OVERSIGHT = "oversight"


class Origin(StrEnum):
    """Where a template reply's wording comes from."""

    POLICY = "policy"
    SUGGESTED = "suggested"

    @property
    def label(self) -> str:
        """The label on the templates page."""
        return "Wording printed in the policy" if self is Origin.POLICY else "Suggested by this site (not policy wording)"

    @property
    def in_short(self) -> str:
        """The same in a few words, for lists of replies."""
        return "printed in a policy" if self is Origin.POLICY else "suggested by this site"


class Status(StrEnum):
    """A policy document's status."""

    ADOPTED = "adopted"
    DRAFT = "draft"

    @property
    def label(self) -> str:
        """`Adopted` or `Draft`, as the tables show it."""
        return self.value.capitalize()


class ChangeKind(StrEnum):
    """What a `history` entry records."""

    CHANGED = "changed"
    """The source's wording of the rule changed (the entry keeps the old wording)."""
    ADDED = "added"
    """A new rule."""
    REMOVED = "removed"
    """The rule is gone from the document (the entry keeps its old wording)."""
    STANCE = "stance"
    """The site's reading changed (stance, summary, topics); the wording did not."""

    @property
    def label(self) -> str:
        """The words the What changed page shows for it."""
        return _CHANGE_LABELS[self]


_CHANGE_LABELS = {
    ChangeKind.CHANGED: "Wording changed",
    ChangeKind.ADDED: "New rule",
    ChangeKind.REMOVED: "Rule removed",
    ChangeKind.STANCE: "Meaning changed",
}


NOTE_LABELS = {
    "slip": "Slip in the text",
    "tension": "Tension in the document",
    "ambiguity": "Ambiguous wording",
    "draft": "Draft change",
    "footnote": "Footnote",
    "context": "Context",
}
PLACEHOLDER = re.compile(r"\[([^\[\]\n]+)\]")
_DELETION = re.compile(r"~~(.+?)~~", re.DOTALL)


def period_end(value: str) -> dt.date:
    """The last day a partial ISO date (`2018`, `2018-11`, `2018-11-05`) covers."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return dt.date(*parts)


def format_date(value: str | None) -> str:
    """`29 August 2018`, `November 2018` or `2018` from a partial ISO date."""
    if not value:
        return "not printed"
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    month = calendar.month_name[parts[1]]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{parts[2]} {month} {parts[0]}"


def _tuple(d: YamlMap, key: str) -> tuple[Any, ...]:
    """An optional list field as a tuple (empty when absent or null)."""
    return tuple(d.get(key) or ())


def _notes(d: YamlMap) -> tuple[Note, ...]:
    return tuple(Note(n["kind"], n["text"]) for n in d.get("notes") or ())


@dataclass(frozen=True)
class Note:
    """A site-authored note on a rule or document."""

    kind: str
    """One of the keys of NOTE_LABELS: slip, tension, ambiguity, draft, footnote, context."""
    text: str
    """The note, in the site's words."""

    @property
    def label(self) -> str:
        return NOTE_LABELS[self.kind]


@dataclass(frozen=True)
class Section:
    """A section of the document, as printed."""

    id: str
    """Unique within the institution; rules name it in `section`."""
    title: str
    """The heading as the document prints it."""


@dataclass(frozen=True)
class Document:
    """The policy document: title, status, dates and owner."""

    title: str
    """The document's title as printed."""
    code: str | None
    """Its code or number, when it prints one."""
    status: Status
    """Adopted or draft."""
    source: str
    """The file name of its text under `policy_data/sources/`."""
    numbering: str
    """Whether the document numbers its paragraphs: printed, partial or none."""
    owner: str
    """Who owns the document."""
    contact: str
    """Whom to ask about it."""
    issued: str | None = None
    """Partial ISO date (`2018`, `2018-11`, `2018-11-05`), as are the other dates."""
    reviewed: tuple[str, ...] = ()
    """Every review date printed."""
    approved: str | None = None
    review_due: str | None = None
    dates_as_printed: str | None = None
    """The dates in the document's own words, when they need explaining."""
    url: str | None = None
    """Where the document is published."""
    notes: tuple[Note, ...] = ()

    @classmethod
    def from_yaml(cls, d: YamlMap) -> Document:
        """The `document` mapping of an institution file, as read."""
        return cls(
            title=d["title"],
            code=d.get("code"),
            status=Status(d["status"]),
            source=d["source"],
            numbering=d["numbering"],
            owner=d["owner"],
            contact=d["contact"],
            issued=d.get("issued"),
            reviewed=_tuple(d, "reviewed"),
            approved=d.get("approved"),
            review_due=d.get("review_due"),
            dates_as_printed=d.get("dates_as_printed"),
            url=d.get("url"),
            notes=_notes(d),
        )

    @property
    def is_draft(self) -> bool:
        return self.status is Status.DRAFT

    def review_overdue(self, today: dt.date) -> bool:
        """True once the printed review date has passed."""
        return bool(self.review_due) and period_end(self.review_due) < today


@dataclass(frozen=True)
class Rule:
    """One normative statement, quoted verbatim from the source."""

    id: str
    """Unique site-wide; starts with the institution's id and a hyphen."""
    institution: str
    """The id of the institution whose document prints it."""
    ref: str
    """The number as the document prints it (`4.a`, `C.3.e`, `FAQ 7`)."""
    section: str
    """The id of the section it sits in."""
    title: str
    """A few words naming it, in the site's words."""
    text: str
    """The verbatim quote."""
    summary: str
    """Its plain meaning, in the site's words."""
    stance: Stance
    audience: tuple[str, ...]
    """Whom it binds: staff, leaders, students, parents, community."""
    topics: tuple[str, ...]
    """Ids of the comparison topics it answers."""
    exceptions: tuple[str, ...] = ()
    """Verbatim quotes of its exceptions."""
    conditions: tuple[str, ...] = ()
    """Verbatim quotes of its conditions."""
    footnotes: tuple[str, ...] = ()
    """Verbatim quotes of the footnotes that bear on it."""
    see_also: tuple[str, ...] = ()
    """Ids of comparable rules of other institutions."""
    keywords: tuple[str, ...] = ()
    """Words people search with that the text lacks."""
    notes: tuple[Note, ...] = ()
    source_line: int = 0
    """Line of the source text where the quote starts (0 when it is not found)."""

    @classmethod
    def from_yaml(cls, d: YamlMap, institution: str, source: SourceText | None) -> Rule:
        """One item of an institution file's `rules`, as read; `source` gives its line."""
        spans = source.find(d["text"]) if source is not None else None
        return cls(
            id=d["id"],
            institution=institution,
            ref=d["ref"],
            section=d["section"],
            title=d["title"],
            text=d["text"],
            summary=d["summary"],
            stance=Stance(d["stance"]),
            audience=tuple(d["audience"]),
            topics=tuple(d["topics"]),
            exceptions=_tuple(d, "exceptions"),
            conditions=_tuple(d, "conditions"),
            footnotes=_tuple(d, "footnotes"),
            see_also=_tuple(d, "see_also"),
            keywords=_tuple(d, "keywords"),
            notes=_notes(d),
            source_line=source.line_of(spans[0].start) if spans else 0,
        )

    @property
    def wholly_struck(self) -> bool:
        """True when every word of the quote is struck out (a deleted draft passage)."""
        return not _DELETION.sub("", self.text).strip(" \n.,;:-")


@dataclass(frozen=True)
class Position:
    """An institution's answer to one topic's question."""

    institution: str
    topic: str
    stance: Stance
    summary: str
    """One line, in the site's words, exceptions included."""
    rules: tuple[str, ...] = ()
    """Ids of the rules it rests on (none when not addressed)."""

    @classmethod
    def from_yaml(cls, d: YamlMap, institution: str, topic: str) -> Position:
        """The entry for `topic` under an institution file's `positions`."""
        return cls(institution, topic, Stance(d["stance"]), d["summary"], _tuple(d, "rules"))

    @property
    def addressed(self) -> bool:
        return self.stance is not Stance.NOT_ADDRESSED


@dataclass(frozen=True)
class FaqEntry:
    """A question and answer printed in a document, quoted verbatim."""

    id: str
    """Unique site-wide (it is a page anchor)."""
    institution: str
    ref: str
    """The number as printed."""
    section: str | None
    """The heading it is printed under, as printed."""
    question: str
    answer: str
    rules: tuple[str, ...] = ()
    """Ids of the institution's rules it explains."""
    footnotes: tuple[str, ...] = ()

    @classmethod
    def from_yaml(cls, d: YamlMap, institution: str) -> FaqEntry:
        """One item of an institution file's `faq`."""
        return cls(d["id"], institution, d["ref"], d.get("section"), d["question"], d["answer"], tuple(d["rules"]), _tuple(d, "footnotes"))


@dataclass(frozen=True)
class Ignored:
    """A normative-looking sentence that is not a rule, and why."""

    text: str
    """The sentence, quoted."""
    reason: str


@dataclass(frozen=True)
class Change:
    """A recorded change of a rule: its wording, its meaning, or the rule added or removed."""

    institution: str
    date: str | None
    """Partial ISO date (None when not given: listed last)."""
    rule: str
    """The id of the rule; for a removed rule, the id it had."""
    change: str
    """What changed, in the site's words."""
    kind: ChangeKind = ChangeKind.STANCE
    old_text: str | None = None
    """The wording before the change, as quoted then (changed and removed rules)."""
    old_stance: Stance | None = None
    """The stance before the change, when it changed."""
    old_ref: str | None = None
    """A removed rule's number as the document printed it."""
    old_title: str | None = None
    """A removed rule's title on this site."""

    @classmethod
    def from_yaml(cls, d: YamlMap, institution: str) -> Change:
        """One item of an institution file's `history`; without `kind`, a change of meaning."""
        return cls(
            institution=institution,
            date=d.get("date"),
            rule=d["rule"],
            change=d["change"],
            kind=ChangeKind(d.get("kind") or ChangeKind.STANCE),
            old_text=d.get("old_text"),
            old_stance=Stance(d["old_stance"]) if d.get("old_stance") else None,
            old_ref=d.get("old_ref"),
            old_title=d.get("old_title"),
        )

    @property
    def sort_key(self) -> tuple[dt.date, str]:
        """Newest last when sorted: by the last day the date covers; undated first."""
        return (period_end(self.date) if self.date else dt.date.min, self.rule)


@dataclass(frozen=True)
class Institution:
    """One institution and its policy document."""

    id: str
    """The file's name without `.yaml`; part of its URL."""
    name: str
    short_name: str
    """Shown in headings and matrix columns; unique, ignoring case."""
    country: str
    region: str
    scope: str
    """Whom and what the document covers, in the site's words."""
    audience: tuple[str, ...]
    document: Document
    sections: tuple[Section, ...]
    rules: tuple[Rule, ...]
    """In document order."""
    positions: tuple[Position, ...]
    """One for each topic the file answers, in the catalog's topic order."""
    faq: tuple[FaqEntry, ...] = ()
    ignored: tuple[Ignored, ...] = ()
    history: tuple[Change, ...] = ()
    website: str | None = None
    added: str | None = None
    """When the institution was added to the site (partial ISO date), if recorded."""
    data_file: str = ""
    """The YAML file, relative to the project root (for edit links and errors)."""
    source_text: str = field(default="", repr=False)
    """The document's text, as received."""

    @classmethod
    def from_yaml(cls, d: YamlMap, *, id: str, data_file: str, topic_ids: tuple[str, ...], source: SourceText | None) -> Institution:
        """An institution file as read, named by its file (`id`); positions for `topic_ids` it answers."""
        answered = d["positions"]
        return cls(
            id=id,
            name=d["name"],
            short_name=d["short_name"],
            country=d["country"],
            region=d["region"],
            scope=d["scope"],
            audience=tuple(d["audience"]),
            document=Document.from_yaml(d["document"]),
            sections=tuple(Section(s["id"], s["title"]) for s in d["sections"]),
            rules=tuple(Rule.from_yaml(r, id, source) for r in d["rules"]),
            positions=tuple(Position.from_yaml(answered[t], id, t) for t in topic_ids if t in answered),
            faq=tuple(FaqEntry.from_yaml(q, id) for q in d.get("faq") or ()),
            ignored=tuple(Ignored(g["text"], g["reason"]) for g in d.get("ignored") or ()),
            history=tuple(Change.from_yaml(h, id) for h in d.get("history") or ()),
            website=d.get("website"),
            added=d.get("added"),
            data_file=data_file,
            source_text=source.raw if source else "",
        )

    @cached_property
    def positions_by_topic(self) -> dict[str, Position]:
        return {p.topic: p for p in self.positions}

    def position(self, topic: str) -> Position:
        return self.positions_by_topic[topic]

    def rules_in(self, section: str) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.section == section)

    def history_of(self, rule_id: str) -> tuple[Change, ...]:
        """The recorded changes of one rule, oldest first."""
        return tuple(sorted((c for c in self.history if c.rule == rule_id), key=lambda c: c.sort_key))

    @property
    def removed_rules(self) -> tuple[Change, ...]:
        """The history entries of rules removed from the document, newest first."""
        return tuple(sorted((c for c in self.history if c.kind is ChangeKind.REMOVED), key=lambda c: c.sort_key, reverse=True))


@dataclass(frozen=True)
class Group:
    """A group of topics (Contact, Accounts, Content, Oversight)."""

    id: GroupId
    title: str
    description: str = ""


@dataclass(frozen=True)
class Topic:
    """A comparison topic: a staff question every institution answers."""

    id: str
    group: GroupId
    title: str
    """A few words, shown in the matrix and in links."""
    question: str
    """The question staff ask, ending with a question mark."""
    description: str
    added: str | None = None
    """When the topic was added to the site (partial ISO date), if recorded."""
    synonyms: tuple[tuple[str, ...], ...] = ()
    """Groups of words staff use for this topic (topics.yaml `synonyms`), for search."""


@dataclass(frozen=True)
class Placeholder:
    """A named blank in a template body, like `[Your name]`."""

    name: str
    """The text between the brackets."""
    label: str
    """The label of its input field."""
    example: str
    """Shown in the empty field."""


@dataclass(frozen=True)
class Template:
    """A reply staff can fill in and copy."""

    id: str
    title: str
    when: str
    """When to use it."""
    institutions: tuple[str, ...]
    """Ids of the institutions whose rules it puts into practice."""
    origin: Origin
    rules: tuple[str, ...]
    """Ids of the rules it implements."""
    body: str
    """The text, with `[Name]` blanks."""
    placeholders: tuple[Placeholder, ...] = ()
    topics: tuple[str, ...] = ()
    """Declared topic ids; when empty, those of its rules (`Catalog.template_topics`)."""
    source_ref: str | None = None
    """For policy wording: the id of the rule or FAQ entry that prints it."""
    notes: tuple[str, ...] = ()

    @classmethod
    def from_yaml(cls, d: YamlMap) -> Template:
        """One item of `templates.yaml`."""
        return cls(
            id=d["id"],
            title=d["title"],
            when=d["when"],
            institutions=tuple(d["institutions"]),
            origin=Origin(d["origin"]),
            rules=tuple(d["rules"]),
            body=d["body"],
            placeholders=tuple(Placeholder(p["name"], p["label"], p["example"]) for p in d["placeholders"]),
            topics=_tuple(d, "topics"),
            source_ref=d.get("source_ref"),
            notes=_tuple(d, "notes"),
        )

    @property
    def is_policy_wording(self) -> bool:
        return self.origin is Origin.POLICY


@dataclass(frozen=True)
class Catalog:
    """Everything the site is built from.

    `load_catalog` returns one only when every check has passed; the checks
    themselves see a draft one, built from the files as read.
    """

    groups: tuple[Group, ...]
    topics: tuple[Topic, ...]
    institutions: tuple[Institution, ...]
    """Sorted by short name once checked; in file order in a draft."""
    templates: tuple[Template, ...]
    data_dir: str = "policy_data"
    """The data folder, relative to the project root (for edit links)."""

    @cached_property
    def _rules(self) -> dict[str, Rule]:
        return {r.id: r for i in self.institutions for r in i.rules}

    @cached_property
    def _institutions(self) -> dict[str, Institution]:
        return {i.id: i for i in self.institutions}

    @cached_property
    def _topics(self) -> dict[str, Topic]:
        return {t.id: t for t in self.topics}

    @cached_property
    def _faqs(self) -> dict[str, FaqEntry]:
        return {f.id: f for i in self.institutions for f in i.faq}

    def rule(self, rule_id: str) -> Rule:
        return self._rules[rule_id]

    def institution(self, institution_id: str) -> Institution:
        return self._institutions[institution_id]

    def topic(self, topic_id: str) -> Topic:
        return self._topics[topic_id]

    def group(self, group_id: str) -> Group:
        return next(g for g in self.groups if g.id == group_id)

    def faq(self, faq_id: str) -> FaqEntry:
        return self._faqs[faq_id]

    def has_faq(self, faq_id: str) -> bool:
        return faq_id in self._faqs

    @property
    def rules(self) -> tuple[Rule, ...]:
        return tuple(self._rules.values())

    def topics_in(self, group: str) -> tuple[Topic, ...]:
        return tuple(t for t in self.topics if t.group == group)

    def grouped_topics(self) -> tuple[tuple[Group, tuple[Topic, ...]], ...]:
        """Each group that has topics, with them, in the order topics.yaml lists both."""
        pairs = ((g, self.topics_in(g.id)) for g in self.groups)
        return tuple((g, topics) for g, topics in pairs if topics)

    def positions_on(self, topic: str) -> tuple[Position, ...]:
        return tuple(i.position(topic) for i in self.institutions)

    @cached_property
    def _templates_by_topic(self) -> dict[str, tuple[Template, ...]]:
        out: dict[str, list[Template]] = {}
        for t in self.templates:
            for topic in self.template_topics(t):
                out.setdefault(topic, []).append(t)
        return {k: tuple(v) for k, v in out.items()}

    def template_topics(self, template: Template) -> tuple[str, ...]:
        """A template's topics: declared, or else those of its rules."""
        if template.topics:
            return template.topics
        seen: dict[str, None] = {}
        for rule_id in template.rules:
            for topic in self.rule(rule_id).topics:
                seen.setdefault(topic)
        return tuple(seen)

    def templates_for_topic(self, topic: str) -> tuple[Template, ...]:
        return self._templates_by_topic.get(topic, ())

    def templates_for_institution(self, institution: str) -> tuple[Template, ...]:
        return tuple(t for t in self.templates if institution in t.institutions)

    @cached_property
    def _cited_by(self) -> dict[str, tuple[str, ...]]:
        out: dict[str, list[str]] = {}
        for rule in self.rules:
            for target in rule.see_also:
                out.setdefault(target, []).append(rule.id)
        return {k: tuple(v) for k, v in out.items()}

    def cited_by(self, rule_id: str) -> tuple[Rule, ...]:
        """The rules whose `see_also` names this one (the other direction of see_also), in catalog order."""
        return tuple(self.rule(r) for r in self._cited_by.get(rule_id, ()))

    def templates_for_rule(self, rule_id: str) -> tuple[Template, ...]:
        return tuple(t for t in self.templates if rule_id in t.rules)

    def faqs_for_topic(self, topic: str) -> tuple[FaqEntry, ...]:
        """Document FAQ entries that explain a rule on this topic."""
        return tuple(
            f for i in self.institutions for f in i.faq if any(topic in self.rule(r).topics for r in f.rules)
        )
