"""Reading `policy_data/`: each YAML file parsed with its line marks and checked
against its JSON Schema, and the source texts the institution files name.

Nothing here knows what the data means; `policykit.model` builds the records
and `policykit.checks` checks them. A file that cannot be parsed, or breaks its
schema, is reported here and left out of everything after.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from policykit.cache import ReadCache, digest, file_digest, folder_digest
from policykit.chars import unseen_problems
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
    digest: str = ""
    """The SHA-256 of the bytes read, when a `ReadCache` was used ("" otherwise)."""

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
    thesaurus: DataFile | None = None
    """`thesaurus.yaml`, the general synonyms for search (optional; None when absent or unreadable)."""

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


_FILE_KINDS = {stat.S_IFDIR: "a folder", stat.S_IFIFO: "a named pipe", stat.S_IFSOCK: "a socket", stat.S_IFCHR: "a device", stat.S_IFBLK: "a device"}


def _as_written(path: Path, root: Path) -> str:
    """A path as messages show it, without following a symbolic link at its end."""
    return display_path(path.parent, root) + "/" + path.name


def confinement(path: Path, data_dir: Path, root: Path, within: Path | None = None) -> str | None:
    """Why `path` may not be read as data (`expected ...; found ...`); None for a plain file inside `within`.

    `within` is a folder of `data_dir` (resolved), by default `data_dir` itself,
    which may be reached through a link: it is the folder the build was
    pointed at. Below it, no folder and no file may be a symbolic link, even to
    a file inside it (git on Windows checks a link out as a small text file,
    so the same commit would build differently), nor lead outside `within`
    (`..`, an absolute path). A missing file is the caller's to report.
    """
    within = within or data_dir
    here = data_dir
    parts = path.relative_to(data_dir).parts if path.is_relative_to(data_dir) else ()
    for i, part in enumerate(parts):
        here = here / part
        if here.is_symlink():
            what = "a plain file" if i == len(parts) - 1 and not here.is_dir() else "a folder"
            target = os.readlink(here)
            return f"expected {what} inside {display_path(data_dir, root)}/; found {_as_written(here, root)}, a symbolic link to {target} (copy it in instead)"
    if not path.is_relative_to(within) or not path.resolve().is_relative_to(within):
        shown = path.relative_to(within).as_posix() if path.is_relative_to(within) else str(path)
        return f"expected a file inside {display_path(within, root)}/; found a path that leads outside it ({shown})"
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    if not stat.S_ISREG(mode):
        return f"expected a plain file; found {_as_written(path, root)}, {_FILE_KINDS.get(stat.S_IFMT(mode), 'not a plain file')}"
    return None


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


def _path_at(marks: Marks, line: int, column: int) -> tuple[Any, ...]:
    """The path of the value or key written last at or before a place in the file."""
    at = (line, column)
    written = [(mark, path) for path, mark in (*marks.values.items(), *marks.keys.items()) if mark <= at]
    return max(written, key=lambda pair: (pair[0], len(pair[1])))[1] if written else ()


def _text_of(path: Path) -> str:
    """A YAML file's text, to look for invisible and control characters in ("" when unreadable).

    Looked at apart from parsing: YAML refuses most control characters without
    saying where, and counts U+0085, U+2028 and U+2029 as line breaks.
    """
    try:
        return path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return ""  # load_yaml reports it


class _Reader:
    """Collects the problems of one read; `read_data` is its only user."""

    def __init__(self, data_dir: Path, root: Path, schemas: SchemaSet | None, cache: ReadCache | None = None, schema_key: str = "") -> None:
        self.data_dir, self.root, self.schemas = data_dir, root, schemas
        self.cache, self.schema_key = cache, schema_key
        self.problems: list[Problem] = []
        self.sources: dict[str, SourceText] = {}
        self.left_out: set[str] = set()

    def file(self, path: Path, kind: str) -> DataFile | None:
        """The file, or None when it cannot be parsed or breaks its schema outside ITEM_LISTS.

        With a cache, a file whose bytes (and schemas) are unchanged since it was
        last read gives the same result without being parsed again.
        """
        refused = confinement(path, self.data_dir, self.root)
        if refused:
            self.problems.append(Problem(_as_written(path, self.root), None, None, "", refused))
            return None
        if self.cache is None:
            return self.parse(path, kind)

        def parse() -> tuple[DataFile | None, tuple[Problem, ...], frozenset[str]]:
            alone = _Reader(self.data_dir, self.root, self.schemas)
            content = file_digest(path) or ""
            f = alone.parse(path, kind)
            return (replace(f, digest=content) if f else None), tuple(alone.problems), frozenset(alone.left_out)

        f, problems, left_out = self.cache.get(("yaml", kind, str(path), str(self.root), self.schema_key), path, parse)
        self.problems.extend(problems)
        self.left_out.update(left_out)
        return f

    def parse(self, path: Path, kind: str) -> DataFile | None:
        """`file` without the confinement check and the cache: parse, then check against the schema."""
        display = _as_written(path, self.root)
        text = _text_of(path)
        try:
            data, marks = load_yaml(path, display)
        except PolicyDataError as exc:
            # A control character or line separator also breaks the YAML: its own line says more.
            self.problems.extend(unseen_problems(text, display) or exc.problems)
            return None
        f = DataFile(path, display, data, marks)
        self.problems.extend(unseen_problems(text, display, lambda line, col: field_name(_path_at(marks, line, col), data)))
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
        refused = confinement(path, self.data_dir, self.root, self.data_dir / "sources")
        if refused:
            self.problems.append(f.problem(("document", "source"), refused))
            return
        try:
            raw = path.read_bytes()
        except OSError:
            self.problems.append(f.problem(("document", "source"), f"expected the source text at {display_path(path, self.root)}; found no such file"))
            return
        try:
            # A byte order mark first is how some editors say "UTF-8", not text: dropped.
            text = raw.decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            self.problems.append(Problem(display_path(path, self.root), line, None, "", "expected UTF-8 text; found bytes that are not UTF-8"))
            return
        if self.cache is None:
            self.sources[name] = SourceText(text)
        else:
            self.sources[name] = self.cache.by_digest(("source", str(path)), digest(raw), lambda: SourceText(text))

    def institution_paths(self) -> list[Path]:
        folder = self.data_dir / "institutions"
        refused = confinement(folder, self.data_dir, self.root) if folder.is_symlink() else None
        if refused:
            self.problems.append(Problem(_as_written(folder, self.root), None, None, "", refused))
            return []
        listed = sorted(p for p in folder.iterdir() if not p.name.startswith(".")) if folder.is_dir() else []
        for stray in listed:
            if stray.suffix != ".yaml":
                message = f"expected institution files named <id>.yaml; found {stray.name!r} (rename it to {stray.stem}.yaml)"
                self.problems.append(Problem(display_path(stray, self.root), None, None, "", message))
        paths = [p for p in listed if p.suffix == ".yaml"]
        if not paths:
            self.problems.append(Problem(display_path(folder, self.root), None, None, "", "expected at least one institution file (<id>.yaml); found none"))
        return paths


def _schemas_refused(schema_dir: Path, data_dir: Path, root: Path) -> list[Problem]:
    """The schema folder and files that may not be read (see `confinement`)."""
    paths = [schema_dir] if schema_dir.is_symlink() else sorted(schema_dir.glob("*.schema.json"))
    found = ((p, confinement(p, data_dir, root)) for p in paths)
    return [Problem(_as_written(p, root), None, None, "", why) for p, why in found if why]


def read_data(data_dir: Path, root: Path, cache: ReadCache | None = None) -> DataFiles:
    """Read every file of `data_dir`; raise PolicyDataError only when nothing can be checked.

    `cache` (see `policykit.cache`) lets a long-lived caller skip files whose bytes
    have not changed since its last read.
    """
    if not data_dir.is_dir():
        raise PolicyDataError([Problem(display_path(data_dir, root), None, None, "", "expected the policy data folder; found nothing there")])
    data_dir = data_dir.resolve()
    schema_dir = data_dir / "schema"
    schemas: SchemaSet | None = None
    refused = _schemas_refused(schema_dir, data_dir, root)
    unusable = ""
    schema_key = folder_digest(schema_dir, "*.schema.json")
    try:
        if not refused:
            schemas = SchemaSet(schema_dir) if cache is None else cache.by_digest(("schemas", str(schema_dir)), schema_key, lambda: SchemaSet(schema_dir))
    except (OSError, ValueError) as exc:
        unusable = f"cannot read the JSON Schemas ({exc})"
    reader = _Reader(data_dir, root, schemas, cache, schema_key)
    reader.problems.extend(refused)
    if unusable:
        reader.problems.append(Problem(display_path(schema_dir, root), None, None, "", unusable))
    topics = reader.file(data_dir / "topics.yaml", "topics")
    paths = reader.institution_paths()
    read = [reader.file(p, "institution") for p in paths]
    templates = reader.file(data_dir / "templates.yaml", "templates")
    thesaurus = reader.file(data_dir / "thesaurus.yaml", "thesaurus") if (data_dir / "thesaurus.yaml").exists() else None
    if schemas is None:
        raise PolicyDataError(reader.problems)
    institutions = tuple(f for f in read if f is not None)
    for f in institutions:
        reader.source(f)
    unreadable = frozenset(p.stem for p, f in zip(paths, read) if f is None)
    return DataFiles(data_dir, root, topics, institutions, unreadable, frozenset(reader.left_out), templates, reader.sources, tuple(reader.problems), thesaurus)
