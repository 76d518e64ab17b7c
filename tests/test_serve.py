"""Live preview: a real `mkdocs serve` (as `make serve` runs it) rebuilds on save,
reports an invalid edit clearly, and keeps serving the last good site."""

from __future__ import annotations

import os
import queue
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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

    def wait_for_output(self, text: str, timeout: float = 90) -> str:
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
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=60) as r:
            return r.read().decode("utf-8")

    def wait_for_page(self, path: str, text: str, timeout: float = 90) -> None:
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


def test_saving_yaml_rebuilds_and_a_bad_edit_keeps_the_last_good_site(server) -> None:
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
