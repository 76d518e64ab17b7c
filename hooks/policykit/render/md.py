"""Markdown building blocks: escaping, quotes, badges, links, table rows.

All escaping lives here: `esc` for Markdown text, `html_text`, `html_pre` and
`html_attr` for raw HTML blocks (element text, <pre> text, attribute values).

Every piece of text that comes from the data goes through `esc` (or `quote`),
which turns every ASCII character that Markdown, its extensions or HTML could
read as syntax into a numeric character reference. The browser shows the same
characters; nothing in the data can become a tag, a link, an attribute or
emphasis. The only markup a quote keeps is what the source prints: `~~struck~~`
(draft deletions), `**bold**` and `*italic*`, which become `<del>`, `<strong>`
and `<em>` written here.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Callable
from urllib.parse import quote as urlquote

from policykit.model import Stance

# Characters that can start syntax anywhere in a line: Markdown, pymdown-extensions,
# attr_list or HTML. `(`, `)`, `!`, quotes and `/` cannot once `[` and `]` are inert.
_SPECIAL = set("\\`*_{}[]#+|<>&~=^$@")
_ESCAPES = {ord(c): f"&#{ord(c)};" for c in _SPECIAL}
# Syntax that only counts at the start of a line (lists, rules, headings,
# admonitions `!!!`, details `???`, definitions `:`, `1.` and `1)` lists...) is
# made inert by one rule rather than a list: text whose first character (after
# any leading whitespace) is ASCII punctuation has that character as an entity,
# and a leading run of digits keeps the `.` or `)` after it as an entity. Runs of
# whitespace are already one space, so indentation cannot make a code block.
# Escaping every `.`, `-` or `:` would cost thousands of entities a page.
_LINE_START = re.compile(r"(\s*)(\d*)(.?)", re.DOTALL)


def _inert_line_start(text: str) -> tuple[str, str]:
    """(the start of `text` made inert, the rest); the start is empty when nothing needed it."""
    m = _LINE_START.match(text)
    space, digits, first = m.groups()
    if digits:
        needs = first in (".", ")")
    else:
        needs = bool(first) and first.isascii() and not first.isalnum()
    if not needs:
        return "", text
    return f"{space}{digits}&#{ord(first)};", text[m.end() :]


# Markup a source prints and a quote keeps: deletions, strong, emphasis.
_MARKUP = re.compile(r"~~(?P<del>.+?)~~|\*\*(?P<strong>.+?)\*\*|\*(?P<em>[^*\s](?:[^*]*[^*\s])?)\*", re.DOTALL)


_WHITESPACE = re.compile(r"\s+")


def esc(text: str) -> str:
    """Data text made inert: shown as written, never read as Markdown or HTML.

    Runs of whitespace become one space (a line break in the data would end a
    table row or a list item); spaces at the ends are kept, for text that sits
    between two pieces of markup. Whatever the text starts with, it is not
    line-start syntax, so it can stand alone on a line (see `_inert_line_start`).
    """
    if not text.isprintable() or "  " in text:
        text = _WHITESPACE.sub(" ", text)
    if text[:1].isalpha():
        return text.translate(_ESCAPES)
    start, rest = _inert_line_start(text)
    return start + rest.translate(_ESCAPES)


_BRACKETS = {ord("["): "&#91;", ord("]"): "&#93;"}


def html_text(text: str) -> str:
    """Data text for a raw HTML block (which Markdown leaves alone): HTML-escaped, whitespace
    collapsed, and brackets as entities too, so that no Markdown link could be read from it
    even if a block were ever parsed as Markdown."""
    if "  " in text or not text.isprintable():
        text = _WHITESPACE.sub(" ", text)
    return html.escape(text, quote=True).translate(_BRACKETS)


def html_pre(text: str) -> str:
    """Data text for a raw <pre> block: `&`, `<` and `>` escaped, spaces and line breaks kept."""
    return html.escape(text, quote=False)


def html_attr(text: str) -> str:
    """Data text for an HTML attribute value (quotes escaped too), kept as written."""
    return html.escape(text, quote=True)


Escape = Callable[[str], str]
"""An escaping function: `esc` for Markdown, `html_text` for raw HTML."""


def _inline_markup(text: str, escape: Escape, labels: bool = True) -> str:
    """Text with the source's own markup as tags; `labels` adds the screen-reader
    words around deletions (not in headings, whose text the TOC shows as plain text)."""
    out = []
    pos = 0
    for m in _MARKUP.finditer(text):
        out.append(escape(text[pos : m.start()]))
        if m.group("del") is not None:
            inner = _inline_markup(m.group("del"), escape, labels)
            if labels:
                out.append(f'<del><span class="sr-only">[deleted in draft: </span>{inner}<span class="sr-only">]</span></del>')
            else:
                out.append(f"<del>{inner}</del>")
        elif m.group("strong") is not None:
            out.append(f"<strong>{_inline_markup(m.group('strong'), escape, labels)}</strong>")
        else:
            out.append(f"<em>{_inline_markup(m.group('em'), escape, labels)}</em>")
        pos = m.end()
    out.append(escape(text[pos:]))
    return "".join(out)


def _balance(lines: list[str], marker: str) -> list[str]:
    """Close a marker left open at a line end and reopen it on the next line."""
    out = []
    carry = False
    for line in lines:
        if carry:
            line = marker + line
        carry = line.count(marker) % 2 == 1
        out.append(line + marker if carry else line)
    return out


def render_lines(lines: list[str], escape: Escape = esc, labels: bool = True) -> list[str]:
    """Printed lines, escaped, one for one, with their markup balanced across lines."""
    for marker in ("~~", "**"):
        lines = _balance(lines, marker)
    return [_inline_markup(ln.strip(), escape, labels).strip() for ln in lines]


def quote_lines(text: str, escape: Escape = esc, labels: bool = True) -> list[str]:
    """A verbatim quote as escaped lines (one per printed line or item), markup kept."""
    return render_lines([ln.strip() for ln in text.strip().split("\n") if ln.strip()], escape, labels)


def inline_quote(text: str) -> str:
    """A short verbatim fragment for running Markdown text, with its markup."""
    return " ".join(quote_lines(text))


def heading_quote(text: str) -> str:
    """A verbatim fragment for a heading: its markup, without screen-reader labels."""
    return " ".join(quote_lines(text, labels=False))


# Long texts without links go out as raw HTML blocks: Python-Markdown passes
# them through untouched, which is both safe (escaped here) and fast (no
# inline parsing of every word). Each block starts a line and ends with a blank one.


@functools.lru_cache(maxsize=4096)
def html_quote(text: str) -> str:
    """A verbatim quote as a <blockquote>, one paragraph per printed line (kept for the
    next use: a rule is quoted on its page, its topics' pages, the writers' pages)."""
    paras = "".join(f"<p>{line}</p>" for line in quote_lines(text, html_text))
    return f'<blockquote class="quote">{paras}</blockquote>\n'


def html_para(inner_html: str, css_class: str) -> str:
    """A paragraph of already-escaped HTML."""
    return f'<p class="{css_class}">{inner_html}</p>\n'


def html_quoted_list(title: str, quotes: tuple[str, ...] | list[str], *, search: bool = True) -> str:
    """Verbatim fragments (exceptions, conditions, footnotes) as a titled list."""
    if not quotes:
        return ""
    items = "".join(f"<li>“{' '.join(quote_lines(q, html_text))}”</li>" for q in quotes)
    attr = "" if search else " data-search-exclude"
    return f'<div class="quoted-list"{attr}><p><strong>{html_text(title)}</strong> (quoted):</p><ul>{items}</ul></div>\n'


def html_admonition(kind: str, title: str, text: str, *, search: bool = True) -> str:
    """An admonition box, as Material styles them, from plain data text."""
    attr = "" if search else " data-search-exclude"
    return f'<div class="admonition {kind}"{attr}><p class="admonition-title">{html_text(title)}</p><p>{html_text(text)}</p></div>\n'


def link(text: str, target: str) -> str:
    """A Markdown link whose text is data (escaped) and whose target is a page path."""
    return f"[{esc(text)}]({target})"


# A whole block of raw HTML, marked: a build through the hook hands it to Markdown's own
# store of raw HTML unparsed (policy_hook_support.PassRawHtml; parsing raw HTML was most of
# a build), and `unmark_raw_blocks` drops the marks for any other consumer. Data text cannot
# make a mark: every `<` in it is an entity.
RAW_OPEN, RAW_CLOSE = "<policy-html>", "</policy-html>"


def raw_block(html: str) -> str:
    """A block of raw HTML (no Markdown inside, not indented), marked for the build to pass
    through; blocks marked inside it lose their marks (the outer one covers them)."""
    return f"{RAW_OPEN}{unmark_raw_blocks(html).rstrip(chr(10))}{RAW_CLOSE}\n"


def unmark_raw_blocks(text: str) -> str:
    """`text` with the marks of `raw_block` dropped: plain Markdown with raw HTML blocks."""
    return text.replace(RAW_OPEN, "").replace(RAW_CLOSE, "") if RAW_OPEN in text else text


def html_link(text: str, target: str, css_class: str = "") -> str:
    """`link` for a raw HTML block: `target` is a page path, made a URL by `paths.resolve_page_links`."""
    cls = f' class="{css_class}"' if css_class else ""
    return f'<a href="{html_attr(target)}"{cls}>{html_text(text)}</a>'


def external_link(text: str, url: str) -> str:
    """A link to an http(s)/mailto address from the data (the schema allows no other)."""
    safe = urlquote(url, safe=":/?#[]@!$&'*+,;=%~-._")
    return f"[{esc(text)}](<{safe}>)"


def rel(from_page: str, to_page: str, anchor: str = "") -> str:
    """The relative link from one page (`topics/a.md`) to another (`institutions/cms.md`).

    Both are docs-relative paths, so this walks their folders rather than calling
    posixpath.relpath, which asks the operating system for the working directory
    on every one of the thousands of links a build writes.
    """
    here = from_page.split("/")[:-1]
    there = to_page.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    path = "/".join([".."] * (len(here) - common) + there[common:])
    return f"{path}#{anchor}" if anchor else path


def badge(stance: Stance | str, *, hover: bool = True) -> str:
    """A stance badge: the word, a colour and border, and (with `hover`) the meaning on hover.

    Material mounts a tooltip on every element with a title; the comparison matrix,
    with a badge in every cell and the legend above it, goes without.
    """
    stance = Stance(stance)
    title = f' title="{stance.meaning}"' if hover else ""
    return f'<span class="stance stance-{stance}" data-stance="{stance}"{title}>{stance.label}</span>'



def html_table(head: list[str], rows: list[list[str]]) -> str:
    """A raw HTML table (cells already HTML) shaped as Markdown's tables extension writes one,
    so Material wraps and styles it alike. Large tables go this way: Markdown reads each cell of
    a Markdown table for inline syntax, seconds for the comparison matrix at 200 institutions."""

    def row(cells: list[str], tag: str) -> str:
        return "<tr>\n" + "".join(f"<{tag}>{c}</{tag}>\n" for c in cells) + "</tr>\n"

    return f"<table>\n<thead>\n{row(head, 'th')}</thead>\n<tbody>\n{''.join(row(r, 'td') for r in rows)}</tbody>\n</table>"


def table_row(cells: list[str]) -> str:
    """One Markdown table row; cells are already escaped Markdown."""
    return "| " + " | ".join(c.replace("\n", " ") or " " for c in cells) + " |"


def front_matter(**fields: object) -> str:
    """YAML front matter; values are JSON, which YAML reads as written."""
    lines = ["---"]
    for key, value in fields.items():
        if value is not None:
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def heading(level: int, text_md: str, anchor: str | None = None, *, search: bool = True) -> str:
    """A heading with an explicit anchor (attr_list), its text already escaped.

    `search=False` keeps the heading and everything under it, up to the next
    heading, out of the search index (Material's `data-search-exclude`).
    """
    attrs = [f"#{anchor}"] if anchor else []
    if not search:
        attrs.append("data-search-exclude")
    suffix = f" {{ {' '.join(attrs)} }}" if attrs else ""
    return f"{'#' * level} {text_md}{suffix}\n"


def plain_title(text: str) -> str:
    """A page title or description for front matter: plain text, HTML-escaped quotes included.

    Material prints these unescaped, in text (`<title>`) and in attributes
    (`<meta name="description" content="...">`), so a quote must not end the attribute.
    """
    return html_text(text)
