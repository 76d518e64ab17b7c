"""Helpers of the MkDocs adapter (`policy_hook.py`) that are not events.

Adapter-side, so free to import jinja2 and watchdog (the core package
`policykit` imports neither them nor MkDocs): MkDocs' dirty-build caution
filter, an in-memory cache of compiled theme templates, the scratch folder
generated pages are written to, edit links for hand-written pages, and the
preview's problem banner and data-folder watch (`Preview`).
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import html
import json
import logging
import os
import re
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import jinja2
import markdown
import markdown.preprocessors
from material.plugins.search.plugin import SearchIndex
from mkdocs.exceptions import PluginError
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

from policykit import search_index
from policykit.render.md import RAW_CLOSE, RAW_OPEN
from policykit.settings import drop_invalid_epoch

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication

    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import Files

# Material's offline plugin adds this shim from unpkg.com; the site ships its own copy.
IFRAME_WORKER_SHIM = "assets/javascripts/vendor/iframe-worker-shim.js"


def project_root(config: MkDocsConfig) -> Path:
    """The folder of mkdocs.yml."""
    return Path(config.config_file_path).resolve().parent


def configure(config: MkDocsConfig) -> MkDocsConfig:
    """Our copy of the offline search shim; edit links only with a repository (from its top);
    an unusable SOURCE_DATE_EPOCH dropped (it means today; MkDocs would stop on it with a traceback)."""
    if note := drop_invalid_epoch(os.environ):
        logging.getLogger("mkdocs.hooks.policy").info(note)
    polyfills = config.extra.get("polyfills") or []
    config.extra["polyfills"] = [IFRAME_WORKER_SHIM if "iframe-worker" in url else url for url in polyfills]
    config.markdown_extensions.append(PassRawHtml())
    if not config.repo_url:
        config.edit_uri = None
        config.edit_uri_template = None
    elif not os.environ.get("POLICY_EDIT_URI"):
        config.edit_uri = "edit/main/" if "github.com" in config.repo_url else "-/edit/main/"
    return config


class PassRawHtml(markdown.Extension):
    """Hands each marked raw HTML block of a generated page (`md.raw_block`) to Markdown's
    own store of raw HTML, which puts it back unchanged at the end. Markdown would
    otherwise parse every tag of it to find where it ends: most of a build's time."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's name
        # After whitespace normalisation (30), before fenced code (25, which would scan every line
        # of the blocks) and the raw HTML blocks (20).
        md.preprocessors.register(_RawBlocks(md), "policy_raw_blocks", 29)


