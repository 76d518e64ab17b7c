"""A strict YAML loader that remembers where every value was written.

- Every scalar is read as text (no YAML 1.1 surprises: `NO`, `on`, `1.10` and
  `2018-08-29` stay strings); only an empty value, `~` or `null` is None.
  The schemas say which strings must look like dates or ids.
- A repeated key is an error, not a silent overwrite.
- Marks record the 1-based line and column of each value and each key, by path.
- Bounded: a file larger than MAX_BYTES, lists and mappings nested deeper than
  MAX_DEPTH, more than MAX_ALIASES alias uses, an alias inside the value it
  names (a loop), or more than MAX_NODES values once aliases are expanded (an
  "alias bomb") is refused with one line, before anything recursive sees it.
  The check streams libyaml's events and stops at the first excess, so a
  hostile file costs well under a second.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from policykit.errors import PolicyDataError, Problem

PathKey = tuple[Any, ...]
_NULLS = {"", "~", "null", "Null", "NULL"}
# libyaml when present (the pure-Python composer is about ten times slower), with
# the base resolver: every scalar is read as text anyway, so YAML's type guessing is skipped.
_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)

# Far above any real data file (an institution is under 100 KB, about 3,000
# values, 6 levels deep, with no aliases), far below what hurts the machine.
MAX_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 50
MAX_ALIASES = 1_000
MAX_NODES = 250_000


@dataclass
class Marks:
    """Where each value (and each mapping key) of a YAML file was written."""

    file: str
    values: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    keys: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def at(self, path: Sequence[Any], *, key: bool = False) -> tuple[int | None, int | None]:
        """The mark of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        if key and path in self.keys:
            return self.keys[path]
        while path:
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), (None, None))

    def problem(self, path: Sequence[Any], message: str, *, key: bool = False) -> Problem:
        line, col = self.at(path, key=key)
        return Problem(self.file, line, col, dotted(path), message)


def dotted(path: Sequence[Any]) -> str:
    """`rules[14].topics[1]` from ('rules', 14, 'topics', 1)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _build(node: yaml.Node, path: PathKey, marks: Marks, problems: list[Problem]) -> Any:
    marks.values[path] = _mark(node)
    if isinstance(node, yaml.ScalarNode):
        if not node.style and node.value in _NULLS:
            return None
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (i,), marks, problems) for i, item in enumerate(node.value)]
    out: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            line, col = _mark(key_node)
            problems.append(Problem(marks.file, line, col, dotted(path), "expected a plain key; found a list or mapping used as a key"))
            continue
        key = key_node.value
        if key in out:
            line, col = _mark(key_node)
            first = marks.keys[path + (key,)][0]
            problems.append(
                Problem(marks.file, line, col, dotted(path + (key,)), f"duplicate key (first written on line {first}); expected each key once")
            )
            continue
        marks.keys[path + (key,)] = _mark(key_node)
        out[key] = _build(value_node, path + (key,), marks, problems)
    return out


class _Bounds:
    """Depth, alias uses and expanded size of a YAML event stream, checked as it streams."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.stack: list[list[Any]] = []  # [anchor or None, values so far] per open list or mapping
        self.sizes: dict[str, int] = {}  # values in each finished anchored node
        self.aliases = 0
        self.total = 0

    def refuse(self, event: yaml.Event, message: str) -> PolicyDataError:
        mark = event.start_mark
        return PolicyDataError([Problem(self.display, mark.line + 1, mark.column + 1, "", message)])

    def add(self, event: yaml.Event, size: int) -> None:
        self.total += size
        if self.total > MAX_NODES:
            raise self.refuse(event, f"YAML aliases: expected at most {MAX_NODES:,} values once aliases are expanded; found more (an alias repeated inside aliases)")
        if self.stack:
            self.stack[-1][1] += size

    def see(self, event: yaml.Event) -> None:
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if len(self.stack) >= MAX_DEPTH:
                raise self.refuse(event, f"YAML nesting: expected lists and mappings at most {MAX_DEPTH} levels deep; found deeper")
            self.stack.append([event.anchor, 0])
            self.add(event, 1)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            anchor, size = self.stack.pop()
            if anchor is not None:
                self.sizes[anchor] = size + 1
        elif isinstance(event, yaml.ScalarEvent):
            if event.anchor is not None:
                self.sizes[event.anchor] = 1
            self.add(event, 1)
        elif isinstance(event, yaml.AliasEvent):
            self.alias(event)

    def alias(self, event: yaml.AliasEvent) -> None:
        self.aliases += 1
        if self.aliases > MAX_ALIASES:
            raise self.refuse(event, f"YAML aliases: expected at most {MAX_ALIASES:,} alias uses (*name); found more")
        if any(anchor == event.anchor for anchor, _ in self.stack):
            raise self.refuse(event, f"YAML alias *{event.anchor}: expected an alias to a finished value; found it inside the value it names (a loop)")
        # An unknown alias counts as one value; composing reports it.
        self.add(event, self.sizes.get(event.anchor, 1))


