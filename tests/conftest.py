"""Shared fixtures: the project root, a copy of the fixture data, the built site, a browser.

The suite has layers, told apart by markers that this file applies:

- no marker: unit, validator and golden renderer tests, in-process (`make test-fast`);
- `build`: runs a real `mkdocs build` (or a server, or the offline build); every test
  that uses `built_site` or calls `run_build` has it, and `run_build` refuses to run
  in a test without it, so `-m "not build"` never builds by accident;
- `browser`: drives chromium with Playwright (always also `build`).

`render_site` is the one adapter over `policykit.render.build_pages` that the
golden tests use.
"""

from __future__ import annotations

import contextlib
import functools
import datetime as dt
import fcntl
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_DATA = ROOT / "tests" / "fixtures" / "data"
# Fixtures that drive a browser, and fixtures that run a real build (or a server):
# a test that uses one of them is in that layer. A new fixture that builds goes here.
BROWSER_FIXTURES = {"browser", "context", "page", "site_url"}
BUILD_FIXTURES = {"built_site", "offline_copy", "repo_site", "hostile", "offline", "server", "last_good", "site_2018", *BROWSER_FIXTURES}
_CURRENT_TEST: list = []


def pytest_collection_modifyitems(items) -> None:
    """Mark each test by the layer its fixtures put it in (see the module docstring)."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & BROWSER_FIXTURES or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.build)
        elif names & BUILD_FIXTURES:
            item.add_marker(pytest.mark.build)


@pytest.fixture(autouse=True)
def _layer_guard(request):
    """Remember the running test, so that `run_build` can check its marker."""
    _CURRENT_TEST.append(request.node)
    yield
    _CURRENT_TEST.pop()


def render_site(catalog, today: dt.date, *, directory_urls: bool = True) -> dict[str, str]:
    """The generated pages as {path: text}, whichever shape `build_pages` returns
    (a dict today; a list of GeneratedPage(path, text, origin) after issue 13.3)."""
    from policykit.render import build_pages

    pages = build_pages(catalog, today=today, directory_urls=directory_urls)
    if isinstance(pages, dict):
        return dict(pages)
    return {page.path: page.text for page in pages}


def copy_fixture_data(dest: Path) -> Path:
    """The small fixture data set, with the real schemas, as `dest/policy_data`."""
    data = dest / "policy_data"
    shutil.copytree(FIXTURE_DATA, data)
    shutil.copytree(ROOT / "policy_data" / "schema", data / "schema")
    return data


@pytest.fixture
def fixture_data(tmp_path: Path) -> Path:
    return copy_fixture_data(tmp_path)


def edit(path: Path, old: str, new: str) -> None:
    """Replace `old` (which must occur exactly once) by `new` in a file."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def run_build(site_dir: Path, *, data: Path | None = None, extra_env: dict[str, str] | None = None, config: Path | None = None):
    """A real `mkdocs build` of the project's mkdocs.yml (strict) into `site_dir`."""
    import subprocess
    import sys

    if _CURRENT_TEST and not _CURRENT_TEST[-1].get_closest_marker("build"):
        raise AssertionError(f"{_CURRENT_TEST[-1].nodeid} runs a real build: mark it `build` (see tests/conftest.py)")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1795392000"}
    if data is not None:
        env["POLICY_DATA"] = str(data)
    env.update(extra_env or {})
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config or ROOT / "mkdocs.yml"), "-d", str(site_dir)]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)


def shared_folder(tmp_path_factory, name: str, make) -> Path:
    """`base/name`, made once per test run by `make(folder)`: with pytest-xdist, the first
    worker to get here makes it and the others wait for it and share it. Tests only read
    it (copy it to change it)."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        base = tmp_path_factory.mktemp(name)
    else:
        base = tmp_path_factory.getbasetemp().parent / f"shared-{name}"
        base.mkdir(exist_ok=True)
    folder, done = base / name, base / "made"
    with open(base / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            make(folder)
            done.write_text("ok\n")
    return folder


def _build_real_site(site: Path) -> None:
    result = run_build(site, extra_env={"SITE_URL": ""})  # links relative to the site, whatever the shell says
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built once per test run with the real data (shared by the workers)."""
    return shared_folder(tmp_path_factory, "site", _build_real_site)


# The real site as built on 1 January 2018, knowing its repository (edit links) and its URL
# (without one MkDocs' sitemap lists no page): test_generate.py reads its dates and edit
# links, test_zensical.py compares Zensical's build of the same with it.
REPO_SITE_ENV = {"SOURCE_DATE_EPOCH": "1514764800", "POLICY_REPO_URL": "https://git.example.org/school/handbook",
                 "SITE_URL": "https://policies.example.org/handbook/"}


def _build_repo_site(site: Path) -> None:
    result = run_build(site, extra_env=REPO_SITE_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="session")
