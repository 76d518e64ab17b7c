"""Data text never becomes Markdown structure, whatever it starts with.

Every free-text field of every kind (group titles and descriptions, topic
titles, questions and descriptions, institution names and document fields,
section and rule titles, summaries, notes, history, template titles, notes,
labels and examples, FAQ questions and answers) is set to text that starts
with line-start syntax: admonitions, details, tabs, quotes, headings, lists,
tables, fences, HTML, footnotes, abbreviations, rules, setext underlines,
indentation. Each page is then compared, element by element, with the same
page where those fields hold plain words: the hostile page must have exactly
the same structure (no extra admonition, details, tab, blockquote, heading,
list, table, rule, code block or comment), and show each text as written.

Rendered in-process (policykit.render, then Python-Markdown with mkdocs.yml's
extensions) for the fixture data, and by a real MkDocs build of the real data.
"""

from __future__ import annotations

import html
import re
import shutil
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from conftest import FIXTURE_DATA, ROOT, run_build

from policykit import load_catalog
from policykit.epoch import build_date
from policykit.render import build_pages, fragments
from policykit.render.md import esc

LINE_STARTS = [
    '!!! danger "Your session has expired: re-enter your password"',
    "??? danger \"Open me\"",
    "???+ note",
    '=== "Tab"',
    "> quoted",
    "# heading",
    "###### small heading",
    "- dash item",
    "+ plus item",
    "* star item",
    "1. numbered",
    "1) numbered",
    "12345. numbered",
    "| a | b |",
    "::: block",
    ": definition",
    "~~~ fence",
    "``` fence",
    "    indented code",
    "\tTabbed code",
    "<!-- comment -->",
    "<div>block</div>",
    "<details open>x</details>",
    "[^1]: footnote",
    "*[abbr]: abbreviation",
    "---",
    "===",
    "***",
    "- - -",
    "{: .admonition }",
    "&lt;b&gt;",
    "\\# escaped",
    "  > indented quote",
]

# Elements and classes that only structure can make.
STRUCTURE_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "table", "tr", "td", "th", "hr",
                  "dl", "dt", "dd", "pre", "code", "details", "summary", "abbr", "sup", "script", "style", "div", "p"}
STRUCTURE_CLASSES = {"admonition", "tabbed-set", "tabbed-content", "footnote", "highlight"}


