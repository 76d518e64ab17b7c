"""Helpers of the MkDocs adapter (`policy_hook.py`) that are not events.

Adapter-side, so free to import jinja2 (the core package `policykit` imports
neither it nor MkDocs): MkDocs' dirty-build caution filter, an in-memory cache
of compiled theme templates, the scratch folder generated pages are written
to, and edit links for hand-written pages.
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

# Material's offline plugin adds this shim from unpkg.com; the site ships its own copy.
IFRAME_WORKER_SHIM = "assets/javascripts/vendor/iframe-worker-shim.js"


def project_root(config: MkDocsConfig) -> Path:
    """The folder of mkdocs.yml."""
    return Path(config.config_file_path).resolve().parent


def link_hand_written(files: Files, root: Path) -> None:
    """Give each hand-written file its edit link (from the repository's top); rebuild pages with markers."""
    for f in files:
        if not f.generated_by and f.abs_src_path:
            f.edit_uri = Path(os.path.relpath(f.abs_src_path, root)).as_posix()
            if f.is_documentation_page() and "<!-- policy:" in f.content_string:
                # Its filled-in markers change with the data, not with the file: always rebuild it.
                f.content = f.content_string


class DirtyCaution(logging.Filter):
    """Drops MkDocs' "A 'dirty' build is being performed" warning.

    Its worry is stale navigation and links in pages a dirty build skips. Here
    the navigation is fixed in mkdocs.yml, URLs never change, and a generated
    page is skipped only when its text is byte for byte what it was.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build is being performed" not in record.getMessage()


class TemplateCache(jinja2.BytecodeCache):
    """Compiled templates, by name and source checksum, kept in memory for the process."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


class ScratchFolder:
    """Where generated pages are written for MkDocs to read; made on first use, removed at exit."""

    def __init__(self) -> None:
        self._path: Path | None = None

    @property
    def path(self) -> Path:
        if self._path is None:
            self._path = Path(tempfile.mkdtemp(prefix="policy-pages-"))
            atexit.register(shutil.rmtree, self._path, ignore_errors=True)
        return self._path

    def write(self, relative: str, content: str) -> Path:
        """Write `content` unless the file already holds it (an unchanged page keeps its old time)."""
        path = self.path / relative
        data = content.encode("utf-8")
        if not (path.is_file() and path.read_bytes() == data):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        return path
