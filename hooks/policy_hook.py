"""MkDocs adapter for the policy handbook; all the work is in `policykit`.

- `on_startup`: note `mkdocs serve`; under `--dirty`, drop MkDocs' dirty-build caution.
- `on_config`: edit links only with a repository; the offline search shim from our assets.
- `on_pre_build`: load, check and render the data. It runs before MkDocs empties
  `site/`, so bad data stops the build (one line per problem) and the last good
  site stays; under `mkdocs serve` the problems are printed and the last good
  pages served instead (a failed build would hold every request).
- `on_files`: add the generated pages, each with an edit link to its data; never
  shadow a hand-written page. A page is rewritten only when its text changed,
  so `mkdocs serve --dirty` (`make serve`) rebuilds just those.
- `on_env`: keep compiled theme templates for the process; `on_page_markdown`:
  fill `<!-- policy:NAME -->` markers; `on_serve`: watch the data folder.
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from policy_hook_support import IFRAME_WORKER_SHIM, DirtyCaution, ScratchFolder, TemplateCache, link_hand_written, project_root

from policykit import PolicyDataError, load_catalog
from policykit.render import GeneratedPage, MarkerError, build_pages, fill_markers, fragments
from policykit.settings import build_date, data_dir

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page


@dataclass
class _State:
    """What the hook keeps between events (`mkdocs serve` never reloads this module)."""

    serving: bool = False
    pages: tuple[GeneratedPage, ...] = ()  # this build's, from on_pre_build, which runs first
    pieces: dict[str, str] = field(default_factory=dict)  # this build's fragments
    last_good: tuple[tuple[GeneratedPage, ...], dict[str, str]] | None = None  # serve only
    scratch: ScratchFolder = field(default_factory=ScratchFolder)
    templates: TemplateCache = field(default_factory=TemplateCache)


_state = _State()


def on_startup(*, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
    _state.serving = command == "serve"
    if command == "serve" and dirty:
        logging.getLogger("mkdocs.commands.build").addFilter(DirtyCaution())


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


def on_pre_build(*, config: MkDocsConfig) -> None:
    try:
        catalog = load_catalog(data_dir(project_root(config)), root=project_root(config))
    except PolicyDataError as exc:
        if _state.last_good is None:
            raise PluginError(exc.summary()) from None
        # Printed, not logged: a logged error would make MkDocs stop serving pages.
        print(f"\n{exc.summary()}\nStill serving the last good version; fix the data and save again.\n", file=sys.stderr, flush=True)
        _state.pages, _state.pieces = _state.last_good
        return
    today = build_date()
    _state.pages = build_pages(catalog, today=today, directory_urls=config.use_directory_urls)
    _state.pieces = fragments(catalog, today=today)
    if _state.serving:
        _state.last_good = (_state.pages, _state.pieces)


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    root = project_root(config)
    link_hand_written(files, root)
    for page in _state.pages:
        if files.get_file_from_path(page.path) is not None:
            shadowed = os.path.relpath(Path(config.docs_dir).resolve() / page.path, root)
            raise PluginError(f"{shadowed}: a hand-written file has the path of a generated page; rename or remove it")
        generated = File.generated(config, page.path, abs_src_path=str(_state.scratch.write(page.path, page.text)))
        generated.edit_uri = page.origin
        files.append(generated)
    return files


def on_env(env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
    env.bytecode_cache = _state.templates
    return env


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.generated_by:
        return markdown
    try:
        return fill_markers(markdown, _state.pieces, page.file.src_uri)
    except MarkerError as exc:
        raise PluginError(str(exc)) from None


def on_serve(server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
    server.watch(str(data_dir(project_root(config))))
    return server
