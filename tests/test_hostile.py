"""Hostile text in the data reaches every page as visible text, never as live HTML.

One copy of the real data has markup-like text put into every kind of text
field: HTML tags, <script>, event-handler attributes, javascript: links,
Markdown and Markdown-extension syntax that tries to make HTML, entities and
line-start syntax (lists, headings, admonitions, tabs, tables). Fields that
must be verbatim quotes (rule text, exceptions, conditions, footnotes, the
document FAQ, ignored sentences, the body of a policy-wording template) get
the same text appended to their copied source file, as a source could print it.

The build must succeed (the data is valid), and then:
- static checks on every built HTML file, against a normal build of the real
  data: the same scripts, no event-handler attribute, no javascript:/data:
  link, no iframe or other element the normal build does not have, and every
  hostile field shown as text wherever it appears (each field ends with a
  marker `HXnnnn`; whatever precedes a marker on a page must be the field's
  text, as written);
- the pages in Chromium: no alert and no script error, the same inline
  scripts as the normal build, the hostile strings readable on the page, and
  Material's search rendering hostile results without running anything.

Links in the data (`website`, `document.url`) accept http, https and mailto only.

Two defects this suite found are fixed: page titles and descriptions went into
front matter with quotes unescaped (Material prints them inside attributes), and
struck words in an FAQ question showed their screen-reader label in the table of
contents. The tests below that caught them keep them fixed.
"""

from __future__ import annotations

import itertools
import re
import shutil
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, copy_fixture_data, real_catalog, run_build, serve_folder

from policykit.model import PLACEHOLDER
from policykit.yamlio import load_yaml


# -- the hostile strings --------------------------------------------------------

MARKUP = "**bold** _em_ ~~del~~ `code`"
# Would make a page's description meta `http-equiv="refresh"` if the question reached it unescaped.
REFRESH_QUESTION = '0;url=../../?redirected" http-equiv="refresh" x="?'
HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[click](javascript:alert(1))",
    "![x](javascript:alert(1))",
    "<svg onload=alert(1)>",
    '"><script>alert(1)</script>',
    '{: onclick="alert(1)" }',
    '<iframe src="https://evil.example">',
    "<style>body{display:none}</style>",
    "&lt;b&gt;entity&lt;/b&gt;",
    MARKUP,
    "<!-- comment -->",
    "javascript:alert(1)",
    '=== "tab"',
    '!!! note "x"',
    "1. numbered",
    "- bullet",
    "# heading",
    "| a | b |",
    "<details open ontoggle=alert(1)>",
    "*emphasis* <b>bold</b> &amp; &#60;x&#62;",
    "[ref link][1] <https://evil.example/auto> https://evil.example/bare",
    "[1]: javascript:alert(1)",
    "{{ config.site_name }} {% raw %} ${alert(1)}",
    '\' onmouseover="alert(1)" x=\'',
]
# Placeholder names may hold neither brackets nor line breaks.
NO_BRACKETS = [s for s in HOSTILE if "[" not in s and "]" not in s]

# Valid links (the schema accepts them) that try to leave the href or smuggle a javascript: link.
HOSTILE_VALID_URLS = [
    "https://example.org/'onmouseover='alert(1)'/)](javascript:alert(1))",
    "mailto:x@example.org?subject=x'onclick='alert(1)'&body=](javascript:alert(1))",
]
# Every field kind gets hostile text; rules are many, so the first few of each institution
# (enough for each hostile string to start some rule's fields).
RULES_PER_INSTITUTION = 6

MARKER = re.compile(r"HX\d{4}")


def _ws(text: str) -> str:
    """Text with all whitespace removed: how values are compared with pages."""
    return re.sub(r"\s+", "", text)


@dataclass
class Field:
    kind: str  # like "rule.title"
    where: str  # like "institutions/<id>.yaml rules[0]"
    value: str
    lead: str  # the hostile string the value starts with
    quote: bool  # a verbatim quote: its source markup (** and ~~) is rendered, not shown
    in_source: bool = False  # also appended to the copied source text (shown on the source page)

    @property
    def marker(self) -> str:
        return MARKER.findall(self.value)[-1]

    def shown(self, on_source_page: bool = False) -> str:
        """The text a reader should see before the marker, whitespace removed."""
        before = self.value[: self.value.rindex(self.marker)]
        if self.quote or (on_source_page and self.in_source):
            # A quote keeps the source's markup: `~~struck~~`, `**strong**`, `*em*` are shown as such.
            before = before.replace("*", "").replace("~~", "")
        return _ws(before)


