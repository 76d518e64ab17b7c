"""MkDocs adapter for the policy handbook; all the work is in `policykit`.

Events:
- `on_startup`: under `mkdocs serve --dirty`, silence MkDocs' caution about
  dirty builds (see `_DirtyCaution`), so strict mode still stops on real warnings.
- `on_config`: edit links only when a repository is configured; the offline
  build's search shim comes from the site's own assets, not from a CDN.
- `on_pre_build`: load and validate `policy_data/`, render the pages. Runs
  before MkDocs empties `site/`, so bad data stops the build with one line per
  problem and the last good site stays as it was. Under `mkdocs serve` the
  problems are printed and the last good pages are built again instead: MkDocs'
  server would otherwise hold every request until the data is fixed.
- `on_files`: add every generated page and export, each with an edit link to
  the data it came from; refuse to shadow a hand-written page. Pages are
  written to a scratch folder only when their text changed, so that
  `mkdocs serve --dirty` (what `make serve` runs) rebuilds just those pages.
- `on_env`: keep compiled theme templates for the life of the process (serve
  rebuilds would otherwise compile Material's templates again every time).
- `on_page_markdown`: fill `<!-- policy:NAME -->` markers in hand-written pages.
- `on_post_build`: write the search worker's index (`policykit.search_index`).
- `on_serve`: watch `policy_data/` so saving a YAML file rebuilds.
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from policykit import PolicyDataError, load_catalog, search_index
from policykit.render import MarkerError, build_date, build_pages, data_origin, fill_markers, fragments

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

# This build's model and pages only: filled in on_pre_build, which runs first on every build.
_build: dict[str, Any] = {}
# Where generated pages are written for MkDocs to read; kept for the life of the process.
_scratch: list[Path] = []
# Under `mkdocs serve` only: the last build whose data was valid.
_serving: dict[str, Any] = {}


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
    if command == "serve":
        _serving["on"] = True
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


# Material's offline plugin adds this shim from unpkg.com; the site ships its own copy.
IFRAME_WORKER_SHIM = "assets/javascripts/vendor/iframe-worker-shim.js"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    polyfills = config.extra.get("polyfills") or []
    config.extra["polyfills"] = [IFRAME_WORKER_SHIM if "iframe-worker" in url else url for url in polyfills]
    # Edit links name files from the repository's top (docs/..., policy_data/...).
    if not config.repo_url:
        config.edit_uri = None
        config.edit_uri_template = None
    elif not os.environ.get("POLICY_EDIT_URI"):
        config.edit_uri = "edit/main/" if "github.com" in config.repo_url else "-/edit/main/"
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    _build.clear()
    try:
        catalog = load_catalog(data_dir(config), root=project_root(config))
    except PolicyDataError as exc:
        if "last_good" not in _serving:
            raise PluginError(exc.summary()) from None
        # Printed, not logged: a logged error would make MkDocs stop serving pages.
        print(f"\n{exc.summary()}\nStill serving the last good version; fix the data and save again.\n", file=sys.stderr, flush=True)
        _build.update(_serving["last_good"])
        return
    date = build_date()
    _build["catalog"] = catalog
    _build["pages"] = build_pages(catalog, today=date, directory_urls=config.use_directory_urls)
    _build["fragments"] = fragments(catalog, today=date)
    if _serving.get("on"):
        _serving["last_good"] = dict(_build)


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
        generated.edit_uri = data_origin(_build["catalog"], path)
        files.append(generated)
    return files


def on_env(env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
    env.bytecode_cache = _templates
    return env


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.generated_by:
        return markdown
    try:
        return fill_markers(markdown, _build["fragments"], page.file.src_uri)
    except MarkerError as exc:
        raise PluginError(str(exc)) from None


def on_post_build(config: MkDocsConfig) -> None:
    if "catalog" in _build and (Path(config.site_dir) / "search" / "search_index.json").is_file():
        search_index.write(Path(config.site_dir), _build["catalog"], data_dir(config))


def on_serve(server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
    server.watch(str(data_dir(config)))
    return server
