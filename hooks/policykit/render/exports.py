"""Machine-readable exports: `/policies.json` (the contract in DESIGN.md) and `/comparison.csv`."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

from policykit.model import Catalog, FaqEntry, Institution, Position, Rule, Template, period_end
from policykit.render.paths import TEMPLATES, institution_path, site_url, topic_path

SCHEMA_VERSION = 1
UrlOf = Callable[..., str]
"""`url(page, anchor="")`: a page's site URL in the build's URL style."""


def _institution(inst: Institution, url: UrlOf) -> dict[str, Any]:
    doc = inst.document
    return {
        "id": inst.id,
        "name": inst.name,
        "short_name": inst.short_name,
        "country": inst.country,
        "region": inst.region,
        "document": {
            "title": doc.title,
            "code": doc.code,
            "status": doc.status,
            "issued": doc.issued,
            "reviewed": max(doc.reviewed, key=period_end) if doc.reviewed else None,
            "reviewed_all": list(doc.reviewed),
            "approved": doc.approved,
            "review_due": doc.review_due,
            "owner": doc.owner,
        },
        "url": url(institution_path(inst.id)),
    }


def _rule(inst: Institution, r: Rule, url: UrlOf, sections: dict[str, str]) -> dict[str, Any]:
    return {
        "id": r.id,
        "institution": inst.id,
        "ref": r.ref,
        "title": r.title,
        "section": sections[r.section],
        "text": r.text,
        "summary": r.summary,
        "stance": r.stance,
        "audience": list(r.audience),
        "topics": list(r.topics),
        "exceptions": list(r.exceptions),
        "conditions": list(r.conditions),
        "see_also": list(r.see_also),
        "url": url(institution_path(inst.id), r.id),
    }


def _faq(inst: Institution, f: FaqEntry, url: UrlOf) -> dict[str, Any]:
    return {"id": f.id, "institution": inst.id, "question": f.question, "answer": f.answer, "rules": list(f.rules), "url": url(institution_path(inst.id), f.id)}


def _position(p: Position, url: UrlOf) -> dict[str, Any]:
    return {
        "institution": p.institution,
        "topic": p.topic,
        "stance": p.stance,
        "summary": p.summary,
        "rules": list(p.rules),
        "url": url(topic_path(p.topic), p.institution),
    }


def _template(t: Template, url: UrlOf) -> dict[str, Any]:
    return {
        "id": t.id,
        "title": t.title,
        "institutions": list(t.institutions),
        "origin": t.origin,
        "body": t.body,
        "placeholders": [{"name": p.name, "label": p.label, "example": p.example} for p in t.placeholders],
        "rules": list(t.rules),
        "url": url(TEMPLATES, t.id),
    }


Run = tuple[str, Any, Callable[[], list[dict[str, Any]]]]
"""A run of one list of the export: a key, what it reads, and how to make its items."""
Kept = Callable[[str, Any, Callable[[], str]], str]
"""`(key, inputs, make) -> text`: `make()`, or its text from an earlier build with equal inputs (`build_pages`' memo)."""


def _runs(cat: Catalog, url: UrlOf) -> dict[str, list[Run]]:
    """Each list of the export as runs: one per institution (its entry, rules, FAQ) or per topic (its positions)."""
    def per_inst(name: str, items: Callable[[Institution], list[dict[str, Any]]]) -> list[Run]:
        return [(f"{name}-{i.id}", i, lambda i=i: items(i)) for i in cat.institutions]

    return {
        "institutions": per_inst("institution", lambda i: [_institution(i, url)]),
        "topics": [("topics", cat.topics, lambda: [{"id": t.id, "title": t.title, "question": t.question, "group": t.group, "url": url(topic_path(t.id))} for t in cat.topics])],
        "rules": per_inst("rules", lambda i: [_rule(i, r, url, {s.id: s.title for s in i.sections}) for r in i.rules]),
        "positions": [(f"positions-{t.id}", cat.positions_on(t.id), lambda t=t: [_position(p, url) for p in cat.positions_on(t.id)]) for t in cat.topics],
        "faqs": per_inst("faqs", lambda i: [_faq(i, f, url) for f in i.faq]),
        "templates": [("templates", cat.templates, lambda: [_template(t, url) for t in cat.templates])],
    }


def _url_of(directory_urls: bool) -> UrlOf:
    return lambda page, anchor="": site_url(page, anchor, directory_urls=directory_urls)


def policies_data(cat: Catalog, *, directory_urls: bool = True) -> dict[str, Any]:
    """The export as plain data, lists in display order (institutions, then document order)."""
    data: dict[str, Any] = {name: [item for _, _, make in runs for item in make()] for name, runs in _runs(cat, _url_of(directory_urls)).items()}
    return {"schema_version": SCHEMA_VERSION, **data}


def _dump(value: Any) -> str:
    # Compact: with `indent`, json writes in Python rather than C, seconds at a few hundred institutions.
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def policies_json(cat: Catalog, *, directory_urls: bool = True, kept: Kept | None = None) -> str:
    """`policies_data` as JSON, each run's items written once and, with `kept`, kept while the run's inputs hold."""
    keep = kept or (lambda key, inputs, make: make())
    lists = {
        name: "[" + ",".join(filter(None, (keep(f"policies.json#{key}", (inputs, directory_urls), lambda make=make: ",".join(map(_dump, make())))
                                          for key, inputs, make in runs))) + "]"
        for name, runs in _runs(cat, _url_of(directory_urls)).items()
    }
    lists["schema_version"] = _dump(SCHEMA_VERSION)
    return "{" + ",".join(f"{_dump(name)}:{lists[name]}" for name in sorted(lists)) + "}\n"


# A spreadsheet reads a cell that starts with one of these as a formula (OWASP,
# "CSV Injection"): = + - @, tab, carriage return, line feed, and their full-width
# forms (which some spreadsheets fold to ASCII). Leading spaces do not stop it.
_FORMULA_START = set("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
_LEADING_BLANKS = " \u00a0\u3000"


def safe_cell(text: str) -> str:
    """A CSV cell a spreadsheet shows as text: one that could start a formula gets a leading `'`."""
    if text.lstrip(_LEADING_BLANKS)[:1] in _FORMULA_START:
        return "'" + text
    return text


class _SafeWriter:
    """csv.writer whose every cell goes through `safe_cell`.

    With "\n" line ends, csv leaves a carriage return in a cell unquoted, which
    a spreadsheet reads as a new row: a row with one is written fully quoted.
    """

    def __init__(self, out: io.StringIO) -> None:
        self._writer = csv.writer(out, lineterminator="\n")
        self._quoted = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)

    def writerow(self, row: list[str]) -> None:
        cells = [safe_cell(cell) for cell in row]
        (self._quoted if any("\r" in c for c in cells) else self._writer).writerow(cells)


def comparison_csv(cat: Catalog) -> str:
    """Topic rows, institution columns: `<SHORT> stance`, `<SHORT> summary` for each.

    Cells that a spreadsheet would read as a formula start with `'` (policies.json keeps the exact text).
    """
    out = io.StringIO()
    writer = _SafeWriter(out)
    header = ["group", "topic", "title", "question"]
    for inst in cat.institutions:
        header += [f"{inst.short_name} stance", f"{inst.short_name} summary"]
    writer.writerow(header)
    for group, topics in cat.grouped_topics():
        for t in topics:
            row = [group.title, t.id, t.title, t.question]
            for inst in cat.institutions:
                p = inst.position(t.id)
                row += [p.stance, p.summary]
            writer.writerow(row)
    return out.getvalue()