@dataclass
class Hostile:
    """The hostile copy of the data: its folder and every field written into it."""

    data: Path
    fields: dict[str, Field] = field(default_factory=dict)  # by marker
    _count: Counter = field(default_factory=Counter)
    _serial: itertools.count = field(default_factory=lambda: itertools.count(1))

    def value(
        self, kind: str, where: str, *, quote: bool = False, oneline: bool = False, brackets: bool = True,
        max_len: int | None = None, suffix: str = "",
    ) -> str:
        """A new hostile value for one field, ending with its marker.

        Each instance of a kind starts with the next hostile string, so that every string
        starts a line (or the field) somewhere; the others follow, one a line, or separated
        by spaces for one-line fields, as many as `max_len` allows.
        """
        pool = HOSTILE if brackets else NO_BRACKETS
        n = self._count[kind]
        self._count[kind] += 1
        marker = f"HX{next(self._serial):04d}"
        ordered = [pool[(n + i) % len(pool)] for i in range(len(pool))]
        sep = " " if oneline else "\n"
        parts = [ordered[0]]
        for s in ordered[1:]:
            if max_len is not None and len(sep.join([*parts, s, marker]) + suffix) > max_len:
                break
            parts.append(s)
        text = sep.join([*parts, marker]) + suffix
        assert max_len is None or len(text) <= max_len, text
        self.fields[marker] = Field(kind, where, text, ordered[0], quote)
        return text

    def of_kind(self, kind: str) -> list[Field]:
        return [f for f in self.fields.values() if f.kind == kind]


def _dump(path: Path, data) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")


def _load(path: Path):
    return load_yaml(path, path.name)[0]


def copy_real_data(dest: Path) -> Path:
    data = dest / "policy_data"
    shutil.copytree(ROOT / "policy_data", data)
    return data


def make_hostile(dest: Path) -> Hostile:
    """Copy the real data to `dest/policy_data` and put hostile text in every kind of text field."""
    data = copy_real_data(dest)
    hx = Hostile(data)
    appended: dict[str, list[str]] = {}  # source file -> quotes to append

    def quote(kind: str, where: str, source: str, *, rendered_as_quote: bool = True) -> str:
        text = hx.value(kind, where, quote=rendered_as_quote)
        hx.fields[MARKER.findall(text)[-1]].in_source = True
        appended.setdefault(source, []).append(text)
        return text

    # topics.yaml: groups and topics.
    topics_file = data / "topics.yaml"
    topics = _load(topics_file)
    for i, g in enumerate(topics["groups"]):
        g["title"] = hx.value("group.title", f"groups[{i}]")
        g["description"] = hx.value("group.description", f"groups[{i}]")
    for i, t in enumerate(topics["topics"]):
        t["title"] = hx.value("topic.title", f"topics[{i}]")
        # The first topic's question tries to turn its page's description meta into a refresh.
        t["question"] = REFRESH_QUESTION if i == 0 else hx.value("topic.question", f"topics[{i}]", suffix="?")
        t["description"] = hx.value("topic.description", f"topics[{i}]")
    _dump(topics_file, topics)

    # Every institution, every text field.
    for path in sorted((data / "institutions").glob("*.yaml")):
        d = _load(path)
        w = f"institutions/{path.name}"
        src = d["document"]["source"]
        for key in ("name", "short_name", "country", "region", "scope"):
            d[key] = hx.value(f"institution.{key}", w)
        doc = d["document"]
        for key in ("title", "code", "owner", "contact", "dates_as_printed"):
            doc[key] = hx.value(f"document.{key}", w)
        doc["notes"] = [{"kind": "ambiguity", "text": hx.value("document.note", w)}]
        # Links that are valid (http, https, mailto) but try to break out of the href.
        d["website"] = HOSTILE_VALID_URLS[0]
        doc["url"] = HOSTILE_VALID_URLS[1]
        for i, s in enumerate(d["sections"]):
            s["title"] = hx.value("section.title", f"{w} sections[{i}]")
        for i, r in enumerate(d["rules"][:RULES_PER_INSTITUTION]):
            at = f"{w} rules[{i}] ({r['id']})"
            r["ref"] = hx.value("rule.ref", at)
            r["title"] = hx.value("rule.title", at)
            r["text"] = quote("rule.text", at, src)
            r["summary"] = hx.value("rule.summary", at)
            r["keywords"] = [*(r.get("keywords") or []), hx.value("rule.keyword", at)]
            for key in ("exceptions", "conditions", "footnotes"):
                r[key] = [quote(f"rule.{key[:-1]}", at, src)]
            r["notes"] = [
                {"kind": "context", "text": hx.value("rule.note", at)},
                {"kind": "slip", "text": hx.value("rule.note", at)},
            ]
        for topic, p in d["positions"].items():
            # One line of at most 150 characters (the schema's limit).
            p["summary"] = hx.value("position.summary", f"{w} positions.{topic}", oneline=True, max_len=150)
        for i, q in enumerate(d.get("faq") or []):
            at = f"{w} faq[{i}] ({q['id']})"
            q["ref"] = hx.value("faq.ref", at)
            q["section"] = hx.value("faq.section", at)
            q["question"] = quote("faq.question", at, src)
            q["answer"] = quote("faq.answer", at, src)
            q["footnotes"] = [quote("faq.footnote", at, src)]
        for i, g in enumerate((d.get("ignored") or [])[:2]):
            at = f"{w} ignored[{i}]"
            g["text"] = quote("ignored.text", at, src)
            g["reason"] = hx.value("ignored.reason", at)
        first = d["rules"][0]["id"]
        d["history"] = [
            {"date": "2020-01-02", "rule": first, "change": hx.value("history.change", w)},
            {"date": "2021", "rule": first, "change": hx.value("history.change", w)},
        ]
        _dump(path, d)

    # Templates: title, when, notes, body, placeholders (name, label, example).
    tpl_file = data / "templates.yaml"
    tpls = _load(tpl_file)
    institutions = {p.stem: _load(p) for p in (data / "institutions").glob("*.yaml")}
    for i, t in enumerate(tpls["templates"]):
        at = f"templates[{i}] ({t['id']})"
        t["title"] = hx.value("template.title", at)
        t["when"] = hx.value("template.when", at)
        t["notes"] = [hx.value("template.note", at), hx.value("template.note", at)]
        name = hx.value("placeholder.name", at, oneline=True, brackets=False)
        if t["origin"] == "policy":
            # The institution whose file holds the rule or FAQ entry (ids may hold hyphens: `st-marys`).
            owner = next(k for k, inst in institutions.items() if any(r["id"] == t["source_ref"] for r in [*inst["rules"], *(inst.get("faq") or [])]))
            # Shown as plain text to copy (markup and all), except on the source page.
            body = quote("template.body", at, institutions[owner]["document"]["source"], rendered_as_quote=False)
        else:
            body = hx.value("template.body", at)
        # The marker ends the field; the hostile blank comes after it.
        t["body"] = body + f"\n[{name}]"
        # `[click](...)`, `![x](...)` and the like in the body are blanks too: declare each.
        t["placeholders"] = [
            {"name": n, "label": hx.value("placeholder.label", at), "example": hx.value("placeholder.example", at)}
            for n in dict.fromkeys([name, *PLACEHOLDER.findall(body)])
        ]
        if t["origin"] == "policy":
            appended[institutions[owner]["document"]["source"]][-1] = t["body"]
            hx.fields[MARKER.findall(name)[-1]].in_source = True
    _dump(tpl_file, tpls)

    for source, quotes in appended.items():
        path = data / "sources" / source
        path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + "\n\n".join(quotes) + "\n", encoding="utf-8")
    return hx


