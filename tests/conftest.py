"""Shared fixtures: the project root, a copy of the fixture data, the built site, a browser."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_DATA = ROOT / "tests" / "fixtures" / "data"


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
    import os
    import subprocess
    import sys

    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1795392000"}
    if data is not None:
        env["POLICY_DATA"] = str(data)
    env.update(extra_env or {})
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config or ROOT / "mkdocs.yml"), "-d", str(site_dir)]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built once per test session with the real data."""
    site = tmp_path_factory.mktemp("site") / "site"
    result = run_build(site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site


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
    import shutil

    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("The browser tests need Debian's chromium on PATH: run `make test`, which installs it, or install it yourself.")
    return path



def serve_folder(folder: Path):
    """Serve a folder on 127.0.0.1 in a background thread; returns (base_url, server)."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Handler(SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:  # noqa: D401 - keep test output clean
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
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


@pytest.fixture
def page(context):
    pg = context.new_page()
    pg.watch = PageWatch(pg)
    yield pg
    assert pg.watch.errors == [], f"console errors: {pg.watch.errors}"
    assert pg.watch.outside == [], f"requests to other hosts: {pg.watch.outside}"