class _RawBlocks(markdown.preprocessors.Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if RAW_OPEN not in text:
            return lines
        stash = self.md.htmlStash
        # With its line end, as Markdown itself stores a raw block: the same page either way.
        text = _RAW.sub(lambda m: f"\n\n{stash.store(m.group(1) + chr(10))}\n\n", text)
        return text.split("\n")


_RAW = re.compile(re.escape(RAW_OPEN) + "(.*?)" + re.escape(RAW_CLOSE), re.DOTALL)


def refuse_shadowing(files: Files, path: str, docs_dir: str, root: Path) -> None:
    """Stop the build when a hand-written file has the path of a generated page."""
    if files.get_file_from_path(path) is not None:
        shadowed = os.path.relpath(Path(docs_dir).resolve() / path, root)
        raise PluginError(f"{shadowed}: a hand-written file has the path of a generated page; rename or remove it")


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
    """Compiled templates, by name and source checksum: in memory for the process and, once
    `on_disk` names the project, in `.cache/jinja/` for the next build (compiling Material's
    templates is a tenth of a cold build). Jinja checks each file's Python version and source
    checksum; a cache that cannot be written is skipped."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}
        self._disk: jinja2.FileSystemBytecodeCache | None = None

    def on_disk(self, root: Path) -> TemplateCache:
        if self._disk is None:
            try:
                (root / ".cache" / "jinja").mkdir(parents=True, exist_ok=True)
                self._disk = jinja2.FileSystemBytecodeCache(str(root / ".cache" / "jinja"))
            except OSError:
                pass
        return self

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])
        elif self._disk is not None:
            with contextlib.suppress(OSError, EOFError, ValueError):
                self._disk.load_bytecode(bucket)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()
        if self._disk is not None:
            with contextlib.suppress(OSError):
                self._disk.dump_bytecode(bucket)


class Background:
    """One job at a time in a thread: under `mkdocs serve` the search index is written
    while the browser already shows the rebuilt pages (at 200 institutions, half a
    rebuild); the next build waits for it first. A failure is one line, not a traceback.

    Python's full garbage collection scans every object the preview keeps (at 200
    institutions a quarter of a second), and it came in the middle of about half the
    rebuilds. `before_build(hold=True)` freezes what exists before a rebuild, so that
    collections during the rebuild and its job scan only what they made; the job ends
    by unfreezing and collecting, once the browser has the pages.
    """

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self._held = False

    def before_build(self, *, hold: bool) -> None:
        """Wait for the last job; with `hold`, keep collections off what exists until the next job ends."""
        self.wait()
        self._release()  # a build that ended without its job (it failed): nothing is left frozen
        if hold:
            gc.freeze()
            self._held = True

    def run(self, job: Callable[[], None], *, background: bool) -> None:
        """Run `job`: now, or in a thread once the previous one has ended."""
        self.wait()
        if not background:
            return job()
        self._thread = threading.Thread(target=self._run, args=(job,), name="policy-search-index", daemon=True)
        self._thread.start()

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def _release(self) -> None:
        if self._held:
            self._held = False
            gc.unfreeze()
            gc.collect()

    def _run(self, job: Callable[[], None]) -> None:
        try:
            job()
        except Exception as exc:  # noqa: BLE001 - reported, and the preview goes on
            print(f"\nThe preview's search index was not updated: {type(exc).__name__}: {exc}\n", file=sys.stderr, flush=True)
        finally:
            self._release()


class PreviewSearch:
    """Under `mkdocs serve`, Material's search entries of each rebuilt page, made in the background.

    Material parses every rebuilt page's HTML for its search entries during the rebuild: at
    200 institutions a third of the time a save takes to show. After the first build (which
    Material indexes as usual) this takes over Material's per-page indexing
    (`add_entry_from_context`): each rebuilt page is set aside with its HTML as Material
    would have seen it, and the background job that writes the search index (`Background`)
    parses them with Material's own indexer once the pages are shown. Entries are kept by
    page: a rebuild of several pages replaces each one's entries (Material's own merge for
    dirty rebuilds replaces only the first page's, so the others were listed twice), and
    pages gone from the site lose theirs.
    """

    def __init__(self) -> None:
        self.entries: dict[str, list[dict[str, Any]]] = {}  # page URL -> its entries, in build order
        self._waiting: list[SimpleNamespace] = []
        self._settings: dict[str, Any] | None = None  # Material's search settings, while taken over
        self._pages: set[str] = set()
        self._seeded = False

    def take_over(self, config: MkDocsConfig, files: Files) -> Files:
        """Set aside, for this build, the pages Material's search plugin would index now; `files` back."""
        plugin = config.plugins.get("material/search")
        self._settings, self._waiting = None, []
        self._pages = {"" if f.url in (".", "./") else f.url for f in files.documentation_pages()}  # as `Page.url` says
        if plugin is not None and plugin.config.get("enabled", True) and hasattr(plugin, "search_index") and self._seeded:
            self._settings = dict(plugin.config)
            plugin.search_index.add_entry_from_context = self._set_aside
            plugin.search_index.generate_search_index = self._placeholder
        return files

    def _placeholder(self, prev: Any) -> str:
        # What Material writes at the end of the rebuild, instead of dumping every page's entries
        # again (a tenth of a second at 200 institutions): the job writes the whole index over it
        # within the second, and the preview's search reads search/policy/, not this file.
        assert self._settings is not None
        return json.dumps({"config": self._config(self._settings), "docs": []}, separators=(",", ":"))

    @staticmethod
    def _config(settings: dict[str, Any]) -> dict[str, Any]:
        return {key: settings[key] for key in ("lang", "separator", "pipeline", "fields")}

    def _set_aside(self, page: Any) -> None:
        # As Material would parse it: before it strips the data-search-* marks from the HTML.
        self._waiting.append(SimpleNamespace(meta=page.meta, title=page.title, toc=page.toc, url=page.url, content=page.content))

    def index(self, site_dir: Path) -> Callable[[], dict[str, Any]]:
        """What makes Material's index of this build: from the file Material wrote (the first
        build, whose entries it keeps by page), or from the pages set aside, written in place
        of the file Material wrote."""
        path = site_dir / "search" / "search_index.json"
        if self._settings is None:
            written = json.loads(path.read_text(encoding="utf-8"))

            def seed() -> dict[str, Any]:
                self.entries = {}
                for entry in written.get("docs", []):
                    self.entries.setdefault(entry["location"].partition("#")[0], []).append(entry)
                self._seeded = True
                return written

            return seed
        waiting, settings, pages = self._waiting, self._settings, self._pages
        self._waiting = []

        def make() -> dict[str, Any]:
            for page in waiting:
                index = SearchIndex(**settings)
                index.add_entry_from_context(page)
                self.entries[page.url] = index.entries
            for gone in [url for url in self.entries if url not in pages]:
                del self.entries[gone]
            index = {"config": self._config(settings), "docs": [entry for entries in self.entries.values() for entry in entries]}
            search_index.replace_whole(path, json.dumps(index, separators=(",", ":"), default=str))
            return index

        return make


