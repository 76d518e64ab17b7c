"""Publishing is atomic: site/ is always the last good site or the complete new one.

`make build` and `make offline` run scripts/build, which builds into a hidden
sibling and swaps it in only when MkDocs ends with success. The tests keep a
last good site and then make the build fail in several ways (bad data, a
docs page with a broken link, a write that fails, kill -9 at several moments,
a crash at each step of the swap itself); the site must be byte for byte what
it was. A build without git, or with an unusable SOURCE_DATE_EPOCH, must work.
"""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, edit, run_build

from policykit import publish
from policykit.epoch import build_date, drop_invalid_epoch, source_date_epoch

pytestmark = pytest.mark.build

BUILD = ROOT / "scripts" / "build"
OFFLINE = ROOT / "scripts" / "offline"
EPOCH = {"SOURCE_DATE_EPOCH": "1795392000"}


def snapshot(folder: Path) -> dict[str, str | None]:
    """Every file (sha256) and folder under `folder`."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else None
        for p in sorted(folder.rglob("*"))
    }


def env_for(data: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    return {**os.environ, "POLICY_DATA": str(data), **EPOCH, **(extra or {})}


def build(out: Path, data: Path, *, offline: bool = False, extra: dict[str, str] | None = None, **kw) -> subprocess.CompletedProcess:
    cmd = [sys.executable, str(OFFLINE if offline else BUILD), "--out", str(out)]
    return subprocess.run(cmd, capture_output=True, text=True, env=env_for(data, extra), cwd=ROOT, **kw)


def real_data(dest: Path) -> Path:
    """A copy of whatever policy_data/ holds (the hand-written pages link to its topics)."""
    shutil.copytree(ROOT / "policy_data", dest / "policy_data")
    return dest / "policy_data"


def a_topic_title(data: Path) -> str:
    """The line of the first topic title in topics.yaml, to edit so that a new site differs."""
    return next(ln for ln in (data / "topics.yaml").read_text(encoding="utf-8").splitlines() if ln.startswith("    title: "))


def changed_data(dest: Path) -> tuple[Path, str]:
    data = real_data(dest)
    line = a_topic_title(data)
    edit(data / "topics.yaml", line + "\n", line + " (new)\n")
    return data, line.split(": ", 1)[1] + " (new)"


def a_question(data: Path) -> str:
    return next(ln for ln in (data / "topics.yaml").read_text(encoding="utf-8").splitlines() if ln.startswith("    question: "))


def differences(after: dict, *expected: dict) -> list[list[str]]:
    """For each expected state, the first few paths where `after` differs."""
    return [sorted(k for k in set(after) | set(e) if after.get(k, "-") != e.get(k, "-"))[:5] for e in expected]


def hidden_leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.fixture(scope="module")
def good(built_site: Path, tmp_path_factory) -> tuple[Path, Path]:
    """A last good site (the session's real build: only copies of it are built into) and a copy of its data."""
    return built_site, real_data(tmp_path_factory.mktemp("atomic"))


@pytest.fixture
def site(good, tmp_path: Path) -> Path:
    """A private copy of the last good site, in a folder of its own."""
    folder = tmp_path / "pub" / "site"
    shutil.copytree(good[0], folder)
    return folder


def assert_untouched(site: Path, before: dict[str, str | None], output: str) -> None:
    assert snapshot(site) == before
    assert "Traceback" not in output, output


# -- failing builds ------------------------------------------------------------


@pytest.mark.parametrize("mistake", ["invalid data", "YAML syntax", "alias loop"])
def test_a_data_mistake_leaves_the_site_untouched(good, site: Path, tmp_path: Path, mistake: str) -> None:
    data = real_data(tmp_path / "d")
    path = data / "topics.yaml"
    question = a_question(data)
    if mistake == "invalid data":
        edit(path, question + "\n", question.rstrip("?") + "\n")
    elif mistake == "YAML syntax":
        edit(path, question + "\n", question + "\n    bad: [\n")
    else:
        path.write_text("groups: &a [*a]\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    before = snapshot(site)
    result = build(site, data)
    assert result.returncode == 1
    assert_untouched(site, before, result.stderr)
    assert hidden_leftovers(site.parent) == []


def project_copy(dest: Path) -> Path:
    """The project without .git, built outputs, tests and node_modules (a downloaded archive),
    with a link to this checkout's build environment (copying 800 MB of environments was most
    of each test's time)."""
    skip = shutil.ignore_patterns(".git", "site", "site-offline*", ".site*", "node_modules", ".cache", ".pytest_cache",
                                  ".bench", "tests", ".venv*", ".hypothesis", "__pycache__")
    shutil.copytree(ROOT, dest, ignore=skip, symlinks=True)
    (dest / ".venv").symlink_to(ROOT / ".venv", target_is_directory=True)
    return dest


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return project_copy(tmp_path_factory.mktemp("project") / "handbook")


def test_a_docs_page_with_a_broken_link_leaves_the_site_untouched(good, tmp_path: Path) -> None:
    # Strict mode reports the broken link after MkDocs has written every page: too late for the hook.
    copy = project_copy(tmp_path / "handbook")
    site = copy / "site"
    shutil.copytree(good[0], site)
    (copy / "docs" / "maintainers.md").write_text("# Broken\n\nSee [this](no-such-page.md).\n", encoding="utf-8")
    before = snapshot(site)
    result = subprocess.run([sys.executable, str(copy / "scripts" / "build"), "--out", str(site)], capture_output=True, text=True,
                            env=env_for(good[1]), cwd=copy)
    assert result.returncode == 1
    assert "no-such-page.md" in result.stderr
    assert_untouched(site, before, result.stderr)


def _file_size_limit() -> None:
    # Writes past 200 KB fail (EFBIG), as on a full disk, instead of killing the process.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))


def test_a_failing_write_leaves_the_site_untouched_with_one_line(good, site: Path) -> None:
    before = snapshot(site)
    result = build(site, good[1], preexec_fn=_file_size_limit)
    assert result.returncode == 1
    assert_untouched(site, before, result.stderr)
    assert "File too large" in result.stderr, result.stderr
    assert hidden_leftovers(site.parent) == []


# -- kill -9 -------------------------------------------------------------------


@pytest.fixture(scope="module")
def new_site(tmp_path_factory) -> tuple[Path, Path, str, float]:
    """The data with one topic title changed, the complete site it builds, and how long
    scripts/build took (the kill tests kill at fractions of that)."""
    base = tmp_path_factory.mktemp("new")
    data, title = changed_data(base)
    start = time.monotonic()
    assert build(base / "site", data).returncode == 0
    return data, base / "site", title, time.monotonic() - start


@pytest.mark.parametrize("fraction", [0.05, 0.7, 1.0])  # loading, rendering, publishing (each swap step: below)
def test_kill_9_at_any_moment_leaves_the_previous_site(good, new_site, site: Path, fraction: float) -> None:
    data, reference, title, seconds = new_site
    before, complete_new = snapshot(site), snapshot(reference)
    child = subprocess.Popen([sys.executable, str(BUILD), "--out", str(site)], env=env_for(data), cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    time.sleep(seconds * fraction)
    os.killpg(child.pid, signal.SIGKILL)
    child.wait()
    time.sleep(0.5)  # a MkDocs child that outlived the script (it must not) would write on meanwhile
    after = snapshot(site)
    assert after in (before, complete_new), f"a half-written site was published: {differences(after, before, complete_new)}"
    if fraction == 0.7:
        # Killed while rendering, whatever it left behind: the next build publishes the whole new site.
        assert build(site, data).returncode == 0
        assert snapshot(site) == complete_new
    publish.recover(site)  # what the next build does first
    assert snapshot(site) in (before, complete_new)
    assert hidden_leftovers(site.parent) == []


# -- the swap itself, interrupted at each step -----------------------------------


class Crash(BaseException):
    """A kill -9 at this point: nothing after it runs."""


def make_tree(folder: Path, label: str) -> None:
    (folder / "sub").mkdir(parents=True)
    (folder / "index.html").write_text(label)
    (folder / "sub" / "page.html").write_text(label * 3)


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2 exchange", "two renames"])
@pytest.mark.parametrize("steps", range(6))
def test_a_crash_at_any_step_of_the_swap_leaves_one_complete_site(tmp_path: Path, monkeypatch, exchange: bool, steps: int) -> None:
    dest = tmp_path / "site"
    make_tree(dest, "old")
    new = publish.staging_for(dest)
    make_tree(new, "new")
    old_files, new_files = snapshot(dest), snapshot(new)
    calls = {"n": 0}

    def counted(real):
        def step(*args, **kwargs):
            if calls["n"] >= steps:
                raise Crash
            calls["n"] += 1
            return real(*args, **kwargs)
        return step

    monkeypatch.setattr(publish.os, "rename", counted(os.rename))
    monkeypatch.setattr(publish.shutil, "rmtree", counted(shutil.rmtree))
    real_exchange = publish._exchange
    monkeypatch.setattr(publish, "_exchange", counted(real_exchange) if exchange else lambda a, b: False)
    try:
        publish.swap_in(new, dest)
    except Crash:
        pass
    # What the reader sees right after the crash: a whole site (the exchange path has no gap).
    if exchange or dest.exists():
        assert snapshot(dest) in (old_files, new_files)
    monkeypatch.undo()
    publish.recover(dest)
    assert snapshot(dest) in (old_files, new_files)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


# -- offline copy and its zip ----------------------------------------------------


@pytest.fixture(scope="module")
def good_offline(offline_copy) -> tuple[Path, float]:
    """The last good offline copy (the folder, its zip beside it) and how long scripts/offline took:
    conftest's `offline_copy`, which test_offline.py checks (only copies of it are built into)."""
    out, seconds = offline_copy
    assert out.with_name("site-offline.zip").is_file()
    return out, seconds


def offline_state(out: Path) -> tuple[dict[str, str | None], str]:
    return snapshot(out), hashlib.sha256(out.with_name(out.name + ".zip").read_bytes()).hexdigest()


def test_a_failing_offline_build_leaves_folder_and_zip_untouched(good, good_offline, tmp_path: Path) -> None:
    out = tmp_path / "site-offline"
    shutil.copytree(good_offline[0], out)
    shutil.copy2(good_offline[0].with_name("site-offline.zip"), tmp_path)
    data = real_data(tmp_path / "d")
    edit(data / "topics.yaml", a_question(data) + "\n", a_question(data).rstrip("?") + "\n")
    before = offline_state(out)
    result = build(out, data, offline=True)
    assert result.returncode == 1
    assert offline_state(out) == before and "Traceback" not in result.stderr


@pytest.mark.parametrize("fraction", [0.4, 0.97])
def test_kill_9_of_the_offline_build_leaves_folder_and_zip(good, good_offline, tmp_path: Path, fraction: float) -> None:
    out = tmp_path / "site-offline"
    shutil.copytree(good_offline[0], out)
    shutil.copy2(good_offline[0].with_name("site-offline.zip"), tmp_path)
    data, _ = changed_data(tmp_path / "d")
    before = offline_state(out)
    child = subprocess.Popen([sys.executable, str(OFFLINE), "--out", str(out)], env=env_for(data), cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    time.sleep(good_offline[1] * fraction)
    os.killpg(child.pid, signal.SIGKILL)
    child.wait()
    folder, archive = offline_state(out)
    assert "index.html" in folder and "search/search_index.js" in folder
    if folder == before[0]:
        assert archive == before[1]  # the zip is swapped in after the folder, never before
    publish.recover(out)
    publish.recover(out.with_name(out.name + ".zip"))
    assert hidden_leftovers(tmp_path) == []


# -- building without git, and SOURCE_DATE_EPOCH ------------------------------------


def test_make_build_works_in_a_copy_without_git_nor_a_usable_source_date_epoch(project: Path, good) -> None:
    # No git to date the build from, and a SOURCE_DATE_EPOCH that is no number: the build is dated today.
    env = {**os.environ, "SOURCE_DATE_EPOCH": "soon", "POLICY_DATA": str(good[1]), "GIT_CEILING_DIRECTORIES": str(project.parent)}
    result = subprocess.run(["make", "-o", ".venv/.build-installed", "build"], capture_output=True, text=True, env=env, cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert (project / "site" / "index.html").is_file()


def test_mkdocs_run_directly_with_an_unusable_source_date_epoch_builds(good, tmp_path: Path) -> None:
    # The hook drops the value before MkDocs reads it (MkDocs itself would stop on it);
    # test_source_date_epoch_parsing covers every kind of value in-process.
    result = run_build(tmp_path / "site", data=good[1], extra_env={"SOURCE_DATE_EPOCH": "17e8"})
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("value, seconds", [
    ("1795392000", 1795392000), (" 0 ", 0), ("", None), ("   ", None), ("abc", None), ("-5", None), ("1.5", None),
    ("17e8", None), ("١٢٣", None), ("9" * 30, None),
])
def test_source_date_epoch_parsing(value: str, seconds: int | None) -> None:
    environ = {"SOURCE_DATE_EPOCH": value}
    assert source_date_epoch(environ) == seconds
    build_date(environ)  # never raises
    drop_invalid_epoch(environ)
    assert ("SOURCE_DATE_EPOCH" in environ) == (seconds is not None)


# -- the build's messages ---------------------------------------------------------


def build_script():
    import importlib.machinery
    import importlib.util

    loader = importlib.machinery.SourceFileLoader("build_script", str(BUILD))
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader("build_script", loader))
    loader.exec_module(module)
    return module


@pytest.mark.parametrize("lines, expected", [
    (["INFO a\n", "Traceback (most recent call last):\n", '  File "x", line 1\n', "    boom()\n", "OSError: [Errno 28] No space left on device\n", "INFO b\n"],
     "INFO a\nOSError: [Errno 28] No space left on device\nINFO b\n"),
    (["Traceback (most recent call last):\n", "  File x\n", "KeyError: 'a'\n", "\n",
      "During handling of the above exception, another exception occurred:\n", "\n",
      "Traceback (most recent call last):\n", "  File y\n", "ValueError: second\n"], "ValueError: second\n"),
    (["ERROR - one\n", "two\n"], "ERROR - one\ntwo\n"),
], ids=["one traceback", "chained", "no traceback"])
def test_tracebacks_are_cut_to_their_last_line(lines: list[str], expected: str) -> None:
    import io

    out = io.StringIO()
    build_script().relay_without_tracebacks(lines, out)
    assert out.getvalue() == expected