# -- reading built pages --------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param"}
# Elements whose text a reader does not see as words of the page.
HIDDEN_TEXT = {"script", "style", "template", "noscript", "head", "title"}
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcset", "background", "cite", "ping"}
# Elements that come from the theme or the page structure only: their number per page never depends on text.
COUNTED = {"script", "style", "iframe", "frame", "frameset", "object", "embed", "svg", "img", "link", "meta", "base",
           "form", "details", "template", "video", "audio", "math", "h1", "h2", "h3", "h4", "h5", "h6", "table"}
TOC = "md-nav--secondary"  # Material's table of contents, beside the page


class ParsedPage(HTMLParser):
    """Tags, scripts, comments, <title> and readable text of a page (or of part of one).

    `hide`: classes whose text is left out of `text` (and kept apart in `hidden_text`, so one pass
    reads both the page and, say, its table of contents); `within`: only text inside an element of
    that class. Screen-reader-only and aria-hidden text is left out of both (it is not shown).
    """

    def __init__(self, html: str, *, hide: frozenset[str] = frozenset(), within: str | None = None) -> None:
        super().__init__(convert_charrefs=True)
        self.hide = hide
        self.within = within
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[tuple[str | None, str]] = []
        self.comments: list[str] = []
        self.title = ""
        self._parts: list[str] = []
        self._hidden_parts: list[str] = []
        # tag, hidden, inside `within`, hidden for a reason other than `hide`, inside a `hide` class
        self._stack: list[tuple[str, bool, bool, bool, bool]] = []
        self._script: list | None = None
        self._in_title = False
        self.feed(html)
        self.close()
        self.text = "".join(self._parts)
        self.hidden_text = "".join(self._hidden_parts)

    def handle_starttag(self, tag: str, attrs) -> None:
        self.tags.append((tag, attrs))
        a = dict(attrs)
        if tag == "script":
            self._script = [a.get("src"), ""]
        if tag == "title":
            self._in_title = True
        if tag in VOID:
            return
        classes = set((a.get("class") or "").split())
        hidden, inside, unseen, in_hide = self._stack[-1][1:] if self._stack else (False, self.within is None, False, False)
        unseen = unseen or tag in HIDDEN_TEXT or "sr-only" in classes or a.get("aria-hidden") == "true"
        in_hide = in_hide or bool(classes & self.hide)
        self._stack.append((tag, unseen or in_hide, inside or (self.within in classes), unseen, in_hide))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script[0], self._script[1]))
            self._script = None
        if tag == "title":
            self._in_title = False
        if any(entry[0] == tag for entry in self._stack):
            while self._stack and self._stack.pop()[0] != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script[1] += data
        if self._in_title:
            self.title += data
        hidden, inside, unseen, in_hide = self._stack[-1][1:] if self._stack else (False, self.within is None, False, False)
        if inside and not hidden:
            self._parts.append(data)
        if inside and in_hide and not unseen:
            self._hidden_parts.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


