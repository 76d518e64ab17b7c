"""Load `policy_data/`, check it, and return the frozen model.

Checks, all reported at once (one line each, file and line first):
schema of each file; unique ids; every reference resolves (topics, rules,
institutions, sections, `see_also`, FAQ and template citations); real dates;
every quote found in its source; positions complete and each position's rules
tagged with its topic; template placeholders declared and used.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policykit import thesaurus
from policykit.errors import PolicyDataError, Problem
from policykit.model import (
    PLACEHOLDER,
    Catalog,
    Change,
    Document,
    FaqEntry,
    Group,
    Ignored,
    Institution,
    Note,
    Placeholder,
    Position,
    Rule,
    Section,
    Template,
    Topic,
)
from policykit.schema import SchemaSet, did_you_mean
from policykit.text import SourceText
from policykit.yamlio import Marks, load_yaml


@dataclass
class _File:
    """One parsed YAML file and where its values were written."""

    path: Path
    display: str
    data: Any
    marks: Marks


def load_catalog(data_dir: Path | str, *, root: Path | str | None = None) -> Catalog:
    """Load and check every file under `data_dir`; raise PolicyDataError listing all problems.

    `root` is the folder error messages and edit links are relative to
    (default: the parent of `data_dir`, the project root).
    """
    data_dir = Path(data_dir)
    return _Loader(data_dir, Path(root) if root else data_dir.parent).run()


class _Loader:
    def __init__(self, data_dir: Path, root: Path) -> None:
        self.data_dir = data_dir
        self.root = root
        self.problems: list[Problem] = []
        self.sources: dict[str, SourceText] = {}

    # -- reading ---------------------------------------------------------

    def display(self, path: Path) -> str:
        """A path as messages show it: from the project root, or in full when outside it."""
        path = path.resolve()
        try:
            return path.relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def read(self, path: Path, kind: str, schemas: SchemaSet | None) -> _File | None:
        display = self.display(path)
        try:
            data, marks = load_yaml(path, display)
        except PolicyDataError as exc:
            self.problems.extend(exc.problems)
            return None
        if schemas is not None:
            found = schemas.validate(kind, data, marks)
            if found:
                self.problems.extend(found)
                return None
        return _File(path, display, data, marks)

    def run(self) -> Catalog:
        schema_dir = self.data_dir / "schema"
        schemas: SchemaSet | None = None
        if not self.data_dir.is_dir():
            raise PolicyDataError([Problem(self.display(self.data_dir), None, None, "", "expected the policy data folder; found nothing there")])
        try:
            schemas = SchemaSet(schema_dir)
        except (OSError, ValueError) as exc:
            self.problems.append(Problem(self.display(schema_dir), None, None, "", f"cannot read the JSON Schemas ({exc})"))
        topics_file = self.read(self.data_dir / "topics.yaml", "topics", schemas)
        inst_dir = self.data_dir / "institutions"
        listed = sorted(p for p in inst_dir.iterdir() if not p.name.startswith(".")) if inst_dir.is_dir() else []
        inst_paths = [p for p in listed if p.suffix == ".yaml"]
        for stray in listed:
            if stray.suffix != ".yaml":
                self.problems.append(Problem(self.display(stray), None, None, "", f"expected institution files named <id>.yaml; found {stray.name!r} (rename it to {stray.stem}.yaml)"))
        if not inst_paths:
            self.problems.append(Problem(self.display(inst_dir), None, None, "", "expected at least one institution file (<id>.yaml); found none"))
        inst_files = [self.read(p, "institution", schemas) for p in inst_paths]
        templates_file = self.read(self.data_dir / "templates.yaml", "templates", schemas)
        self.problems.extend(thesaurus.read(self.data_dir / "thesaurus.yaml", self.display(self.data_dir / "thesaurus.yaml"), schemas)[1])
        if schemas is None:
            raise PolicyDataError(self.problems)

        groups, topics = self.check_topics(topics_file)
        topic_ids = [t.id for t in topics]
        # Ids from files that failed their schema are still known, so that
        # references into them do not add a second, misleading error.
        self.broken_institutions = {p.stem for p, f in zip(inst_paths, inst_files) if f is None}
        good = [f for f in inst_files if f is not None]
        self.rule_owner: dict[str, str] = {}
        self.anchor_seen: dict[str, str] = {}
        built = [self.build_institution(f, topic_ids if topics_file else None) for f in good]
        self.broken_institutions |= {f.path.stem for f, inst in zip(good, built) if inst is None}
        institutions = [i for i in built if i is not None]
        self.check_short_names(good)
        self.check_see_also(good)
        templates = self.build_templates(templates_file, {i.id: i for i in institutions}, set(topic_ids), topics_file is not None)
        if self.problems:
            raise PolicyDataError(self.problems)
        institutions.sort(key=lambda i: (i.short_name.casefold(), i.id))
        return Catalog(tuple(groups), tuple(topics), tuple(institutions), tuple(templates), self.display(self.data_dir))

    # -- topics ----------------------------------------------------------

    def check_topics(self, f: _File | None) -> tuple[list[Group], list[Topic]]:
        if f is None:
            return [], []
        groups = []
        seen_groups: set[str] = set()
        for i, g in enumerate(f.data["groups"]):
            if g["id"] in seen_groups:
                self.problems.append(f.marks.problem(("groups", i, "id"), f"expected each group once; found {g['id']!r} again"))
            seen_groups.add(g["id"])
            groups.append(Group(g["id"], g["title"], g.get("description") or ""))
        topics = []
        seen: set[str] = set()
        for i, t in enumerate(f.data["topics"]):
            if t["id"] in seen:
                self.problems.append(f.marks.problem(("topics", i, "id"), f"duplicate topic id; expected each id once; found {t['id']!r} again"))
            seen.add(t["id"])
            if t["group"] not in seen_groups:
                self.problems.append(
                    f.marks.problem(("topics", i, "group"), f"expected a group listed under groups ({', '.join(sorted(seen_groups))}); found {t['group']!r}")
                )
            if not t["question"].rstrip().endswith("?"):
                self.problems.append(f.marks.problem(("topics", i, "question"), f"expected a question ending with '?'; found {t['question']!r}"))
            self.problems.extend(thesaurus.check(t.get("synonyms") or [], f.marks, ("topics", i, "synonyms")))
            topics.append(Topic(t["id"], t["group"], t["title"], t["question"], t["description"], thesaurus.as_groups(t.get("synonyms"))))
        return groups, topics

    # -- institutions ----------------------------------------------------

    def source(self, f: _File, name: str) -> SourceText | None:
        if name in self.sources:
            return self.sources[name]
        path = self.data_dir / "sources" / name
        field = ("document", "source")
        try:
            raw = path.read_bytes()
        except OSError:
            self.problems.append(f.marks.problem(field, f"expected the source text at {self.display(path)}; found no such file"))
            return None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            self.problems.append(Problem(self.display(path), line, None, "", "expected UTF-8 text; found bytes that are not UTF-8"))
            return None
        self.sources[name] = SourceText(text)
        return self.sources[name]

    def check_date(self, f: _File, path: tuple[Any, ...], value: str | None) -> None:
        if not value:
            return
        parts = [int(p) for p in value.split("-")]
        try:
            dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
        except ValueError as exc:
            self.problems.append(f.marks.problem(path, f"expected a real date; found {value!r} ({exc})"))

    def check_quote(self, f: _File, source: SourceText | None, path: tuple[Any, ...], quote: str) -> int:
        """Check a verbatim quote; return its 1-based line in the source (0 if absent)."""
        if source is None:
            return 0
        spans = source.find(quote)
        if spans is None:
            where = self.display(self.data_dir / "sources" / f.data["document"]["source"])
            self.problems.append(f.marks.problem(path, f"expected a verbatim quote of {where}; found text that {source.closest_miss(quote)}"))
            return 0
        return source.line_of(spans[0].start)

    def claim_anchor(self, f: _File, path: tuple[Any, ...], anchor: str, what: str) -> None:
        if anchor in self.anchor_seen:
            self.problems.append(f.marks.problem(path, f"duplicate id; expected ids unique across the site; found {anchor!r}, already used by {self.anchor_seen[anchor]}"))
        else:
            self.anchor_seen[anchor] = f"{what} in {f.display}"

    def build_institution(self, f: _File, topic_ids: list[str] | None) -> Institution | None:
        d = f.data
        m = f.marks
        # The file's name is the id; a different `id` is one mistake, reported once.
        inst_id = f.path.stem
        before = len(self.problems)
        if d["id"] != inst_id:
            self.problems.append(m.problem(("id",), f"expected the file's name, {inst_id!r}; found {d['id']!r}"))
        doc = d["document"]
        source = self.source(f, doc["source"])
        for path, url in ((("website",), d.get("website")), (("document", "url"), doc.get("url"))):
            if url and url != url.strip():
                self.problems.append(m.problem(path, f"expected a link without spaces or line breaks around it; found {url!r}"))
        for key in ("issued", "approved", "review_due"):
            self.check_date(f, ("document", key), doc.get(key))
        for i, value in enumerate(doc.get("reviewed") or []):
            self.check_date(f, ("document", "reviewed", i), value)

        section_ids: set[str] = set()
        for i, s in enumerate(d["sections"]):
            if s["id"] in section_ids:
                self.problems.append(m.problem(("sections", i, "id"), f"expected each section id once; found {s['id']!r} again"))
            section_ids.add(s["id"])

        rules: list[Rule] = []
        own_rules: dict[str, Rule] = {}
        for i, r in enumerate(d["rules"]):
            at = ("rules", i)
            if not r["id"].startswith(inst_id + "-"):
                self.problems.append(m.problem(at + ("id",), f"expected an id starting with {inst_id + '-'!r}; found {r['id']!r}"))
            self.claim_anchor(f, at + ("id",), r["id"], f"rules[{i}]")
            self.rule_owner.setdefault(r["id"], inst_id)
            if r["section"] not in section_ids:
                self.problems.append(m.problem(at + ("section",), f"unknown section {r['section']!r}; expected one of the ids under sections{did_you_mean(r['section'], section_ids)}"))
            if topic_ids is not None:
                for j, t in enumerate(r["topics"]):
                    if t not in topic_ids:
                        self.problems.append(m.problem(at + ("topics", j), f"unknown topic {t!r}; expected an id from topics.yaml{did_you_mean(t, topic_ids)}"))
            line = self.check_quote(f, source, at + ("text",), r["text"])
            for key in ("exceptions", "conditions", "footnotes"):
                for j, q in enumerate(r.get(key) or []):
                    self.check_quote(f, source, at + (key, j), q)
            rule = Rule(
                id=r["id"],
                institution=inst_id,
                ref=r["ref"],
                section=r["section"],
                title=r["title"],
                text=r["text"],
                summary=r["summary"],
                stance=r["stance"],
                audience=tuple(r["audience"]),
                topics=tuple(r["topics"]),
                exceptions=tuple(r.get("exceptions") or ()),
                conditions=tuple(r.get("conditions") or ()),
                footnotes=tuple(r.get("footnotes") or ()),
                see_also=tuple(r.get("see_also") or ()),
                keywords=tuple(r.get("keywords") or ()),
                notes=tuple(Note(n["kind"], n["text"]) for n in r.get("notes") or ()),
                source_line=line,
            )
            rules.append(rule)
            own_rules.setdefault(rule.id, rule)

        positions = list(self.check_positions(f, inst_id, own_rules, topic_ids))

        faqs = []
        for i, q in enumerate(d.get("faq") or []):
            at = ("faq", i)
            self.claim_anchor(f, at + ("id",), q["id"], f"faq[{i}]")
            self.check_quote(f, source, at + ("question",), q["question"])
            self.check_quote(f, source, at + ("answer",), q["answer"])
            for j, fn in enumerate(q.get("footnotes") or []):
                self.check_quote(f, source, at + ("footnotes", j), fn)
            for j, rid in enumerate(q["rules"]):
                if rid not in own_rules:
                    self.problems.append(m.problem(at + ("rules", j), f"unknown rule {rid!r}; expected a rule id of {inst_id}{did_you_mean(rid, own_rules)}"))
            faqs.append(FaqEntry(q["id"], inst_id, q["ref"], q.get("section"), q["question"], q["answer"], tuple(q["rules"]), tuple(q.get("footnotes") or ())))

        ignored = []
        for i, g in enumerate(d.get("ignored") or []):
            self.check_quote(f, source, ("ignored", i, "text"), g["text"])
            ignored.append(Ignored(g["text"], g["reason"]))

        history = []
        for i, h in enumerate(d.get("history") or []):
            self.check_date(f, ("history", i, "date"), h["date"])
            if h["rule"] not in own_rules:
                self.problems.append(m.problem(("history", i, "rule"), f"unknown rule {h['rule']!r}; expected a rule id of {inst_id}{did_you_mean(h['rule'], own_rules)}"))
            history.append(Change(inst_id, h["date"], h["rule"], h["change"]))

        if len(self.problems) > before:
            return None
        document = Document(
            title=doc["title"],
            code=doc.get("code"),
            status=doc["status"],
            source=doc["source"],
            numbering=doc["numbering"],
            owner=doc["owner"],
            contact=doc["contact"],
            issued=doc.get("issued"),
            reviewed=tuple(doc.get("reviewed") or ()),
            approved=doc.get("approved"),
            review_due=doc.get("review_due"),
            dates_as_printed=doc.get("dates_as_printed"),
            url=doc.get("url"),
            notes=tuple(Note(n["kind"], n["text"]) for n in doc.get("notes") or ()),
        )
        return Institution(
            id=inst_id,
            name=d["name"],
            short_name=d["short_name"],
            country=d["country"],
            region=d["region"],
            scope=d["scope"],
            audience=tuple(d["audience"]),
            document=document,
            sections=tuple(Section(s["id"], s["title"]) for s in d["sections"]),
            rules=tuple(rules),
            positions=tuple(positions),
            faq=tuple(faqs),
            ignored=tuple(ignored),
            history=tuple(history),
            website=d.get("website"),
            data_file=f.display,
            source_text=source.raw if source else "",
        )

    def check_positions(self, f: _File, inst_id: str, rules: dict[str, Rule], topic_ids: list[str] | None) -> Iterator[Position]:
        positions = f.data["positions"]
        m = f.marks
        if topic_ids is None:
            return
        for topic in positions:
            if topic not in topic_ids:
                self.problems.append(m.problem(("positions", topic), f"unknown topic; expected an id from topics.yaml{did_you_mean(topic, topic_ids)}", key=True))
        for topic in topic_ids:
            p = positions.get(topic)
            at = ("positions", topic)
            if p is None:
                self.problems.append(m.problem(at, f"expected a position for topic {topic!r} (stance: not-addressed when the document is silent); found none"))
                continue
            if p["stance"] == "not-addressed" and p.get("rules"):
                self.problems.append(m.problem(at + ("rules",), f"expected no rules for a not-addressed position; found {len(p['rules'])}"))
                continue
            if p["stance"] != "not-addressed" and not p.get("rules"):
                self.problems.append(m.problem(at + ("rules",), f"expected the rules a {p['stance']!r} position rests on; found none"))
            for j, rid in enumerate(p.get("rules") or []):
                rule = rules.get(rid)
                if rule is None:
                    self.problems.append(m.problem(at + ("rules", j), f"unknown rule {rid!r}; expected a rule id of {inst_id}{did_you_mean(rid, rules)}"))
                elif topic not in rule.topics:
                    self.problems.append(m.problem(at + ("rules", j), f"expected rule {rid!r} to list topic {topic!r} in its topics; found {', '.join(rule.topics)}"))
            yield Position(inst_id, topic, p["stance"], p["summary"], tuple(p.get("rules") or ()))

    def check_short_names(self, files: list[_File]) -> None:
        seen: dict[str, str] = {}
        for f in files:
            name = f.data["short_name"].casefold()
            if name in seen:
                self.problems.append(f.marks.problem(("short_name",), f"expected a short name no other institution uses; found {f.data['short_name']!r}, also used in {seen[name]}"))
            seen.setdefault(name, f.display)

    def check_see_also(self, files: list[_File]) -> None:
        for f in files:
            inst_id = f.path.stem
            for i, r in enumerate(f.data["rules"]):
                for j, target in enumerate(r.get("see_also") or []):
                    owner = self.rule_owner.get(target)
                    at = ("rules", i, "see_also", j)
                    if owner is None:
                        if target.split("-")[0] in self.broken_institutions:
                            continue
                        self.problems.append(f.marks.problem(at, f"unknown rule {target!r}; expected a rule id of another institution{did_you_mean(target, self.rule_owner)}"))
                    elif owner == inst_id:
                        self.problems.append(f.marks.problem(at, f"expected a rule of another institution; found {target!r}, a rule of {inst_id}"))

    # -- templates -------------------------------------------------------

    def build_templates(self, f: _File | None, institutions: dict[str, Institution], topic_ids: set[str], topics_ok: bool) -> list[Template]:
        if f is None:
            return []
        m = f.marks
        known = set(institutions) | self.broken_institutions
        out = []
        for i, t in enumerate(f.data["templates"]):
            at = ("templates", i)
            self.claim_anchor(f, at + ("id",), t["id"], f"templates[{i}]")
            for j, inst in enumerate(t["institutions"]):
                if inst not in known:
                    choices = ", ".join(sorted(known)) or "none (there are no institution files)"
                    self.problems.append(m.problem(at + ("institutions", j), f"unknown institution {inst!r}; expected one of {choices}{did_you_mean(inst, known)}"))
            for j, rid in enumerate(t["rules"]):
                owner = self.rule_owner.get(rid)
                if owner is None:
                    if rid.split("-")[0] not in self.broken_institutions:
                        self.problems.append(m.problem(at + ("rules", j), f"unknown rule {rid!r}; expected a rule id{did_you_mean(rid, self.rule_owner)}"))
                elif owner not in t["institutions"]:
                    self.problems.append(m.problem(at + ("rules", j), f"expected a rule of {', '.join(t['institutions'])}; found {rid!r}, a rule of {owner} (add {owner!r} to institutions)"))
            if topics_ok:
                for j, topic in enumerate(t.get("topics") or []):
                    if topic not in topic_ids:
                        self.problems.append(m.problem(at + ("topics", j), f"unknown topic {topic!r}; expected an id from topics.yaml{did_you_mean(topic, topic_ids)}"))
            used = list(dict.fromkeys(PLACEHOLDER.findall(t["body"])))
            declared = [p["name"] for p in t["placeholders"]]
            for name in used:
                if name not in declared:
                    self.problems.append(m.problem(at + ("body",), f"undeclared placeholder [{name}]; expected it under placeholders (name, label, example){did_you_mean(name, declared)}"))
            for j, name in enumerate(declared):
                if name not in used:
                    self.problems.append(m.problem(at + ("placeholders", j, "name"), f"unused placeholder {name!r}; expected [{name}] in the body"))
                if declared.index(name) != j:
                    self.problems.append(m.problem(at + ("placeholders", j, "name"), f"expected each placeholder once; found {name!r} again"))
            source_ref = t.get("source_ref")
            if t["origin"] == "policy":
                self.check_policy_wording(f, at, t, institutions)
            elif source_ref:
                self.problems.append(m.problem(at + ("source_ref",), f"expected no source_ref for origin 'suggested' (it names where policy wording is printed); found {source_ref!r}"))
            out.append(
                Template(
                    id=t["id"],
                    title=t["title"],
                    when=t["when"],
                    institutions=tuple(t["institutions"]),
                    origin=t["origin"],
                    rules=tuple(t["rules"]),
                    body=t["body"],
                    placeholders=tuple(Placeholder(p["name"], p["label"], p["example"]) for p in t["placeholders"]),
                    topics=tuple(t.get("topics") or ()),
                    source_ref=source_ref,
                    notes=tuple(t.get("notes") or ()),
                )
            )
        return out

    def check_policy_wording(self, f: _File, at: tuple[Any, ...], t: dict[str, Any], institutions: dict[str, Institution]) -> None:
        """Wording labelled as printed in a policy must be found there."""
        source_ref = t.get("source_ref")
        if not source_ref:
            self.problems.append(f.marks.problem(at + ("source_ref",), "expected the id of the rule or FAQ entry that prints this wording (origin is 'policy'); found none"))
            return
        owner = self.rule_owner.get(source_ref) or source_ref.split("-")[0]
        if owner in self.broken_institutions:
            return
        inst = institutions.get(owner)
        known_ids = {r.id for r in inst.rules} | {q.id for q in inst.faq} if inst else set()
        if inst is None or source_ref not in known_ids:
            self.problems.append(f.marks.problem(at + ("source_ref",), f"unknown rule or FAQ entry {source_ref!r}; expected the id of the one that prints this wording{did_you_mean(source_ref, self.anchor_seen)}"))
            return
        source = self.sources.get(inst.document.source)
        if source is not None and source.find(t["body"]) is None:
            where = self.display(self.data_dir / "sources" / inst.document.source)
            self.problems.append(f.marks.problem(at + ("body",), f"expected wording printed in {where} (origin is 'policy'); found text that {source.closest_miss(t['body'])}"))
