"""MkDocs adapter for the policy handbook; all the work is in `policykit`.

Events:
- `on_config`: edit links only when a repository is configured.
- `on_pre_build`: load and validate `policy_data/`, render the pages. Runs
  before MkDocs empties `site/`, so bad data stops the build with one line per
  problem and the last good site stays as it was.
- `on_files`: add every generated page and export, each with an edit link to
  the data it came from; refuse to shadow a hand-written page.
- `on_page_markdown`: fill `<!-- policy:NAME -->` markers in hand-written pages.
- `on_serve`: watch `policy_data/` so saving a YAML file rebuilds.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

from policykit import PolicyDataError, load_catalog
from policykit.render import build_pages, data_origin, fragments

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

MARKER = re.compile(r"<!-- policy:([a-z0-9-]+) -->")
# Hand-written pages that must carry a marker, so a lost marker fails the build.
REQUIRED_MARKERS = {"index.md": ("institution-cards", "counts")}

# This build's model and pages only: filled in on_pre_build, which runs first on every build.
_build: dict[str, Any] = {}


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
    for path, content in _build["pages"].items():
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"{os.path.relpath(docs / path, root)}: a hand-written file has the path of a generated page; rename or remove it")
        generated = File.generated(config, path, content=content)
        if path.endswith(".md") and path.count("/") == 1 and not path.endswith("index.md"):
            # Topic, institution and source pages are reached from the indexes, not the navigation.
            generated.inclusion = InclusionLevel.NOT_IN_NAV
        generated.edit_uri = data_origin(_build["catalog"], path)
        files.append(generated)
    return files


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