@dataclass
class Built:
    """One built page: its <head> and its <body>, parsed apart so one cannot hide the other."""

    raw: str
    head: ParsedPage
    body: ParsedPage


def read_pages(site: Path, **kwargs) -> dict[str, Built]:
    pages = {}
    for f in sorted(site.rglob("*.html")):
        raw = f.read_text(encoding="utf-8")
        at = raw.index("<body")
        pages[f.relative_to(site).as_posix()] = Built(raw, ParsedPage(raw[:at]), ParsedPage(raw[at:], **kwargs))
    return pages


def vocabulary(pages: dict[str, Built]) -> dict[str, set[str]]:
    """Every element of the normal build, with every attribute name it ever has."""
    vocab: dict[str, set[str]] = {}
    for page in pages.values():
        for part in (page.head, page.body):
            for tag, attrs in part.tags:
                vocab.setdefault(tag, set()).update(name for name, _ in attrs)
    return vocab


def _counted(page: ParsedPage) -> Counter:
    # Template pages get a form of blanks per template with placeholders, and the What changed page
    # a heading per recorded change: their number follows the data, they are not markup from it.
    return Counter(t for t, a in page.tags if t in COUNTED and not (t == "form" and ("class", "tpl-fields") in a) and not _change_heading(t, a))


def _change_heading(tag: str, attrs: list[tuple[str, str | None]]) -> bool:
    return tag == "h2" and (dict(attrs).get("id") or "").startswith(("rule-", "institution-", "topic-"))


def live_markup_problems(page: str, hostile: ParsedPage, normal: ParsedPage, vocab: dict[str, set[str]]) -> list[str]:
    """What the hostile build's page (or part) has that the normal build's lacks: markup made from data."""
    out = []
    if hostile.scripts != normal.scripts:
        extra = [s for s in hostile.scripts if s not in normal.scripts]
        missing = [s for s in normal.scripts if s not in hostile.scripts]
        out.append(f"{page}: scripts differ from the normal build's; extra {extra!r:.200}, missing {[s[0] or s[1][:40] for s in missing]}")
    counts, expected = _counted(hostile), _counted(normal)
    if counts != expected:
        out.append(f"{page}: theme-only elements differ from the normal build's: {dict(counts - expected)} more, {dict(expected - counts)} fewer")
    if len(hostile.comments) != len(normal.comments):
        out.append(f"{page}: {len(hostile.comments)} HTML comments; the normal build has {len(normal.comments)}")
    js_void = sum(1 for _, attrs in normal.tags for k, v in attrs if k == "href" and v == "javascript:void(0)")
    seen_void = 0
    for tag, attrs in hostile.tags:
        if tag not in vocab:
            out.append(f"{page}: <{tag}> element, which the normal build never has")
            continue
        for name, value in attrs:
            if name.startswith("on"):
                out.append(f"{page}: <{tag} {name}={value!r:.60}>: an event-handler attribute")
            elif name not in vocab[tag]:
                out.append(f"{page}: <{tag} {name}={value!r:.60}>: an attribute the normal build never gives a <{tag}>")
            if name in URL_ATTRS and value is not None:
                scheme = re.sub(r"[\x00-\x20]", "", value).lower()
                if value == "javascript:void(0)":
                    seen_void += 1
                elif re.match(r"^[a-z][a-z0-9+.-]*:", scheme) and not scheme.startswith(("http:", "https:", "mailto:")):
                    out.append(f"{page}: <{tag} {name}={value!r:.80}>: a link that is not http, https or mailto")
    if seen_void != js_void:
        out.append(f"{page}: {seen_void} javascript:void(0) links; the normal build has {js_void} (Material's search share)")
    return out


