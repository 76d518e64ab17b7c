"""The validated policy data: small, typed, frozen records.

Built by `policykit.load` once every check has passed, so the renderers can
trust every reference. Collections are tuples in display order.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property

STANCES = ("required", "prohibited", "restricted", "discouraged", "permitted", "encouraged")
POSITION_STANCES = STANCES + ("not-addressed",)

STANCE_LABELS = {
    "required": "Required",
    "prohibited": "Prohibited",
    "restricted": "Restricted",
    "discouraged": "Discouraged",
    "permitted": "Permitted",
    "encouraged": "Encouraged",
    "not-addressed": "Not addressed",
}
STANCE_MEANINGS = {
    "required": "must or shall be done",
    "prohibited": "must not be done (named narrow exceptions allowed)",
    "restricted": "allowed only with prior permission or under stated conditions",
    "discouraged": "advised against, not forbidden",
    "permitted": "expressly allowed",
    "encouraged": "recommended or advised",
    "not-addressed": "the document is silent",
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


@dataclass(frozen=True)
class Note:
    """A site-authored note on a rule or document."""

    kind: str
    text: str

    @property
    def label(self) -> str:
        return NOTE_LABELS[self.kind]


@dataclass(frozen=True)
class Section:
    """A section of the document, as printed."""

    id: str
    title: str


@dataclass(frozen=True)
class Document:
    """The policy document: title, status, dates and owner."""

    title: str
    code: str | None
    status: str
    source: str
    numbering: str
    owner: str
    contact: str
    issued: str | None = None
    reviewed: tuple[str, ...] = ()
    approved: str | None = None
    review_due: str | None = None
    dates_as_printed: str | None = None
    url: str | None = None
    notes: tuple[Note, ...] = ()

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    def review_overdue(self, today: dt.date) -> bool:
        """True once the printed review date has passed."""
        return bool(self.review_due) and period_end(self.review_due) < today


@dataclass(frozen=True)
class Rule:
    """One normative statement, quoted verbatim from the source."""

    id: str
    institution: str
    ref: str
    section: str
    title: str
    text: str
    summary: str
    stance: str
    audience: tuple[str, ...]
    topics: tuple[str, ...]
    exceptions: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    footnotes: tuple[str, ...] = ()
    see_also: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    notes: tuple[Note, ...] = ()
    source_line: int = 0
    """Line of the source text where the quote starts."""

    @property
    def wholly_struck(self) -> bool:
        """True when every word of the quote is struck out (a deleted draft passage)."""
        return not _DELETION.sub("", self.text).strip(" \n.,;:-")


@dataclass(frozen=True)
class Position:
    """An institution's answer to one topic's question."""

    institution: str
    topic: str
    stance: str
    summary: str
    rules: tuple[str, ...] = ()

    @property
    def addressed(self) -> bool:
        return self.stance != "not-addressed"


@dataclass(frozen=True)
class FaqEntry:
    """A question and answer printed in a document, quoted verbatim."""

    id: str
    institution: str
    ref: str
    section: str | None
    question: str
    answer: str
    rules: tuple[str, ...] = ()
    footnotes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Ignored:
    """A normative-looking sentence that is not a rule, and why."""

    text: str
    reason: str


@dataclass(frozen=True)
class Change:
    """A recorded change of a rule's meaning."""

    institution: str
    date: str
    rule: str
    change: str


@dataclass(frozen=True)
class Institution:
    """One institution and its policy document."""

    id: str
    name: str
    short_name: str
    country: str
    region: str
    scope: str
    audience: tuple[str, ...]
    document: Document
    sections: tuple[Section, ...]
    rules: tuple[Rule, ...]
    positions: tuple[Position, ...]
    faq: tuple[FaqEntry, ...] = ()
    ignored: tuple[Ignored, ...] = ()
    history: tuple[Change, ...] = ()
    website: str | None = None
    data_file: str = ""
    """The YAML file, relative to the project root (for edit links and errors)."""
    source_text: str = field(default="", repr=False)

    @cached_property
    def positions_by_topic(self) -> dict[str, Position]:
        return {p.topic: p for p in self.positions}

    def position(self, topic: str) -> Position:
        return self.positions_by_topic[topic]

    def rules_in(self, section: str) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.section == section)


@dataclass(frozen=True)
class Group:
    """A group of topics (Contact, Accounts, Content, Oversight)."""

    id: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class Topic:
    """A comparison topic: a staff question every institution answers."""

    id: str
    group: str
    title: str
    question: str
    description: str
    synonyms: tuple[tuple[str, ...], ...] = ()
    """Groups of words staff use for this topic (topics.yaml `synonyms`), for search."""


@dataclass(frozen=True)
class Placeholder:
    """A named blank in a template body, like `[Your name]`."""

    name: str
    label: str
    example: str


@dataclass(frozen=True)
class Template:
    """A reply staff can fill in and copy."""

    id: str
    title: str
    when: str
    institutions: tuple[str, ...]
    origin: str
    rules: tuple[str, ...]
    body: str
    placeholders: tuple[Placeholder, ...] = ()
    topics: tuple[str, ...] = ()
    source_ref: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def is_policy_wording(self) -> bool:
        return self.origin == "policy"


@dataclass(frozen=True)
class Catalog:
    """Everything the site is built from, validated."""

    groups: tuple[Group, ...]
    topics: tuple[Topic, ...]
    institutions: tuple[Institution, ...]
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

    def faq(self, faq_id: str) -> FaqEntry:
        return self._faqs[faq_id]

    def has_faq(self, faq_id: str) -> bool:
        return faq_id in self._faqs

    @property
    def rules(self) -> tuple[Rule, ...]:
        return tuple(self._rules.values())

    def topics_in(self, group: str) -> tuple[Topic, ...]:
        return tuple(t for t in self.topics if t.group == group)

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

    def templates_for_rule(self, rule_id: str) -> tuple[Template, ...]:
        return tuple(t for t in self.templates if rule_id in t.rules)

    def faqs_for_topic(self, topic: str) -> tuple[FaqEntry, ...]:
        """Document FAQ entries that explain a rule on this topic."""
        return tuple(
            f for i in self.institutions for f in i.faq if any(topic in self.rule(r).topics for r in f.rules)
        )
