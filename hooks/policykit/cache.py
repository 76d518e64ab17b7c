"""What one read of the data can hand to the next: results kept by file content.

`mkdocs serve` reads the whole data folder again on every save, and at a few
hundred institutions parsing each YAML file and checking it against its JSON
Schema is most of a rebuild. A `ReadCache` keeps, for each file, what reading
it gave (the parsed data with its line marks and the schema's problems; the
prepared source text), keyed by the SHA-256 of the file's bytes: a file whose
bytes are unchanged is not parsed again, whatever its modification time says,
and a file whose bytes changed always is.

The cache is plain data owned by the caller (the hook keeps one for the life
of `mkdocs serve`); `read_data` takes it as an argument and stays a function of
the files. Without a cache (builds, scripts, tests) everything is read afresh.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def digest(data: bytes) -> str:
    """The SHA-256 of `data`, in hex."""
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path) -> str | None:
    """The SHA-256 of the file at `path`; None when it cannot be read."""
    try:
        return digest(path.read_bytes())
    except OSError:
        return None


def folder_digest(folder: Path, pattern: str) -> str:
    """One SHA-256 over the names and bytes of the files of `folder` matching `pattern`."""
    h = hashlib.sha256()
    for path in sorted(folder.glob(pattern)):
        h.update(path.name.encode() + b"\0" + (file_digest(path) or "unreadable").encode() + b"\0")
    return h.hexdigest()


@dataclass
class ReadCache:
    """Results of reading files, by what was read and the bytes' SHA-256.

    Entries whose file changed are replaced, not kept beside the new ones: the
    cache holds at most one result per file and kind.
    """

    entries: dict[tuple[str, ...], tuple[str, Any]] = field(default_factory=dict)
    """(kind, file, context) -> (content digest, result)."""
    hits: int = 0
    misses: int = 0

    def get(self, key: tuple[str, ...], path: Path, make: Callable[[], T]) -> T:
        """The result of `make()` for the file at `path`, reused while its bytes are the same.

        The file is hashed before and after `make()` runs; a result made while the
        file was being written is returned but not kept.
        """
        before = file_digest(path)
        if before is None:
            return make()
        kept = self.entries.get(key)
        if kept is not None and kept[0] == before:
            self.hits += 1
            return kept[1]
        result = self.by_digest(key, before, make)
        if file_digest(path) != before:
            self.entries.pop(key, None)
        return result

    def by_digest(self, key: tuple[str, ...], content: str, make: Callable[[], T]) -> T:
        """The result of `make()` for content whose digest the caller computed."""
        kept = self.entries.get(key)
        if kept is not None and kept[0] == content:
            self.hits += 1
            return kept[1]
        self.misses += 1
        result = make()
        self.entries[key] = (content, result)
        return result