class ScratchFolder:
    """Where generated pages are written for MkDocs to read; made on first use, removed at exit."""

    def __init__(self) -> None:
        self._path: Path | None = None
        self._written: dict[str, str] = {}  # what each file was last given

    @property
    def path(self) -> Path:
        if self._path is None:
            self._path = Path(tempfile.mkdtemp(prefix="policy-pages-"))
            atexit.register(shutil.rmtree, self._path, ignore_errors=True)
        return self._path

    def write(self, relative: str, content: str) -> Path:
        """Write `content` unless the file already holds it (an unchanged page keeps its old time).
        Compared with what this folder last wrote there (a page kept by the render memo is the
        same string: no need to read the file back), or with the file when it was not written here."""
        path = self.path / relative
        if self._written.get(relative) == content and path.is_file():
            return path
        data = content.encode("utf-8")
        if not (path.is_file() and path.read_bytes() == data):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        self._written[relative] = content
        return path


class Preview:
    """What `mkdocs serve` shows besides the site, and its watch on the data folder.

    While the data has problems the hook keeps serving the last good pages; this
    puts a banner naming each problem (file:line) on every HTML page the server
    sends, added as the page is served, so pages that were not rebuilt show it
    too. The banner goes with the next good build.

    Watchdog stops watching a folder that disappears, so moving `policy_data`
    away and back used to end all rebuilds. A second watch, on the folder
    that holds it (not recursive: a few entries), notices the folder leave and
    come back, watches it afresh and asks for a rebuild.
    """

    def __init__(self) -> None:
        self.problems: tuple[str, ...] = ()
        self.search = Background()  # the search index, written while the browser shows the pages
        self.indexing = PreviewSearch()  # Material's entries of the rebuilt pages, made in the background
        self._server: LiveReloadServer | None = None
        self._native: BaseObserver | None = None
        self._data = ""

    def report(self, problems: Iterable[object], summary: str) -> None:
        """Print the problems (not logged: a logged error would make MkDocs stop serving) and banner them."""
        print(f"\n{summary}\nStill serving the last good version (the browser shows these problems too); "
              "fix the data and save again.\n", file=sys.stderr, flush=True)
        self.problems = tuple(str(p) for p in problems)

    def attach(self, server: LiveReloadServer, data_dir: Path) -> None:
        self._server, self._data = server, os.path.abspath(data_dir)
        self._watch_data()
        server.set_app(self._with_banner(server.get_app()))
        handler = FileSystemEventHandler()
        handler.on_any_event = self._on_parent_event  # type: ignore[method-assign]
        server.observer.schedule(handler, os.path.dirname(self._data), recursive=False)

    def _watch_data(self) -> None:
        """Watch the data folder (afresh) with the system's file events (inotify, FSEvents, ...):
        a save starts the rebuild at once, where MkDocs' own watch polls every half second.
        Where those events are not to be had, MkDocs' watch instead."""
        assert self._server is not None
        try:
            if self._native is None:
                self._native = Observer()
                self._native.daemon = True
                self._native.start()
            self._native.unschedule_all()
            handler = FileSystemEventHandler()
            handler.on_any_event = self._on_data_event  # type: ignore[method-assign]
            self._native.schedule(handler, self._data, recursive=True)
        except OSError:
            with contextlib.suppress(KeyError, ValueError):
                self._server.unwatch(self._data)
            self._server.watch(self._data)

    def _on_data_event(self, event: FileSystemEvent) -> None:
        # A file written, added, removed or renamed; not a file opened or read (the build reads them all).
        if self._server is not None and event.event_type in CHANGES and not (event.is_directory and event.event_type == "modified"):
            request_rebuild(self._server)

    def _on_parent_event(self, event: FileSystemEvent) -> None:
        # Only the folder arriving or leaving; a save inside it is the data watch's business.
        if event.event_type not in ("created", "deleted", "moved") or self._server is None:
            return
        named = {os.path.abspath(os.fsdecode(p)) for p in (event.src_path, getattr(event, "dest_path", "")) if p}
        if self._data not in named:
            return
        if os.path.isdir(self._data):
            self._watch_data()
            print(f"\n{self._data}: the data folder is back; watching it again and rebuilding.\n", file=sys.stderr, flush=True)
        else:
            print(f"\n{self._data}: the data folder was moved or deleted. Still serving the last good version; "
                  "watching resumes when the folder is back.\n", file=sys.stderr, flush=True)
        request_rebuild(self._server)

    def _with_banner(self, app: WSGIApplication) -> WSGIApplication:
        def serve(environ: dict, start_response: StartResponse) -> Iterable[bytes]:
            problems = self.problems
            if not problems:
                return app(environ, start_response)
            got: dict[str, Any] = {}

            def keep(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], None]:
                got.update(status=status, headers=headers)
                return lambda data: None

            result = app(environ, keep)
            try:
                body = b"".join(result)
            finally:
                getattr(result, "close", lambda: None)()
            headers = got["headers"]
            if any(k.lower() == "content-type" and v.startswith("text/html") for k, v in headers):
                body = with_banner(body, problems)
                headers = [(k, str(len(body)) if k.lower() == "content-length" else v) for k, v in headers]
            start_response(got["status"], headers)
            return [body]

        return serve


