"""Invisible and control characters: refused where they are, with file:line:col and the
character's code and name; what is accepted (a leading byte order mark, CRLF line ends,
tabs, variation selectors) moves no line number the site shows."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import pytest
from conftest import edit
from hypothesis import HealthCheck, given, settings, strategies as st

from policykit import PolicyDataError, load_catalog
from policykit.chars import MAX_REPORTED, is_unseen
from policykit.render import build_pages
from policykit.text import SourceText, normalise

A = "institutions/alpha.yaml"

# One of each kind the class covers: zero-width, word joiner, byte order mark inside a
# text, soft hyphen, every bidirectional control, C0 and C1 controls, DEL, NEL, the line
# and paragraph separators, a tag character, a Hangul filler, the combining grapheme
# joiner, the Mongolian vowel separator.
REFUSED = [
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad",
    "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c",
    "\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9b", "\u2028", "\u2029",
    "\U000e0041", "\u3164", "\u034f", "\u180e",
]


def code(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def problems(data: Path) -> list[str]:
    try:
        load_catalog(data, root=data.parent)
    except PolicyDataError as exc:
        return [str(p) for p in exc.problems]
    return []


def insert_at(path: Path, line: int, column: int, ch: str) -> None:
    """Put `ch` before the 1-based `column` of `line` of a file."""
    lines = path.read_text(encoding="utf-8").split("\n")
    text = lines[line - 1]
    lines[line - 1] = text[: column - 1] + ch + text[column - 1 :]
    path.write_bytes("\n".join(lines).encode("utf-8"))


@pytest.mark.parametrize("ch", REFUSED, ids=code)
def test_refused_in_a_source_with_line_column_and_name(fixture_data: Path, ch: str) -> None:
    source = fixture_data / "sources" / "alpha.txt"
    insert_at(source, 3, 10, ch)
    found = problems(fixture_data)
    assert len(found) == 1, found
    assert found[0].startswith(f"policy_data/sources/alpha.txt:3:10: expected text without invisible or control characters")
    assert f"found {code(ch)} " in found[0]
    name = unicodedata.name(ch, "")
    assert name in found[0]


@pytest.mark.parametrize("ch", REFUSED, ids=code)
@pytest.mark.parametrize(
    ("file", "old", "field"),
    [
        (A, "title: Student photos", "rules[2] (alpha-3).title"),
        (A, "    change: Texting now needs written permission.", "history[0].change"),
        ("topics.yaml", "description: Photos of students.", "topics[2] (student-images).description"),
        ("templates.yaml", "title: Decline a friend request", "templates[0] (decline-request).title"),
    ],
)
def test_refused_in_yaml_data_with_line_column_field_and_name(fixture_data: Path, ch: str, file: str, old: str, field: str) -> None:
    path = fixture_data / file
    text = path.read_text(encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    column = len(old) - 3  # a few characters before the end of the value
    insert_at(path, line, column, ch)
    found = problems(fixture_data)
    assert len(found) == 1, found
    where = f"policy_data/{file}:{line}:{column}: "
    assert found[0].startswith(where), found[0]
    assert f"found {code(ch)} {unicodedata.name(ch, '')}" in found[0]
    if unicodedata.category(ch) == "Cf" or not is_unseen(ch) or ch in "\u3164\u034f":
        # The YAML could still be read: the message names the field too.
        assert found[0].startswith(where + field + ": "), found[0]


def test_a_lone_carriage_return_is_refused_and_crlf_line_ends_are_not(fixture_data: Path) -> None:
    source = fixture_data / "sources" / "alpha.txt"
    raw = source.read_text(encoding="utf-8")
    source.write_bytes(raw.replace("\n", "\r\n").encode("utf-8"))
    assert problems(fixture_data) == []
    source.write_bytes(raw.replace("1. Staff must not", "1. Staff must\rnot", 1).encode("utf-8"))
    found = problems(fixture_data)
    assert len(found) == 1 and found[0].startswith("policy_data/sources/alpha.txt:3:14: ") and "U+000D CARRIAGE RETURN" in found[0], found


def test_many_on_many_lines_are_reported_one_line_each_up_to_a_limit(fixture_data: Path) -> None:
    source = fixture_data / "sources" / "alpha.txt"
    lines = 400
    source.write_text("\u200b\u00ad\n" * lines + source.read_text(encoding="utf-8"), encoding="utf-8")
    found = problems(fixture_data)
    assert len(found) == MAX_REPORTED + 1
    assert found[0].startswith("policy_data/sources/alpha.txt:1:1: ") and found[0].endswith("and 1 more on this line")
    assert f"on {lines - MAX_REPORTED} more lines (up to line {lines})" in found[-1]


def page(pages, path: str) -> str:
    return next(p.text for p in pages if p.path == path)


def source_links_point_at_their_quote(data: Path) -> int:
    """Every "Source, line N" link on an institution page opens a line where its rule's quote starts."""
    catalog = load_catalog(data, root=data.parent)
    pages = build_pages(catalog, today=dt.date(2026, 1, 1))
    checked = 0
    for inst in catalog.institutions:
        source_lines = page(pages, f"sources/{inst.id}.md")
        for rule in inst.rules:
            line = rule.source_line
            assert f'<a href="../../sources/{inst.id}/#L{line}">Source, line {line}</a>' in page(pages, f"institutions/{inst.id}.md")
            assert f'<p class="src-line" id="L{line}">' in source_lines
            shown = inst.source_text.split("\n")[line - 1]  # the source page shows the text line by line
            first_words = re.findall(r"\w+", rule.text)[:2]
            assert re.search(r"\W+".join(first_words), shown), (rule.id, line, shown)
            checked += 1
    return checked


def test_what_is_accepted_moves_no_line_link(fixture_data: Path) -> None:
    """A leading byte order mark, CRLF line ends, tabs and a variation selector are accepted."""
    assert source_links_point_at_their_quote(fixture_data) > 0
    source = fixture_data / "sources" / "alpha.txt"
    source.write_bytes("\ufeff".encode() + source.read_bytes().replace(b"\n", b"\r\n").replace(b"1. Staff", b"1.\tStaff"))
    yaml_file = fixture_data / A
    yaml_file.write_bytes("\ufeff".encode() + yaml_file.read_bytes())
    edit(yaml_file, "summary: Do not accept students' friend requests.", "summary: Do not accept students' friend requests \u2764\ufe0f.")
    assert problems(fixture_data) == []
    assert source_links_point_at_their_quote(fixture_data) > 0


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    before=st.lists(st.sampled_from(REFUSED + ["\n", "x", " ", "\r\n"]), max_size=60),
    inside=st.lists(st.sampled_from([c for c in REFUSED if not c.isspace()]), max_size=5),
)
def test_matching_skips_them_and_keeps_line_numbers(before: list[str], inside: list[str]) -> None:
    """Whatever invisible characters a text holds, a quote is found and its line is the line it is on."""
    head = "".join(before)
    word = "Staff must not post photos."
    middle = len(word) // 2
    text = head + "\n" + word[:middle] + "".join(inside) + word[middle:] + "\nThe end.\n"
    source = SourceText(text)
    spans = source.find(word)
    assert spans, text
    assert source.line_of(spans[0].start) == head.count("\n") + 2
    assert source.raw[source.raw_offset(spans[0].start)] == "S"