def _check_bounds(text: str, display: str) -> None:
    """Raise PolicyDataError if the YAML is nested too deep or its aliases expand too far."""
    bounds = _Bounds(display)
    for event in yaml.parse(text, Loader=_LOADER):
        bounds.see(event)


def _syntax_problem(display: str, text: str, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return Problem(display, None, None, "", f"YAML syntax: {exc.problem or exc}")
    lines = text.split("\n")
    line_text = lines[mark.line] if mark.line < len(lines) else ""
    found = line_text[mark.column : mark.column + 1]
    if "\t" in line_text[: len(line_text) - len(line_text.lstrip())] or found == "\t":
        return Problem(display, mark.line + 1, mark.column + 1, "", "YAML syntax: expected spaces for indentation; found a tab character")
    found_text = repr(found) if found.strip() else "the end of the line" if mark.line < len(lines) - 1 else "the end of the file"
    context = f" {exc.context}" if exc.context else ""
    if exc.context and exc.context_mark and exc.context_mark.line != mark.line:
        context += f" that starts on line {exc.context_mark.line + 1}"
    problem = exc.problem or ""
    if "mapping values are not allowed" in problem:
        expected = "a value without ': ' in it (put text that has a colon in quotes)"
    elif "cannot start any token" in problem:
        expected = "a value; some characters cannot start one (put the text in quotes)"
    elif "expected '-' indicator" in problem:
        expected = f"list items ('- ') and keys indented like the ones around them ({problem}{context})"
    elif "did not find expected key" in problem or "expected <block end>" in problem:
        expected = "'key: value' lines indented like the ones around them"
    elif "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
        expected = f"',' or a closing bracket ({problem}{context})"
    else:
        expected = f"valid YAML ({problem}{context})"
    return Problem(display, mark.line + 1, mark.column + 1, "", f"YAML syntax: expected {expected}; found {found_text}")


def load_yaml(path: Path, display: str) -> tuple[Any, Marks]:
    """Read one YAML file strictly; raise PolicyDataError naming file and line."""
    marks = Marks(display)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PolicyDataError([Problem(display, None, None, "", "file not found; expected it to exist")]) from None
    except OSError as exc:
        raise PolicyDataError([Problem(display, None, None, "", f"cannot read the file ({exc.strerror})")]) from None
    if len(raw) > MAX_BYTES:
        raise PolicyDataError(
            [Problem(display, None, None, "", f"expected a data file of at most {MAX_BYTES // 2**20} MiB; found {len(raw) / 2**20:.1f} MiB")]
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PolicyDataError(
            [Problem(display, line, None, "", f"expected UTF-8 text; found byte 0x{raw[exc.start]:02x} that is not UTF-8 (save the file as UTF-8)")]
        ) from None
    try:
        _check_bounds(text, display)
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        raise PolicyDataError([_syntax_problem(display, text, exc)]) from None
    except yaml.composer.ComposerError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise PolicyDataError([Problem(display, line, None, "", "YAML syntax: expected one document; found a second one (a line '---' starts another)")]) from None
    except yaml.YAMLError as exc:
        raise PolicyDataError([Problem(display, None, None, "", f"YAML syntax: expected valid YAML; found {exc}")]) from None
    if node is None:
        raise PolicyDataError([Problem(display, 1, None, "", "expected a mapping of fields; found an empty file")])
    problems: list[Problem] = []
    data = _build(node, (), marks, problems)
    if problems:
        raise PolicyDataError(problems)
    return data, marks