def shown_problems(page: str, text: str, hx: Hostile, context: str) -> list[str]:
    """Each field marker in `text` must follow the field's own text, shown as written."""
    out = []
    flat = _ws(text)
    on_source_page = page.startswith("sources/")  # the source text is shown with its markup rendered
    for m in MARKER.finditer(flat):
        f = hx.fields.get(m.group(0))
        if f is None:
            continue
        want = f.shown(on_source_page)
        got = flat[max(0, m.start() - len(want)) : m.start()]
        if got != want:
            i = next((k for k, (a, b) in enumerate(zip(reversed(got), reversed(want))) if a != b), min(len(got), len(want)))
            out.append(
                f"{page} ({context}): {f.kind} [{f.where}] {f.marker}: shown as …{got[max(0, len(got) - i - 50): len(got) - i + 15]!r}…, "
                f"expected …{want[max(0, len(want) - i - 50): len(want) - i + 15]!r}…"
            )
    return out


def report(problems: list[str], limit: int = 25) -> str:
    more = f"\n… and {len(problems) - limit} more" if len(problems) > limit else ""
    return f"{len(problems)} problems:\n" + "\n".join(problems[:limit]) + more


# -- the builds -----------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[Hostile, Path, object]:
    base = tmp_path_factory.mktemp("hostile")
    hx = make_hostile(base)
    site = base / "site"
    return hx, site, run_build(site, data=hx.data)


@pytest.fixture(scope="module")
def hostile_site(hostile) -> Path:
    hx, site, result = hostile
    if result.returncode != 0:
        pytest.fail("the hostile data did not build:\n" + result.stderr[-3000:])
    return site


@pytest.fixture(scope="module")
def hostile_pages(hostile_site: Path) -> dict[str, Built]:
    return read_pages(hostile_site, hide=frozenset({TOC}))


@pytest.fixture(scope="module")
def normal_pages(built_site: Path) -> dict[str, Built]:
    return read_pages(built_site)


def test_hostile_text_is_valid_data_and_builds(hostile) -> None:
    hx, site, result = hostile
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    # Every kind of text field got hostile text, and each string started some instance of the many-instance kinds.
    kinds = Counter(f.kind for f in hx.fields.values())
    assert set(kinds) >= {
        "institution.name", "institution.short_name", "institution.country", "institution.region", "institution.scope",
        "document.title", "document.code", "document.owner", "document.contact", "document.dates_as_printed", "document.note",
        "section.title", "rule.ref", "rule.title", "rule.text", "rule.summary", "rule.keyword", "rule.exception",
        "rule.condition", "rule.footnote", "rule.note", "position.summary", "faq.ref", "faq.section", "faq.question",
        "faq.answer", "faq.footnote", "ignored.text", "ignored.reason", "history.change", "group.title", "group.description",
        "topic.title", "topic.question", "topic.description", "template.title", "template.when", "template.note",
        "template.body", "placeholder.name", "placeholder.label", "placeholder.example",
    }
    for kind in ("rule.title", "rule.text", "rule.summary", "position.summary", "topic.title", "topic.question"):
        leads = {f.lead for f in hx.of_kind(kind)}
        assert leads == set(HOSTILE), kind


def test_every_shown_field_reaches_a_page(hostile, hostile_pages) -> None:
    hx = hostile[0]
    seen: set[str] = set()
    for page in hostile_pages.values():
        seen.update(MARKER.findall(_ws(page.body.text)))
    unseen = Counter(f.kind for m, f in hx.fields.items() if m not in seen)
    # Not shown anywhere by design: why a sentence is ignored; a placeholder's example is an input's
    # placeholder attribute (checked below); a section with no rule has no heading.
    assert set(unseen) <= {"ignored.reason", "placeholder.example", "section.title"}, unseen
    sections_shown = sum(1 for f in hx.of_kind("section.title") if f.marker in seen)
    assert sections_shown >= 5


def test_no_page_body_has_live_markup_from_the_data(hostile_pages, normal_pages) -> None:
    assert set(hostile_pages) == set(normal_pages)
    vocab = vocabulary(normal_pages)
    problems = []
    for path, page in hostile_pages.items():
        problems += live_markup_problems(path, page.body, normal_pages[path].body, vocab)
    assert problems == [], report(problems)



def test_no_page_head_has_live_markup_from_the_data(hostile_pages, normal_pages) -> None:
    # The whole page is parsed, as a browser would: the body on its own passes the test above.
    vocab = vocabulary(normal_pages)
    problems = []
    for path, page in hostile_pages.items():
        problems += live_markup_problems(path, ParsedPage(page.raw), ParsedPage(normal_pages[path].raw), vocab)
    assert problems == [], report(problems)


def test_every_field_is_shown_as_written(hostile, hostile_pages) -> None:
    """Whatever precedes a field's marker on a page, in its text or its <title>, is the field as written."""
    hx = hostile[0]
    problems = []
    for path, page in hostile_pages.items():
        problems += shown_problems(path, page.body.text, hx, "page text")
        problems += shown_problems(path, page.head.title, hx, "<title>")
    assert problems == [], report(problems)


