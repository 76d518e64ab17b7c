"""Live preview: a real `mkdocs serve` (as `make serve` runs it) rebuilds on save,
reports an invalid edit clearly, and keeps serving the last good site."""

from __future__ import annotations

import json
import os
import queue
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, real_catalog

pytestmark = pytest.mark.build


PORTS = range(8180, 8189)  # this suite's servers; 8189 is kept busy by the busy-port test


def free_port() -> int:
    """The first port of PORTS nothing listens on."""
    for port in PORTS:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise AssertionError(f"every port from {PORTS.start} to {PORTS.stop - 1} is busy")


class Server:
    """`mkdocs serve --livereload --dirty` on a copy of the data, its output collected line by line."""

    def __init__(self, data: Path) -> None:
        self.port = free_port()
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "POLICY_DATA": str(data)}
        cmd = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{self.port}", "--livereload", "--dirty"]
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        self.wait_for_output("Serving on", timeout=90)
        # The file watcher is armed just after the server starts answering.
        time.sleep(1.0)

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for_output(self, text: str, timeout: float = 120) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                continue
            self.output.append(line)
            if text in line:
                return line
        raise AssertionError(f"{text!r} not printed; output so far:\n" + "\n".join(self.output))

    # Generous waits: the server answers slowly while it rebuilds on a busy two-core machine.
    # (How fast a saved edit shows is measured by `make bench`, not asserted here.)
    def get(self, path: str) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=120) as r:
            return r.read().decode("utf-8")

    def wait_for_page(self, path: str, text: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.get(path):
                return
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared on /{path}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture
def server(tmp_path: Path):
    data = tmp_path / "policy_data"
    shutil.copytree(ROOT / "policy_data", data)
    srv = Server(data)
    srv.data = data
    yield srv
    srv.stop()


def replace_in(path: Path, old: str, new: str) -> int:
    """Replace once; return the 1-based line of the change."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def replace_after(path: Path, marker: str, old: str, new: str) -> int:
    """Replace the first `old` after `marker`; return the 1-based line of the change."""
    text = path.read_text(encoding="utf-8")
    at = text.index(old, text.index(marker))
    path.write_text(text[:at] + new + text[at + len(old):], encoding="utf-8")
    return text.count("\n", 0, at) + 1


def test_saving_yaml_rebuilds_and_a_bad_edit_keeps_the_last_good_site(server, built_site: Path) -> None:
    # The first rule of the first institution, whatever the data holds.
    rule = real_catalog().institutions[0].rules[0]
    path = server.data / "institutions" / f"{rule.institution}.yaml"
    page_path = f"institutions/{rule.institution}/"
    marker = f"  - id: {rule.id}\n"
    assert "edited in preview" not in server.get(page_path)

    replace_after(path, marker, "\n    title: ", "\n    title: Edited in preview, ")
    server.wait_for_page(page_path, "Edited in preview")
    # Pages that link to the rule follow, not just its own page.
    server.wait_for_page(f"topics/{rule.topics[0]}/", "Edited in preview")
    # Search follows (its index is written while the browser already shows the pages).
    server.wait_for_page("search/policy/index.js", "Edited in preview")
    # Each page's entries once, though the edit rebuilt several pages (Material's own merge for
    # dirty rebuilds replaced only the first page's entries and left the others' twice).
    server.wait_for_page("search/search_index.json", "Edited in preview")
    locations = [doc["location"] for doc in json.loads(server.get("search/search_index.json"))["docs"]]
    assert len(locations) == len(set(locations)) and f"{page_path}#{rule.id}" in locations
    # And every page and section a build indexes (the preview indexes in the background).
    built = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert set(locations) == {doc["location"] for doc in built["docs"]}

    line = replace_after(path, marker, f"\n    stance: {rule.stance}\n", "\n    stance: forbidden\n") + 1
    error = server.wait_for_output("rules[")
    assert f"/institutions/{rule.institution}.yaml:{line}:" in error
    assert "stance: expected one of required, prohibited" in error and "found text 'forbidden'" in error
    server.wait_for_output("Still serving the last good version")
    server.wait_for_output("Reloading browsers")
    page = server.get(page_path)
    assert "Edited in preview" in page and "stance-forbidden" not in page
    assert not any("Traceback" in line for line in server.output)

    replace_after(path, marker, "\n    stance: forbidden\n", f"\n    stance: {rule.stance}\n")
    replace_after(path, marker, "\n    title: Edited in preview, ", "\n    title: Fixed in preview, ")
    server.wait_for_page(page_path, "Fixed in preview")


PORT_BUSY = 8189


def test_a_data_error_shows_in_the_browser_until_fixed(server) -> None:
    cms = next((server.data / "institutions").glob("*.yaml"))
    text = cms.read_text(encoding="utf-8")
    at = re.search(r"^  status: .*$", text, re.M)
    line = text[: at.start()].count("\n") + 1
    cms.write_text(text[: at.start()] + "  status: not-a-status" + text[at.end() :], encoding="utf-8")
    server.wait_for_output("Still serving the last good version")
    server.wait_for_page("", 'id="policy-preview-problems"')
    page = server.get("compare/")  # a page the failed build did not touch shows it too
    assert 'id="policy-preview-problems"' in page and f"/institutions/{cms.name}:{line}:" in page
    assert "This page is the last good version" in page
    assert not any("appear stuck" in out or "Traceback" in out for out in server.output)

    cms.write_text(text, encoding="utf-8")
    deadline = time.monotonic() + 60
    while 'id="policy-preview-problems"' in server.get("compare/"):
        assert time.monotonic() < deadline, "the banner stayed after the fix"
        time.sleep(0.2)


def test_moving_the_data_folder_away_and_back_resumes_the_watch(server) -> None:
    away = server.data.parent / "moved-away"
    server.data.rename(away)
    server.wait_for_output("the data folder was moved or deleted")
    server.wait_for_page("", "expected the policy data folder")  # the browser says so too
    away.rename(server.data)
    server.wait_for_output("the data folder is back")
    deadline = time.monotonic() + 60
    while 'id="policy-preview-problems"' in server.get(""):
        assert time.monotonic() < deadline, "the banner stayed after the folder came back"
        time.sleep(0.2)
    # And later saves still rebuild.
    inst = next((server.data / "institutions").glob("*.yaml"))
    text = inst.read_text(encoding="utf-8")
    at = re.compile(r"^    title: .*$", re.M).search(text, text.index("\nrules:\n"))  # the first rule's title
    inst.write_text(text[: at.end()] + " resumed after the move" + text[at.end() :], encoding="utf-8")
    server.wait_for_page(f"institutions/{inst.stem}/", "resumed after the move")


def test_a_busy_port_is_one_line_naming_it() -> None:
    import http.server

    busy = http.server.HTTPServer(("127.0.0.1", PORT_BUSY), http.server.BaseHTTPRequestHandler)
    try:
        result = subprocess.run([sys.executable, str(ROOT / "scripts" / "serve"), "--port", str(PORT_BUSY)],
                                capture_output=True, text=True, timeout=600, cwd=ROOT)
    finally:
        busy.server_close()
    assert result.returncode == 3
    assert result.stderr.strip().splitlines() == [
        f"Port {PORT_BUSY} is already in use (another preview or program); pick another: make serve PORT={PORT_BUSY + 1}"
    ]
    assert "Traceback" not in result.stdout + result.stderr
