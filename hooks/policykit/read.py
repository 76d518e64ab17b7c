"""Reading `policy_data/`: each YAML file parsed with its line marks and checked
against its JSON Schema, and the source texts the institution files name.

Nothing here knows what the data means; `policykit.model` builds the records
and `policykit.checks` checks them. A file that cannot be parsed, or breaks its
schema, is reported here and left out of everything after.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policykit.errors import PolicyDataError, Problem
from policykit.review_marks import unreviewed_items
from policykit.schema import SchemaSet
from policykit.text import SourceText
from policykit.yamlio import Marks, load_yaml

_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


# Lists whose items can be left out when they break the schema, the rest of the file
# still checked: nothing else in the file depends on them being there.
ITEM_LISTS = {"institution": ("rules", "faq", "ignored", "history"), "templates": ("templates",)}


@dataclass(frozen=True)
class DataFile:
    """One parsed YAML file and where each of its values was written.

    `data` lacks the list items that broke the schema (see ITEM_LISTS); paths
    into it are given as if they were there, so messages name the file's own
    indices: `kept` maps each shortened list's indices back.
    """

    path: Path
    display: str
    """The path as messages show it (from the project root)."""
    data: Any
    marks: Marks
    raw: Any = None
    """The data as written, left-out items included (None: the same as `data`)."""
    kept: dict[str, list[int]] = field(default_factory=dict)
    """For each list with left-out items: the original index of each item of `data`'s list."""

    @property
    def stem(self) -> str:
        """The file's name without `.yaml`: an institution's id."""
        return self.path.stem

    def problem(self, path: Sequence[Any], message: str, *, key: bool = False) -> Problem:
        """A problem at `path` (`("rules", 5, "text")`), its field naming items by id too."""
        path = tuple(path)
        if len(path) > 1 and path[0] in self.kept and isinstance(path[1], int):
            path = (path[0], self.kept[path[0]][path[1]]) + path[2:]
        line, col = self.marks.at(path, key=key)
        return Problem(self.display, line, col, field_name(path, self.data if self.raw is None else self.raw), message)


def field_name(path: Sequence[Any], data: Any) -> str:
    """`rules[5] (hillside-1-b).text`: the dotted path, each list item with an id named by it.

    The id is left out when the field is that id itself, or when it is not a
    well-formed id (then the message is about it).
    """
    out = ""
    node = data
    for i, part in enumerate(path):
        if isinstance(part, int):
            out += f"[{part}]"
            node = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            ident = node.get("id") if isinstance(node, dict) else None
            if isinstance(ident, str) and _ID.fullmatch(ident) and path[i + 1 : i + 2] != ("id",):
                out += f" ({ident})"
        else:
            out += f".{part}" if out else str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out


@dataclass(frozen=True)
class DataFiles:
    """Everything read from one data folder: the source locations every check reports against."""

    data_dir: Path
    root: Path
    """The folder messages and edit links are relative to."""
    topics: DataFile | None
    """None when topics.yaml could not be read or broke its schema."""
    institutions: tuple[DataFile, ...]
    """The institution files that were read and passed their schema, by file name."""
    unreadable: frozenset[str]
    """Ids (file names) of institution files that could not be read or broke their schema."""
    left_out: frozenset[str]
    """Ids of rules, FAQ entries and templates left out because they broke the schema."""
    templates: DataFile | None
    sources: dict[str, SourceText] = field(default_factory=dict)
    """Source texts by file name, those that could be read."""
    problems: tuple[Problem, ...] = ()
    """What reading found: syntax, schema, missing and stray files."""

    def display(self, path: Path) -> str:
        return display_path(path, self.root)

    def source_display(self, name: str) -> str:
        """A source text's path as messages show it."""
        return self.display(self.data_dir / "sources" / name)

    def institution(self, institution_id: str) -> DataFile:
        return next(f for f in self.institutions if f.stem == institution_id)


def display_path(path: Path, root: Path) -> str:
    """A path as messages show it: from the project root, or in full when outside it."""
    path = path.resolve()
    try:
        return path.relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


class _PathRecorder:
    """Makes problems like the file it wraps, noting the path of each."""

    def __init__(self, f: DataFile) -> None:
        self.file = f
        self.paths: list[tuple[Any, ...]] = []

    def problem(self, path: Sequence[Any], message: str, *, key: bool = False) -> Problem:
        self.paths.append(tuple(path))
        return self.file.problem(path, message, key=key)


def _has_id(item: Any) -> bool:
    return isinstance(item, dict) and isinstance(item.get("id"), str)