ESCAPED_SCRIPT = re.compile(r"(&lt;|&#60;|&#x3c;)script(&gt;|&#62;|&#x3e;)alert\(1\)", re.I)
# An institution with a document FAQ if there is one: its pages show the most kinds of field.
SHOWN = next((i for i in real_catalog().institutions if i.faq), real_catalog().institutions[0]).id
PAGE_KINDS = ["index.html", "institutions/index.html", f"institutions/{SHOWN}/index.html", f"sources/{SHOWN}/index.html",
              "topics/index.html", "topics/friend-requests-students/index.html", "compare/index.html", "faq/index.html",
              "templates/index.html", "review/index.html", "changes/index.html"]


@pytest.mark.parametrize("path", PAGE_KINDS)
def test_html_source_holds_the_hostile_text_escaped(hostile_pages, path: str) -> None:
    raw = hostile_pages[path].raw
    body = raw[raw.index("<body"):]
    assert ESCAPED_SCRIPT.search(body)
    text = _ws(hostile_pages[path].body.text)
    for s in HOSTILE:
        if path.startswith("sources/") and "*" in s:
            continue  # the source page renders the source's emphasis
        assert _ws(s) in text, s



def toc_problems(hx: Hostile, pages: dict[str, Built], kinds: set[str], *, exclude: bool) -> list[str]:
    problems = []
    for path, page in pages.items():
        # The table of contents: the text `hostile_pages` leaves out of the page's own (parsed in the same pass).
        problems += shown_problems(path, page.body.hidden_text, hx, "table of contents")
    return [p for p in problems if any(f" {k} [" in p for k in kinds) != exclude]


def test_table_of_contents_shows_headings_as_written(hostile, hostile_pages) -> None:
    problems = toc_problems(hostile[0], hostile_pages, {"faq.question"}, exclude=True)
    assert problems == [], report(problems)


def test_table_of_contents_shows_struck_words_of_a_faq_question_as_struck(hostile, hostile_pages) -> None:
    problems = toc_problems(hostile[0], hostile_pages, {"faq.question"}, exclude=False)
    assert problems == [], report(problems)


def test_template_blanks_keep_names_labels_and_examples_as_written(hostile, hostile_pages) -> None:
    hx = hostile[0]
    page = hostile_pages["templates/index.html"].body
    inputs = [dict(a) for t, a in page.tags if t == "input" and "data-blank" in dict(a)]
    marks = [dict(a)["data-blank"] for t, a in page.tags if t == "mark" and "data-blank" in dict(a)]
    names = {f.value for f in hx.of_kind("placeholder.name")}
    examples = {f.value for f in hx.of_kind("placeholder.example")}
    assert names <= {i["data-blank"] for i in inputs}
    assert names <= set(marks)
    assert examples <= {i["placeholder"].removeprefix("e.g. ") for i in inputs}
    labels = [f for f in hx.of_kind("placeholder.label")]
    assert all(_ws(f.value) in _ws(page.text) for f in labels)


def test_valid_but_hostile_links_stay_plain_links(hostile_pages) -> None:
    for inst in (i.id for i in real_catalog().institutions):
        page = hostile_pages[f"institutions/{inst}/index.html"].body
        hrefs = [dict(a).get("href") or "" for t, a in page.tags if t == "a"]
        website = [h for h in hrefs if h.startswith("https://example.org/")]
        mail = [h for h in hrefs if h.startswith("mailto:x@example.org")]
        assert len(website) == 1 and len(mail) == 1, (website, mail)
        assert "javascript" in website[0] and "'" in website[0]  # kept inside the one href, inert
        text = _ws(page.text)
        assert _ws(HOSTILE_VALID_URLS[0]) in text and _ws(HOSTILE_VALID_URLS[1]) in text


# -- in the browser ---------------------------------------------------------------

