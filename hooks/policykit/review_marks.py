"""Checks the drafting tools rely on: unreviewed marks and source checksums.

- `unreviewed_items(data, marks)`: every mapping in an institution file that
  still has an `unreviewed:` key (what the drafter wrote and nobody has
  confirmed yet) is one Problem, with its file and line. A person confirms an
  item by deleting that line.
- `checksum_problems(data_dir, display)`: `policy_data/sources/SHA256SUMS`
  (written by the tools, in `sha256sum` format) must have one current line per
  source text. A stale or missing line is a Problem; a data folder with no
  SHA256SUMS at all is not checked.
- `write_checksum(sources_dir, name)`: add or replace one line (the tools call it).

Pure functions over parsed data and files; no MkDocs.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from policykit.errors import Problem
from policykit.schema import Locates
from policykit.yamlio import Marks

MARK = "unreviewed"
SUMS = "SHA256SUMS"
_LINE = re.compile(r"^([0-9a-fA-F]{64}) [ *](.+)$")


def _walk(value: Any, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], Any]]:
    if isinstance(value, dict):
        if MARK in value:
            yield path, value[MARK]
        for key, child in value.items():
            yield from _walk(child, path + (key,))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _walk(child, path + (i,))


def unreviewed_items(data: Any, marks: Marks | Locates) -> list[Problem]:
    """One Problem per item still marked unreviewed, at the line of its mark (`marks`: the
    file's line marks, or its `DataFile`, which also names list items by id)."""
    out = []
    for path, reason in _walk(data, ()):
        what = f": {reason}" if isinstance(reason, str) and reason.strip() else ""
        ident = data_id(data, path) or (path[-1] if path and path[0] == "positions" else None)
        label = f"{ident!r} " if ident else ""
        out.append(marks.problem(path + (MARK,), f"expected a reviewed item; found {label}still marked unreviewed{what} (check it, then delete this line)", key=True))
    return out


def data_id(data: Any, path: tuple[Any, ...]) -> str | None:
    node = data
    for part in path:
        node = node[part]
    return node.get("id") if isinstance(node, dict) else None


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_sums(sums: Path) -> dict[str, tuple[str, int]]:
    """{file name: (digest, line number)} from a `sha256sum` file."""
    out: dict[str, tuple[str, int]] = {}
    for number, line in enumerate(sums.read_text(encoding="utf-8").splitlines(), 1):
        m = _LINE.match(line.strip())
        if m:
            out[m.group(2)] = (m.group(1).lower(), number)
    return out


def checksum_problems(data_dir: Path, display: Callable[[Path], str]) -> list[Problem]:
    """Each source text without a current line in SHA256SUMS; nothing when there is no SHA256SUMS."""
    sources = data_dir / "sources"
    sums = sources / SUMS
    if not sums.is_file():
        return []
    listed = read_sums(sums)
    shown = display(sums)
    out = []
    for path in sorted(sources.glob("*.txt")):
        entry = listed.get(path.name)
        try:
            path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue  # reported once, as a file that is not UTF-8
        if entry is None:
            out.append(Problem(shown, None, None, path.name, f"expected a line for {path.name}; found none (the drafting tools write it: scripts/update_source, or `sha256sum {path.name} >> {SUMS}`)"))
        elif entry[0] != sha256(path):
            out.append(Problem(shown, entry[1], 1, path.name, f"expected the checksum of the current {path.name}; found a stale one (the text changed: use scripts/update_source, which records what changed)"))
    for name, (_, number) in sorted(listed.items()):
        if not (sources / name).is_file():
            out.append(Problem(shown, number, 1, name, "expected the file this line names; found no such source text"))
    return out


def write_checksum(sources_dir: Path, name: str) -> None:
    """Add or replace the line of `name` in SHA256SUMS, keeping the other lines and their order.

    With no SHA256SUMS yet, it is started with a line for every source text there.
    """
    sums = sources_dir / SUMS
    digest = sha256(sources_dir / name)
    if sums.is_file():
        lines = sums.read_text(encoding="utf-8").splitlines()
    else:
        lines = [f"{sha256(p)}  {p.name}" for p in sorted(sources_dir.glob("*.txt"))]
    entry = f"{digest}  {name}"
    replaced = False
    for i, line in enumerate(lines):
        m = _LINE.match(line.strip())
        if m and m.group(2) == name:
            lines[i], replaced = entry, True
    if not replaced:
        lines.append(entry)
    sums.write_text("\n".join(lines) + "\n", encoding="utf-8")
