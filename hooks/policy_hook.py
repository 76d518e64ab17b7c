"""MkDocs adapter for the policy handbook; all the work is in `policykit`.

Events:
- `on_startup`: under `mkdocs serve --dirty`, silence MkDocs' caution about
  dirty builds (see `_DirtyCaution`), so strict mode still stops on real warnings.
- `on_config`: edit links only when a repository is configured.
- `on_pre_build`: load and validate `policy_data/`, render the pages. Runs
  before MkDocs empties `site/`, so bad data stops the build with one line per
  problem and the last good site stays as it was.
- `on_files`: add every generated page and export, each with an edit link to
  the data it came from; refuse to shadow a hand-written page. Pages are
  written to a scratch folder only when their text changed, so that
  `mkdocs serve --dirty` (what `make serve` runs) rebuilds just those pages.
- `on_env`: keep compiled theme templates for the life of the process (serve
  rebuilds would otherwise compile Material's templates again every time).
- `on_page_markdown`: fill `<!-- policy:NAME -->` markers in hand-written pages.
- `on_serve`: watch `policy_data/` so saving a YAML file rebuilds.
"""

from __future__ import annotations

import atexit
import datetime as dt
import logging
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

from policykit import PolicyDataError, load_catalog
from policykit.render import build_pages, data_origin, fragments

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

MARKER = re.compile(r"<!-- policy:([a-z0-9-]+) -->")
# Hand-written pages that must carry a marker, so a lost marker fails the build.
REQUIRED_MARKERS = {"index.md": ("institution-cards", "counts")}

# This build's model and pages only: filled in on_pre_build, which runs first on every build.
_build: dict[str, Any] = {}
# Where generated pages are written for MkDocs to read; kept for the life of the process.
_scratch: list[Path] = []


def today() -> dt.date:
    """The build's date: from SOURCE_DATE_EPOCH when set, so builds can be reproduced."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    return dt.date.today()


def project_root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def data_dir(config: MkDocsConfig) -> Path:
    """`policy_data/` beside mkdocs.yml, or the folder POLICY_DATA names."""
    return Path(os.environ.get("POLICY_DATA") or project_root(config) / "policy_data").resolve()


class _DirtyCaution(logging.Filter):
    """Drops MkDocs' "A 'dirty' build is being performed" warning.

    Its worry is stale navigation and links in pages a dirty build skips. Here
    the navigation is fixed in mkdocs.yml, URLs never change, and a generated
    page is skipped only when its text is byte for byte what it was.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build is being performed" not in record.getMessage()


class _TemplateCache(jinja2.BytecodeCache):
    """Compiled templates, by name and source checksum, kept in memory for the process."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_templates = _TemplateCache()


def on_startup(*, command: str, dirty: bool) -> None:
    if command == "serve" and dirty:
        logging.getLogger("mkdocs.commands.build").addFilter(_DirtyCaution())


def scratch_dir() -> Path:
    if not _scratch:
        _scratch.append(Path(tempfile.mkdtemp(prefix="policy-pages-")))
        atexit.register(shutil.rmtree, _scratch[0], ignore_errors=True)
    return _scratch[0]


def write_if_changed(path: Path, content: str) -> None:
    """Write `content` unless the file already holds it: an unchanged page keeps its old time."""
    data = content.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Without a repository an edit link has nowhere to go (and MkDocs would warn).
    if not config.repo_url:
        config.edit_uri = None
        config.edit_uri_template = None
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    _build.clear()
    try:
        catalog = load_catalog(data_dir(config), root=project_root(config))
    except PolicyDataError as exc:
        raise PluginError(exc.summary()) from None
    date = today()
    _build["catalog"] = catalog
    _build["pages"] = build_pages(catalog, today=date, directory_urls=config.use_directory_urls)
    _build["fragments"] = fragments(catalog, today=date)


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    root = project_root(config)
    docs = Path(config.docs_dir).resolve()
    for f in files:
        if not f.generated_by and f.abs_src_path:
            f.edit_uri = Path(os.path.relpath(f.abs_src_path, root)).as_posix()
            if f.is_documentation_page() and "<!-- policy:" in f.content_string:
                # Its filled-in markers change with the data, not with the file: always rebuild it.
                f.content = f.content_string
    scratch = scratch_dir()
    for path, content in _build["pages"].items():
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"{os.path.relpath(docs / path, root)}: a hand-written file has the path of a generated page; rename or remove it")
        write_if_changed(scratch / path, content)
        generated = File.generated(config, path, abs_src_path=str(scratch / path))
        if path.endswith(".md") and path.count("/") == 1 and not path.endswith("index.md"):
            # Topic, institution and source pages are reached from the indexes, not the navigation.
            generated.inclusion = InclusionLevel.NOT_IN_NAV
        generated.edit_uri = data_origin(_build["catalog"], path)
        files.append(generated)
    return files


def on_env(env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
    env.bytecode_cache = _templates
    return env


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    src = page.file.src_uri
    found = set(MARKER.findall(markdown))
    missing = [name for name in REQUIRED_MARKERS.get(src, ()) if name not in found]
    if missing:
        raise PluginError(f"docs/{src}: expected the marker <!-- policy:{missing[0]} --> in this page; found none")
    if not found or page.file.generated_by:
        return markdown
    pieces = _build["fragments"]

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in pieces:
            raise PluginError(f"docs/{src}: unknown marker <!-- policy:{name} -->; expected one of {', '.join(sorted(pieces))}")
        return pieces[name]

    return MARKER.sub(fill, markdown)


def on_serve(server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
    server.watch(str(data_dir(config)))
    return server