CHANGES = frozenset({"created", "deleted", "modified", "moved"})


def request_rebuild(server: LiveReloadServer) -> None:
    """Ask `mkdocs serve` for a rebuild, as a changed file does (MkDocs has no public call for it)."""
    cond = getattr(server, "_rebuild_cond", None)
    if cond is None or not hasattr(server, "_want_rebuild"):
        return
    with cond:
        server._want_rebuild = True
        cond.notify_all()


BANNER_LIMIT = 30


def banner(problems: tuple[str, ...]) -> str:
    """The preview's problem banner: fixed at the bottom of the window, each problem one line."""
    count = len(problems)
    items = "".join(f'<li><code style="color:inherit;background:none;white-space:pre-wrap">{html.escape(p)}</code></li>' for p in problems[:BANNER_LIMIT])
    more = f"<li>and {count - BANNER_LIMIT} more: see the terminal</li>" if count > BANNER_LIMIT else ""
    noun = "a problem" if count == 1 else f"{count} problems"
    return (
        '<div id="policy-preview-problems" role="alert" style="position:fixed;left:0;right:0;bottom:0;z-index:10000;'
        "max-height:45vh;overflow:auto;margin:0;padding:.6rem 1rem;background:#7f1d1d;color:#fff;"
        'font:14px/1.45 system-ui,sans-serif;box-shadow:0 -2px 10px rgba(0,0,0,.35)">'
        f"<strong>Preview: the data has {noun}. This page is the last good version.</strong> "
        "Fix the data and save; this banner goes with the next good build."
        f'<ul style="margin:.3rem 0 0 1.2rem;padding:0">{items}{more}</ul></div>'
    )


def with_banner(page: bytes, problems: tuple[str, ...]) -> bytes:
    """`page` with the banner just before its last `</body>`, or at its end."""
    at = page.rfind(b"</body>")
    at = len(page) if at < 0 else at
    return page[:at] + banner(problems).encode("utf-8") + page[at:]