TRAPS = """
window.__xss = [];
for (const name of ['alert', 'confirm', 'prompt', 'print']) {
  window[name] = (...args) => { window.__xss.push(name + '(' + args.join(',') + ')'); };
}
window.addEventListener('error', (e) => window.__xss.push('error: ' + (e.message || (e.target && e.target.outerHTML))), true);
"""
LIVE_ATTRIBUTES = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const v = a.value.replace(/[\\s\\x00-\\x1f]/g, '').toLowerCase();
      if (a.name.startsWith('on') || ((a.name === 'href' || a.name === 'src') && /^(javascript|vbscript|data):/.test(v) && v !== 'javascript:void(0)'))
        found.push('<' + el.tagName.toLowerCase() + ' ' + a.name + '="' + a.value.slice(0, 60) + '">');
    }
  }
  for (const el of document.querySelectorAll('iframe, object, embed, body style, details[ontoggle]')) found.push(el.outerHTML.slice(0, 80));
  return found;
}"""


@pytest.fixture(scope="module")
def hostile_url(hostile_site: Path):
    url, server = serve_folder(hostile_site)
    yield url
    server.shutdown()


class Watched:
    """A page with alert/error traps, dialogs, console errors and outside requests recorded."""

    def __init__(self, context) -> None:
        from conftest import PageWatch

        self.page = context.new_page()
        self.page.add_init_script(TRAPS)
        self.dialogs: list[str] = []
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.watch = PageWatch(self.page)

    def fired(self) -> list[str]:
        return self.dialogs + self.page.evaluate("window.__xss") + self.watch.errors + [f"request to {u}" for u in self.watch.outside]


def _flat(text: str) -> str:
    return " ".join(text.split())


BROWSER_PAGES = [
    "",
    "institutions/",
    "topics/",
    "compare/",
    "faq/",
    "templates/",
    "review/",
    "changes/",
    f"institutions/{SHOWN}/",
    "topics/friend-requests-students/",
    f"sources/{SHOWN}/",
]


def inline_scripts(site: Path, path: str) -> int:
    """How many inline scripts the built page holds (the theme adds none as it runs: a browser
    counts the same on the normal build's pages, so a difference is a script made from data)."""
    return sum(1 for src, _ in ParsedPage((site / path / "index.html").read_text(encoding="utf-8")).scripts if src is None)


@pytest.fixture(scope="module")
def hostile_tabs(browser, hostile_url):
    """{path: Watched page} for every page of BROWSER_PAGES, each loaded in its own tab up
    front: the half second of network quiet each test waits for then passes while the
    next pages load, instead of one after another. Nothing is done on a page but reading it."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    tabs = {}
    for path in BROWSER_PAGES:
        tabs[path] = Watched(ctx)
        tabs[path].page.goto(hostile_url + path)
    yield tabs
    ctx.close()


@pytest.mark.browser
@pytest.mark.parametrize("path", BROWSER_PAGES)
def test_page_in_the_browser_runs_nothing_from_the_data(hostile_tabs, built_site: Path, path: str) -> None:
    w = hostile_tabs[path]
    w.page.wait_for_load_state("networkidle")
    assert w.page.evaluate("document.visibilityState") == "visible"  # read as a reader sees it, not as a background tab
    assert w.fired() == []
    assert w.page.evaluate(LIVE_ATTRIBUTES) == []
    inline = w.page.evaluate("document.querySelectorAll('script:not([src])').length")
    title = w.page.title()
    body = _flat(w.page.inner_text("body"))
    # The same inline scripts as the normal build's page (read from its file: loading it cost a page load per case).
    assert inline == inline_scripts(built_site, path)
    # The hostile strings are there to read, as written.
    for s in HOSTILE:
        if path.startswith("sources/") and "*" in s:
            continue
        assert _flat(s) in body, s
    if path.count("/") == 2:  # institution, topic and source pages are titled from the data
        assert "<script>alert(1)</script>" in title
    assert w.fired() == []


@pytest.mark.browser
def test_search_shows_hostile_results_as_text(context, hostile, hostile_url) -> None:
    hx = hostile[0]
    rule_title = hx.of_kind("rule.title")[0]
    w = Watched(context)
    w.page.goto(hostile_url)
    w.page.click(".md-search__input")
    w.page.keyboard.type(rule_title.marker.lower())
    w.page.wait_for_selector(".md-search-result__item", timeout=30000)
    w.page.wait_for_function("document.querySelector('.md-search-result__meta').textContent.includes('matching')")
    results = w.page.locator(".md-search-result")
    text = _flat(results.inner_text())
    assert "<script>alert(1)</script>" in text
    assert '<a href="javascript:alert(1)">x</a>' in text
    assert w.page.locator(".md-search-result script, .md-search-result img, .md-search-result iframe").count() == 0
    assert w.page.evaluate(LIVE_ATTRIBUTES) == []
    assert w.fired() == []


@pytest.mark.browser
def test_scripts_of_the_site_keep_data_as_text(context, hostile, hostile_url) -> None:
    """The compare filters, the institution filter and the template blanks copy data with textContent."""
    hx = hostile[0]
    w = Watched(context)
    page = w.page
    page.goto(hostile_url + "compare/")
    labels = _flat(page.locator("[data-compare-filters] .compare-institutions").inner_text())
    for f in hx.of_kind("institution.short_name"):
        assert _flat(f.value) in labels
    page.goto(hostile_url + "institutions/")
    page.fill("#institution-filter", "<script>alert(1)</script>")
    assert page.locator("#institution-list tbody tr:visible").count() == len(real_catalog().institutions)
    page.goto(hostile_url + "templates/")
    tpl = page.locator(".tpl").first
    field = tpl.locator("input[data-blank]").first
    blank = field.get_attribute("data-blank")
    assert blank == hx.of_kind("placeholder.name")[0].value
    marks = "(ms, b) => ms.filter(m => m.dataset.blank === b).map(m => [m.className, m.textContent])"
    assert tpl.locator("mark[data-blank]").evaluate_all(marks, blank) == [["blank", f"[{blank}]"]]
    typed = '<img src=x onerror=alert(1)> "><script>alert(1)</script>'
    field.fill(typed)
    assert tpl.locator("mark[data-blank]").evaluate_all(marks, blank) == [["filled", typed]]
    assert typed in tpl.locator("pre.tpl-text").inner_text()
    assert page.evaluate(LIVE_ATTRIBUTES) == []
    assert w.fired() == []


@pytest.mark.browser
def test_a_topic_question_cannot_redirect_its_page(context, hostile, hostile_url) -> None:
    topic = _load(hostile[0].data / "topics.yaml")["topics"][0]
    assert topic["question"] == REFRESH_QUESTION
    page = context.new_page()
    page.goto(hostile_url + f"topics/{topic['id']}/")
    page.wait_for_load_state("networkidle")  # a zero-second refresh leaves before the page is idle
    page.wait_for_timeout(300)
    assert "redirected" not in page.url
    assert page.url.endswith(f"/topics/{topic['id']}/")


# -- links in the data: http, https and mailto only --------------------------------

BAD_URLS = ["javascript:alert(1)", "data:text/html,x", "vbscript:x", "//evil.example"]


FIRST = real_catalog().institutions[0].id
FIXTURE_FIRST = "alpha"  # of the small fixture data, which the validator-only tests use (milliseconds each)


def data_with_link(tmp_path: Path, where: str, url: str, *, real: bool = False) -> Path:
    """A copy of the data (the real data if `real`, else the fixture data) whose first
    institution has `url` as its `website` or `document.url`."""
    data = copy_real_data(tmp_path) if real else copy_fixture_data(tmp_path)
    path = data / "institutions" / f"{FIRST if real else FIXTURE_FIRST}.yaml"
    d = _load(path)
    if where == "website":
        d["website"] = url
    else:
        d["document"]["url"] = url
    _dump(path, d)
    return data


@pytest.mark.parametrize("url", BAD_URLS)
@pytest.mark.parametrize("where", ["website", "document.url"])
def test_a_link_that_is_not_http_https_or_mailto_is_refused(tmp_path: Path, where: str, url: str) -> None:
    from policykit import PolicyDataError, load_catalog

    with pytest.raises(PolicyDataError) as exc:
        load_catalog(data_with_link(tmp_path, where, url), root=tmp_path)
    lines = [str(p) for p in exc.value.problems]
    assert len(lines) == 1 and lines[0].startswith(f"policy_data/institutions/{FIXTURE_FIRST}.yaml:"), lines
    assert f"{where}: expected an http, https or mailto link" in lines[0], lines


@pytest.mark.build
def test_a_link_that_is_not_http_https_or_mailto_stops_the_build(tmp_path: Path) -> None:
    result = run_build(tmp_path / "site", data=data_with_link(tmp_path, "website", BAD_URLS[0], real=True))
    assert result.returncode == 1, result.stderr
    assert f"policy_data/institutions/{FIRST}.yaml" in result.stderr
    assert "website: expected an http, https or mailto link" in result.stderr, result.stderr


MORE_BAD_URLS = [
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "https://ok.example/\njavascript:alert(1)",
    "https://ok.example/\" onclick=\"alert(1)",
    "https://ok.example/<script>",
    "mailto:x@example.org\"><script>alert(1)</script>",
    "ftp://example.org/",
    "file:///etc/passwd",
    "http:evil.example",
    "https:/evil.example",
    "",
]


def data_with_links(tmp_path: Path, url: str) -> Path:
    """A copy of the fixture data whose first institution's `website` and `document.url` are `url`."""
    data = copy_fixture_data(tmp_path)
    path = data / "institutions" / f"{FIXTURE_FIRST}.yaml"
    d = _load(path)
    d["website"] = url
    d["document"]["url"] = url
    _dump(path, d)
    return data


@pytest.mark.parametrize("url", MORE_BAD_URLS)
def test_the_validator_refuses_other_links(tmp_path: Path, url: str) -> None:
    from policykit import PolicyDataError, load_catalog

    data = data_with_links(tmp_path, url)
    with pytest.raises(PolicyDataError) as exc:
        load_catalog(data, root=tmp_path)
    fields = sorted(p.field for p in exc.value.problems)
    assert fields == ["document.url", "website"], [str(p) for p in exc.value.problems]


@pytest.mark.parametrize("url", ["http://example.org/", "https://example.org/a?b=c#d", "mailto:head@example.org"])
def test_the_validator_accepts_http_https_and_mailto(tmp_path: Path, url: str) -> None:
    from policykit import load_catalog

    inst = load_catalog(data_with_links(tmp_path, url), root=tmp_path).institution(FIXTURE_FIRST)
    assert inst.website == url and inst.document.url == url
