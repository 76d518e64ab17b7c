"""MkDocs adapter for the policy handbook; all the work is in `policykit`.

- `on_startup`: note `mkdocs serve`; under `--dirty`, drop MkDocs' dirty-build caution.
- `on_config`: edit links only with a repository; the offline search shim from our assets.
- `on_pre_build`: load, check and render the data, before MkDocs empties `site/`: bad
  data stops the build (one line per problem), the last good site stays; under serve
  the problems are printed and bannered over the last good pages, and unchanged inputs reused.
- `on_files`: add the generated pages (edit links to their data; never over a hand-written
  page); only changed pages are rewritten (for `--dirty`); serve: search parses them later.
- `on_env`: keep compiled theme templates; `on_page_markdown`: fill the markers; `on_post_build`:
  the search index (serve: in the background, pages shown first); `on_serve`: the data watch, the banner.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from policy_hook_support import DirtyCaution, Preview, ScratchFolder, TemplateCache, configure, link_hand_written, project_root, refuse_shadowing

from policykit import PolicyDataError, load_catalog, search_index
from policykit.cache import ReadCache
from policykit.model import Catalog
from policykit.render import GeneratedPage, MarkerError, RenderMemo, build_pages, fill_markers, fragments
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
    catalog: Catalog | None = None  # the last good data, for the search index
    pages: tuple[GeneratedPage, ...] = ()  # this build's, from on_pre_build, which runs first
    pieces: dict[str, str] = field(default_factory=dict)  # this build's fragments
    last_good: tuple[tuple[GeneratedPage, ...], dict[str, str]] | None = None  # serve only
    scratch: ScratchFolder = field(default_factory=ScratchFolder)
    templates: TemplateCache = field(default_factory=TemplateCache)
    reads: ReadCache = field(default_factory=ReadCache)  # serve only: parsed files by content
    memo: RenderMemo = field(default_factory=RenderMemo)  # serve only: pages by their inputs
    preview: Preview = field(default_factory=Preview)  # serve only: the banner, the data watch, the search index


_state = _State()


def on_startup(*, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
    _state.serving = command == "serve"
    if command == "serve" and dirty:
        logging.getLogger("mkdocs.commands.build").addFilter(DirtyCaution())


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    return configure(config)


def on_pre_build(*, config: MkDocsConfig) -> None:
    root, serving = project_root(config), _state.serving
    _state.preview.search.before_build(hold=serving)
    try:
        catalog = load_catalog(data_dir(root), root=root, cache=_state.reads if serving else None)
    except PolicyDataError as exc:
        if _state.last_good is None:
            raise PluginError(exc.summary()) from None
        _state.preview.report(exc.problems, exc.summary())
        _state.pages, _state.pieces = _state.last_good
        return
    today = build_date()
    memo = _state.memo if serving else None
    _state.pages = build_pages(catalog, today=today, directory_urls=config.use_directory_urls, site_url=config.site_url, memo=memo, mark_raw=True)
    _state.catalog, _state.pieces = catalog, fragments(catalog, today=today)
    if serving:
        _state.last_good, _state.preview.problems = (_state.pages, _state.pieces), ()


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    root = project_root(config)
    link_hand_written(files, root)
    for page in _state.pages:
        refuse_shadowing(files, page.path, config.docs_dir, root)
        generated = File.generated(config, page.path, abs_src_path=str(_state.scratch.write(page.path, page.text)))
        generated.edit_uri = page.origin
        files.append(generated)
    return _state.preview.indexing.take_over(config, files) if _state.serving else files


def on_env(env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
    env.bytecode_cache = _state.templates.on_disk(project_root(config))
    return env


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.generated_by:
        return markdown
    try:
        return fill_markers(markdown, _state.pieces, page.file.src_uri)
    except MarkerError as exc:
        raise PluginError(str(exc)) from None


def on_post_build(*, config: MkDocsConfig) -> None:
    if _state.catalog is not None and (site := Path(config.site_dir)).joinpath("search", "search_index.json").is_file():
        material = _state.preview.indexing.index(site) if _state.serving else None  # serve: made in the background
        _state.preview.search.run(search_index.prepare(site, _state.catalog, data_dir(project_root(config)), material), background=_state.serving)


def on_serve(server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
    _state.preview.attach(server, data_dir(project_root(config)))
    return server