class Structure(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.count: Counter[str] = Counter()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in STRUCTURE_TAGS:
            self.count[tag] += 1
        for cls in (dict(attrs).get("class") or "").split():
            if cls in STRUCTURE_CLASSES:
                self.count["." + cls] += 1
        # Text shown in attributes (an input's example, a tooltip) counts as shown.
        self.text.extend(f" {value} " for name, value in attrs if name in ("placeholder", "title", "aria-label") and value)

    def handle_comment(self, data: str) -> None:
        self.count["<!--"] += 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def structure(page_html: str) -> tuple[Counter[str], str]:
    parser = Structure()
    parser.feed(page_html)
    return parser.count, re.sub(r"\s+", " ", "".join(parser.text))


# -- the fields -------------------------------------------------------------------

Path_ = tuple[Any, ...]


def free_text_fields(data: Path) -> list[tuple[str, Path_]]:
    """(file, path) of free-text fields present in this data: the first of each kind."""
    fields: list[tuple[str, Path_]] = []
    topics = yaml.safe_load((data / "topics.yaml").read_text(encoding="utf-8"))
    fields += [("topics.yaml", ("groups", 0, k)) for k in ("title", "description") if k in topics["groups"][0]]
    fields += [("topics.yaml", ("topics", 0, k)) for k in ("title", "question", "description")]
    templates = yaml.safe_load((data / "templates.yaml").read_text(encoding="utf-8"))["templates"]
    fields += [("templates.yaml", ("templates", 0, k)) for k in ("title", "when")]
    fields.append(("templates.yaml", ("templates", 0, "notes", 0)))
    with_blanks = next((i for i, t in enumerate(templates) if t.get("placeholders")), None)
    if with_blanks is not None:
        fields += [("templates.yaml", ("templates", with_blanks, "placeholders", 0, k)) for k in ("label", "example")]
    inst_file = sorted((data / "institutions").glob("*.yaml"))[0]
    name = f"institutions/{inst_file.name}"
    inst = yaml.safe_load(inst_file.read_text(encoding="utf-8"))
    fields += [(name, (k,)) for k in ("name", "short_name", "region", "country", "scope")]
    fields += [(name, ("document", k)) for k in ("title", "owner", "contact") if inst["document"].get(k)]
    fields.append((name, ("sections", 0, "title")))
    fields += [(name, ("rules", 0, k)) for k in ("title", "summary")]
    noted = next((i for i, r in enumerate(inst["rules"]) if r.get("notes")), None)
    if noted is not None:
        fields.append((name, ("rules", noted, "notes", 0, "text")))
    fields.append((name, ("positions", next(iter(inst["positions"])), "summary")))
    if inst.get("history"):
        fields.append((name, ("history", 0, "change")))
    return fields


def set_fields(data: Path, fields: list[tuple[str, Path_]], value_for) -> list[str]:
    """Write value_for(i, path) into each field; returns the values, in order."""
    values = []
    for file in sorted({f for f, _ in fields}):
        doc = yaml.safe_load((data / file).read_text(encoding="utf-8"))
        for i, (f, path) in enumerate(fields):
            if f != file:
                continue
            node = doc
            for key in path[:-1]:
                if isinstance(node, dict) and key not in node:
                    node[key] = []
                node = node[key]
            value = value_for(i, path)
            if isinstance(node, list) and path[-1] == len(node):
                node.append(value)
            else:
                node[path[-1]] = value
        (data / file).write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")
    for i, (_, path) in enumerate(fields):
        values.append(value_for(i, path))
    return values


def hostile_value(text: str, i: int, path: Path_) -> str:
    """The text exactly: anything after it (a marker) could stop the syntax from taking effect."""
    return text + "?" if path[-1] == "question" else text


def plain_value(i: int, path: Path_) -> str:
    return hostile_value(f"Plain words {i}", i, path)


# -- in-process rendering of the fixture data -----------------------------------------


@pytest.fixture(scope="module")
def to_html():
    from mkdocs.config import load_config
    from mkdocs.utils.meta import get_data

    config = load_config(str(ROOT / "mkdocs.yml"))

    def convert(text: str) -> str:
        body, _ = get_data(text)
        md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
        return md.convert(body)

    return convert


def rendered(data: Path, to_html) -> dict[str, str]:
    catalog = load_catalog(data, root=data.parent)
    today = build_date({"SOURCE_DATE_EPOCH": "1795392000"})
    pages = {page.path: page.text for page in build_pages(catalog, today=today) if page.path.endswith(".md")}
    pages.update({f"fragment:{k}": v for k, v in fragments(catalog, today=today).items()})
    return {p: to_html(text) for p, text in pages.items()}


def fixture_copy(dest: Path) -> Path:
    """The fixture data, with every institution but the first (whose fields the tests
    set) named to sort last: pages list institutions by short name, and the order
    must not depend on the value under test."""
    shutil.copytree(FIXTURE_DATA, dest / "policy_data")
    shutil.copytree(ROOT / "policy_data" / "schema", dest / "policy_data" / "schema")
    return others_sort_last(dest / "policy_data")


def others_sort_last(data: Path) -> Path:
    """Name every institution but the first (by file name) to sort after any value under test."""
    for other in sorted((data / "institutions").glob("*.yaml"))[1:]:
        text = other.read_text(encoding="utf-8")
        other.write_text(re.sub(r"(?m)^short_name: ", "short_name: \u03a9 ", text, count=1), encoding="utf-8")
    return data


@pytest.fixture(scope="module")
def plain_pages(tmp_path_factory, to_html) -> tuple[list[tuple[str, Path_]], dict[str, str], list[str]]:
    data = fixture_copy(tmp_path_factory.mktemp("plain"))
    fields = free_text_fields(data)
    values = set_fields(data, fields, plain_value)
    return fields, rendered(data, to_html), values


def shown_values(pages: dict[str, str], values: list[str]) -> set[str]:
    """The values that some page shows as written."""
    texts = [structure(page)[1] for page in pages.values()]
    return {v for v in values if any(re.sub(r"\s+", " ", v).strip() in text for text in texts)}


def assert_same_structure(hostile: dict[str, str], plain: dict[str, str], values: list[str], plain_values: list[str]) -> None:
    """The same elements on every page; each value shown wherever its plain counterpart is."""
    assert hostile.keys() == plain.keys()
    for page in plain:
        h_count, p_count = structure(hostile[page])[0], structure(plain[page])[0]
        assert h_count == p_count, f"{page}: structure from the data: {(h_count - p_count) or -(p_count - h_count)}"
    plain_shown = shown_values(plain, plain_values)
    hostile_shown = shown_values(hostile, values)
    missing = [v for v, pv in zip(values, plain_values) if pv in plain_shown and v not in hostile_shown]
    assert not missing, f"not shown as written anywhere: {missing}"


@pytest.mark.parametrize("start", LINE_STARTS, ids=repr)
def test_every_free_text_field_renders_as_text(start: str, plain_pages, tmp_path: Path, to_html) -> None:
    fields, plain, plain_values = plain_pages
    data = fixture_copy(tmp_path)
    values = set_fields(data, fields, lambda i, path: hostile_value(start, i, path))
    assert_same_structure(rendered(data, to_html), plain, values, plain_values)


def test_a_faq_answer_quoted_from_the_source_renders_as_text(tmp_path: Path, to_html) -> None:
    # A verbatim answer: the lines are appended to the source, as a source could print them.
    lines = [s for s in LINE_STARTS if "**" not in s and "~~" not in s and not s.startswith("*")]
    data = fixture_copy(tmp_path / "hostile")
    plain = fixture_copy(tmp_path / "plain")
    for folder, text in ((data, "\n".join(lines)), (plain, "\n".join(f"Plain line {i}" for i in range(len(lines))))):
        with open(folder / "sources" / "beta.txt", "a", encoding="utf-8") as f:
            f.write("\n" + text + "\n")
        set_fields(folder, [("institutions/beta.yaml", ("faq", 0, "answer"))], lambda i, path, text=text: text)
    assert_same_structure(rendered(data, to_html), rendered(plain, to_html), [], [])


@pytest.mark.parametrize("text", LINE_STARTS, ids=repr)
def test_escaped_text_starts_with_no_syntax(text: str) -> None:
    out = esc(text)
    assert not re.match(r"\s*([^\w\s&]|\d+[.)])", out), out
    assert html.unescape(out).strip() == re.sub(r"\s+", " ", text).strip()


# -- a real build of the real data ---------------------------------------------------


def real_build(tmp_path: Path, value_for) -> tuple[Path, list[str]]:
    data = tmp_path / "policy_data"
    shutil.copytree(ROOT / "policy_data", data)
    others_sort_last(data)
    fields = free_text_fields(data)
    values = set_fields(data, fields, value_for)
    result = run_build(tmp_path / "site", data=data)
    assert result.returncode == 0, result.stderr
    return tmp_path / "site", values


@pytest.mark.build
def test_a_real_build_makes_no_structure_from_the_data(tmp_path: Path) -> None:
    # One build: field i gets line-start syntax number i (round the list).
    site, values = real_build(tmp_path / "hostile", lambda i, path: hostile_value(LINE_STARTS[i % len(LINE_STARTS)], i, path))
    plain_site, plain_values = real_build(tmp_path / "plain", plain_value)
    pages = sorted(p.relative_to(plain_site).as_posix() for p in plain_site.rglob("*.html"))
    assert pages == sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    hostile = {p: (site / p).read_text(encoding="utf-8") for p in pages}
    plain = {p: (plain_site / p).read_text(encoding="utf-8") for p in pages}
    assert_same_structure(hostile, plain, values, plain_values)