def repo_site(tmp_path_factory) -> Path:
    """The real site built with REPO_SITE_ENV, once per test run (shared by the workers). Tests only read it."""
    return shared_folder(tmp_path_factory, "repo-site", _build_repo_site)


def _build_offline_copy(folder: Path) -> None:
    import subprocess
    import sys
    import time

    folder.mkdir()
    out = folder / "site-offline"
    start = time.monotonic()
    # The environment of a bare shell: the offline build needs nothing else.
    result = subprocess.run([sys.executable, ROOT / "scripts" / "offline", "--out", out], capture_output=True, text=True,
                            env={"SOURCE_DATE_EPOCH": "1795392000", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stdout + result.stderr
    (folder / "seconds").write_text(f"{time.monotonic() - start}\n")


@pytest.fixture(scope="session")
def offline_copy(tmp_path_factory) -> tuple[Path, float]:
    """(folder, seconds it took): `scripts/offline` of the real data, its zip beside the folder,
    built once per test run (shared by the workers). Tests only read it (copy it to change it)."""
    folder = shared_folder(tmp_path_factory, "offline", _build_offline_copy)
    return folder / "site-offline", float((folder / "seconds").read_text())


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("The browser tests need Debian's chromium on PATH: run `make test`, which installs it, or install it yourself.")
    return path



def serve_folder(folder: Path):
    """Serve a folder on 127.0.0.1 in a background thread; returns (base_url, server)."""
    import functools
    import sys
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Handler(SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:  # noqa: D401 - keep test output clean
            pass

    class Server(ThreadingHTTPServer):
        def handle_error(self, request, client_address) -> None:
            # A page closed while a file was still being sent (the browser moved on): not an error of the site.
            if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
                super().handle_error(request, client_address)

    server = Server(("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


@pytest.fixture(scope="session")
def site_url(built_site: Path):
    url, server = serve_folder(built_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield b
        b.close()


class PageWatch:
    """Console errors and requests that leave localhost, seen while a test ran."""

    def __init__(self, page) -> None:
        self.errors: list[str] = []
        self.outside: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", self._request)

    def _request(self, request) -> None:
        from urllib.parse import urlsplit

        host = urlsplit(request.url).hostname
        if request.url.startswith(("data:", "blob:", "about:")) or host in ("127.0.0.1", "localhost") or request.url.startswith("file:"):
            return
        self.outside.append(request.url)


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    yield ctx
    ctx.close()


@contextlib.contextmanager
def watched(page):
    """A page that fails the test on a console error or a request to another host,
    then is closed."""
    page.watch = PageWatch(page)
    try:
        yield page
        assert page.watch.errors == [], f"console errors: {page.watch.errors}"
        assert page.watch.outside == [], f"requests to other hosts: {page.watch.outside}"
    finally:
        page.close()


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def need(path: Path) -> Path:
    """`path`, a file `make test` installs with npm ci; the test fails saying so when it is missing."""
    if not path.is_file():
        pytest.fail(f"{path.relative_to(ROOT)} is missing: run `make test`, which installs it with npm ci")
    return path


def axe_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now, one line each."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(need(AXE)))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {len(v['nodes'])} x, e.g. {v['nodes'][0]['target']}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def switch_to_dark(page) -> None:
    """Turn on dark mode with Material's palette toggle, as a reader does, and wait for the colours."""
    page.click("form[data-md-component=palette] label:visible")
    page.wait_for_selector("body[data-md-color-scheme=slate]", state="attached", timeout=5000)
    # Colours fade in (CSS transitions): axe must see the finished ones.
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')", timeout=5000)


@pytest.fixture
def page(context):
    with watched(context.new_page()) as pg:
        yield pg


@functools.cache
def real_catalog():
    """The catalog of whatever policy_data/ holds (tests pick their examples from it)."""
    from policykit import load_catalog

    return load_catalog(ROOT / "policy_data", root=ROOT)


def distinctive_keyword(catalog, *, in_text: bool):
    """(rule, word): a one-word search keyword of one rule that no other rule's text,
    title, summary or keywords contain, and that its own text contains (in_text) or
    lacks; the first such pair in data order. Skips the test if the data has none."""
    def words_of(rule) -> str:
        return " ".join([rule.text, rule.title, rule.summary, *rule.keywords]).lower()

    everything = {rule.id: words_of(rule) for rule in catalog.rules}
    for rule in catalog.rules:
        for word in rule.keywords:
            w = word.lower()
            if (" " in w or len(w) < 4 or (w in rule.text.lower()) != in_text
                    or any(w in text for rid, text in everything.items() if rid != rule.id)):
                continue
            return rule, w
    pytest.skip(f"no rule has a search keyword of its own {'in' if in_text else 'outside'} its text in this data")
