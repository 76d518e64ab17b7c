"""The renderers never fail on data the validator accepts.

Hypothesis makes valid-but-odd catalogs from the fixture data: empty and null
optional fields, odd Unicode and Markdown-looking free text, long strings, many
institutions, sections without rules, topics nobody addresses, odd dates. Each
is written as YAML and loaded as the site loads it; when the validator accepts
it, every page must render, and no page may give one anchor twice.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml
from conftest import FIXTURE_DATA, ROOT
from hypothesis import HealthCheck, assume, event, given, settings, strategies as st

from policykit import PolicyDataError, load_catalog
from policykit.render import build_pages
from policykit.yamlio import load_yaml

SETTINGS = settings(
    max_examples=25,
    deadline=None,
    database=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Visible characters of any script, Markdown and HTML syntax included; no invisible or
# control ones (the validator refuses those, tests/test_format_chars.py).
VISIBLE = st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"))
ODD = st.sampled_from(["!!! danger \"x\"", "<script>alert(1)</script>", "# heading", "- item", "1. one", "| a | b |", "[x](javascript:alert(1))", "{ #id }", "&amp;", "=1+1", "a\u202fb", "x\u00a0", "~~", "**", "[Name]"])
TEXT = st.one_of(
    st.text(VISIBLE, min_size=1, max_size=12).filter(str.strip),
    st.text(VISIBLE, min_size=1, max_size=8).filter(str.strip).map(lambda s: s * 80),  # long, cheaply
    st.lists(ODD, min_size=1, max_size=3).map(" ".join),
)
SHORT = st.one_of(st.text(VISIBLE, min_size=1, max_size=40).filter(str.strip), st.lists(ODD, min_size=1, max_size=3).map(" ".join))
"""Text for fields of one line (at most 150 characters)."""
DATE = st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)).flatmap(
    lambda d: st.sampled_from([d.isoformat(), d.isoformat()[:7], d.isoformat()[:4]])
)


def fixture(name: str) -> Any:
    return load_yaml(FIXTURE_DATA / name, name)[0]


def _clone(beta: dict[str, Any], k: int) -> tuple[str, dict[str, Any]]:
    """Another institution like beta, under its own id, names and rule ids."""
    ident = f"clone-{k}"
    inst = copy.deepcopy(beta)
    inst["id"], inst["name"], inst["short_name"] = ident, f"Clone School {k}", f"C{k}"
    rename = {r["id"]: f"{ident}-{r['id'].split('beta-', 1)[1]}" for r in inst["rules"]}
    for r in inst["rules"]:
        r["id"] = rename[r["id"]]
    for p in inst["positions"].values():
        p["rules"] = [rename[x] for x in p.get("rules") or []]
    for q in inst.get("faq") or []:
        q["id"] = f"{ident}-{q['id']}"
        q["rules"] = [rename[x] for x in q["rules"]]
    return ident, inst


def put(draw: st.DrawFn, d: dict[str, Any], key: str, items: st.SearchStrategy[list[Any]]) -> None:
    """An optional list field: left out, empty, or drawn."""
    d.pop(key, None)
    choice = draw(st.sampled_from(["absent", "empty", "drawn"]))
    if choice != "absent":
        d[key] = [] if choice == "empty" else draw(items)


@st.composite
def institution(draw: st.DrawFn, inst: dict[str, Any]) -> dict[str, Any]:
    """Free text, optional fields and dates of one institution, drawn."""
    for key in ("country", "region", "scope"):
        inst[key] = draw(TEXT)
    doc = inst["document"]
    doc["code"] = draw(st.one_of(st.none(), TEXT))
    for key in ("issued", "approved", "review_due"):
        doc[key] = draw(st.one_of(st.none(), DATE))
    put(draw, doc, "reviewed", st.lists(DATE, min_size=1, max_size=3))
    doc["dates_as_printed"] = draw(st.one_of(st.none(), TEXT))
    doc["owner"], doc["contact"] = draw(TEXT), draw(TEXT)
    notes = st.lists(st.fixed_dictionaries({"kind": st.sampled_from(["slip", "tension", "ambiguity", "draft", "footnote", "context"]), "text": TEXT}), min_size=1, max_size=2)
    put(draw, doc, "notes", notes)
    doc["status"] = draw(st.sampled_from(["adopted", "draft"]))
    inst["sections"] += [{"id": f"empty-{i}", "title": draw(TEXT)} for i in range(draw(st.integers(0, 2)))]
    for r in inst["rules"]:
        r["title"], r["summary"] = draw(TEXT), draw(TEXT)
        put(draw, r, "keywords", st.lists(TEXT, min_size=1, max_size=3))
        put(draw, r, "notes", notes)
    for p in inst["positions"].values():
        p["summary"] = draw(SHORT)
    for h in inst.get("history") or []:
        h["date"], h["change"] = draw(DATE), draw(TEXT)
    for key in ("faq", "history", "ignored"):
        if not inst.get(key):
            put(draw, inst, key, st.just([]))
    return inst


def silent(inst: dict[str, Any]) -> None:
    """Every position not addressed (the rules keep their topics)."""
    for p in inst["positions"].values():
        p["stance"], p["rules"] = "not-addressed", []


@st.composite
def catalogs(draw: st.DrawFn) -> dict[str, Any]:
    """The files of a data folder, by path, each as data to write as YAML."""
    topics, templates = fixture("topics.yaml"), fixture("templates.yaml")
    insts = {p.stem: fixture(f"institutions/{p.name}") for p in sorted((FIXTURE_DATA / "institutions").glob("*.yaml"))}
    for k in range(draw(st.integers(0, 8))):
        ident, inst = _clone(insts["beta"], k)
        insts[ident] = inst
    for ident in insts:
        insts[ident] = draw(institution(insts[ident]))
    if draw(st.booleans()):
        for ident in insts:
            if ident != "alpha":
                silent(insts[ident])
    for g in topics["groups"]:
        g["title"] = draw(TEXT)
        g.pop("description")
        if draw(st.booleans()):
            g["description"] = draw(TEXT)
    for t in topics["topics"]:
        t["title"], t["description"] = draw(TEXT), draw(TEXT)
        t["question"] = draw(TEXT) + "?"
    for t in templates["templates"]:
        t["title"], t["when"] = draw(TEXT), draw(TEXT)
        put(draw, t, "notes", st.lists(TEXT, min_size=1, max_size=2))
        for p in t["placeholders"]:
            p["label"], p["example"] = draw(TEXT), draw(TEXT)
    files = {"topics.yaml": topics, "templates.yaml": templates}
    files.update({f"institutions/{ident}.yaml": inst for ident, inst in insts.items()})
    return files


def write(files: dict[str, Any], folder: Path) -> Path:
    data = folder / "policy_data"
    (data / "institutions").mkdir(parents=True)
    shutil.copytree(FIXTURE_DATA / "sources", data / "sources")
    shutil.copytree(ROOT / "policy_data" / "schema", data / "schema")
    for name, content in files.items():
        (data / name).write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")
    return data


def explicit_anchors(markdown: str) -> list[str]:
    return re.findall(r"^#{1,6} .*\{ #([\w-]+)", markdown, re.M) + re.findall(r'<[a-z][^<>]*\sid="([^"]+)"', markdown)


@SETTINGS
@given(files=catalogs(), today=st.dates(dt.date(1990, 1, 1), dt.date(2100, 1, 1)), directory_urls=st.booleans())
def test_every_accepted_catalog_renders(files: dict[str, Any], today: dt.date, directory_urls: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        data = write(files, Path(folder))
        try:
            catalog = load_catalog(data, root=data.parent)
        except PolicyDataError as exc:
            event("refused: " + str(exc.problems[0].message)[:60])
            assume(False)
            raise AssertionError(exc) from None
    event("accepted")
    pages = build_pages(catalog, today=today, directory_urls=directory_urls)
    assert {p.path for p in pages} >= {f"institutions/{i.id}.md" for i in catalog.institutions}
    for page in (p for p in pages if p.path.endswith(".md")):
        anchors = explicit_anchors(page.text)
        assert len(anchors) == len(set(anchors)), page.path


@SETTINGS
@given(
    path=st.sampled_from([("document", "reviewed"), ("history",), ("faq",), ("document", "notes"), ("rules", 0, "keywords"), ("rules", 0, "exceptions")]),
    value=st.sampled_from([None, [], [None], [""], [{}], ["  "]]),
)
def test_empty_or_null_items_are_refused_or_rendered(path: tuple[Any, ...], value: Any) -> None:
    """An empty item in any list, or an empty list, is either refused with a line or renders."""
    alpha = fixture("institutions/alpha.yaml")
    node = alpha
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    files = {"topics.yaml": fixture("topics.yaml"), "templates.yaml": fixture("templates.yaml"), "institutions/alpha.yaml": alpha, "institutions/beta.yaml": fixture("institutions/beta.yaml")}
    with tempfile.TemporaryDirectory() as folder:
        data = write(files, Path(folder))
        try:
            catalog = load_catalog(data, root=data.parent)
        except PolicyDataError as exc:
            assert all(p.line for p in exc.problems), str(exc)
            return
    build_pages(catalog, today=dt.date(2026, 1, 1))