class _Reader:
    """Collects the problems of one read; `read_data` is its only user."""

    def __init__(self, data_dir: Path, root: Path, schemas: SchemaSet | None) -> None:
        self.data_dir, self.root, self.schemas = data_dir, root, schemas
        self.problems: list[Problem] = []
        self.sources: dict[str, SourceText] = {}
        self.left_out: set[str] = set()

    def file(self, path: Path, kind: str) -> DataFile | None:
        """The file, or None when it cannot be parsed or breaks its schema outside ITEM_LISTS."""
        display = display_path(path, self.root)
        try:
            data, marks = load_yaml(path, display)
        except PolicyDataError as exc:
            self.problems.extend(exc.problems)
            return None
        f = DataFile(path, display, data, marks)
        if kind == "institution":
            # Listed even when the file breaks its schema: a fresh draft usually does.
            self.problems.extend(unreviewed_items(data, f))
        if self.schemas is None:
            return f
        recorder = _PathRecorder(f)
        self.problems.extend(self.schemas.validate(kind, data, recorder))
        if not recorder.paths:
            return f
        return self.without_broken_items(f, recorder.paths, ITEM_LISTS.get(kind, ()))

    def without_broken_items(self, f: DataFile, broken: list[tuple[Any, ...]], lists: tuple[str, ...]) -> DataFile | None:
        """`f` without the list items the schema problems are in; None when a problem lies elsewhere."""
        items = {p[:2] for p in broken}
        if not isinstance(f.data, dict) or any(len(p) < 2 or p[0] not in lists or not isinstance(p[1], int) for p in items):
            return None
        data = dict(f.data)
        kept: dict[str, list[int]] = {}
        for name in {p[0] for p in items}:
            kept[name] = [i for i in range(len(data[name])) if (name, i) not in items]
            data[name] = [data[name][i] for i in kept[name]]
            self.left_out.update(item["id"] for i, item in enumerate(f.data[name]) if (name, i) in items and _has_id(item))
        return DataFile(f.path, f.display, data, f.marks, f.data, kept)

    def source(self, f: DataFile) -> None:
        """Read the source text an institution file names, once per name."""
        name = f.data["document"]["source"]
        if name in self.sources:
            return
        path = self.data_dir / "sources" / name
        try:
            raw = path.read_bytes()
        except OSError:
            self.problems.append(f.problem(("document", "source"), f"expected the source text at {display_path(path, self.root)}; found no such file"))
            return
        try:
            self.sources[name] = SourceText(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            self.problems.append(Problem(display_path(path, self.root), line, None, "", "expected UTF-8 text; found bytes that are not UTF-8"))

    def institution_paths(self) -> list[Path]:
        folder = self.data_dir / "institutions"
        listed = sorted(p for p in folder.iterdir() if not p.name.startswith(".")) if folder.is_dir() else []
        for stray in listed:
            if stray.suffix != ".yaml":
                message = f"expected institution files named <id>.yaml; found {stray.name!r} (rename it to {stray.stem}.yaml)"
                self.problems.append(Problem(display_path(stray, self.root), None, None, "", message))
        paths = [p for p in listed if p.suffix == ".yaml"]
        if not paths:
            self.problems.append(Problem(display_path(folder, self.root), None, None, "", "expected at least one institution file (<id>.yaml); found none"))
        return paths


def read_data(data_dir: Path, root: Path) -> DataFiles:
    """Read every file of `data_dir`; raise PolicyDataError only when nothing can be checked."""
    if not data_dir.is_dir():
        raise PolicyDataError([Problem(display_path(data_dir, root), None, None, "", "expected the policy data folder; found nothing there")])
    schema_dir = data_dir / "schema"
    schemas: SchemaSet | None = None
    unusable = ""
    try:
        schemas = SchemaSet(schema_dir)
    except (OSError, ValueError) as exc:
        unusable = f"cannot read the JSON Schemas ({exc})"
    reader = _Reader(data_dir, root, schemas)
    if schemas is None:
        reader.problems.append(Problem(display_path(schema_dir, root), None, None, "", unusable))
    topics = reader.file(data_dir / "topics.yaml", "topics")
    paths = reader.institution_paths()
    read = [reader.file(p, "institution") for p in paths]
    templates = reader.file(data_dir / "templates.yaml", "templates")
    if schemas is None:
        raise PolicyDataError(reader.problems)
    institutions = tuple(f for f in read if f is not None)
    for f in institutions:
        reader.source(f)
    unreadable = frozenset(p.stem for p, f in zip(paths, read) if f is None)
    return DataFiles(data_dir, root, topics, institutions, unreadable, frozenset(reader.left_out), templates, reader.sources, tuple(reader.problems))
