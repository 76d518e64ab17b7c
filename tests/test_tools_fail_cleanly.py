"""Tools fail cleanly: a broken topics.yaml or schema folder gives one line per problem, never a traceback.

Each broken input is tried with every tool that reads the data: scripts/validate,
scripts/build (MkDocs through the hook), scripts/generate and scripts/coverage.
validate, generate and coverage run in this process (their `main`, with the output
captured; an exception that escapes fails the test as a traceback would), which keeps
these tests in `make test-fast`; `test_each_tool_as_a_process` runs each as a process
once, and scripts/build always runs as one (a `build` test).
"""

from __future__ import annotations

import contextlib
import functools
import importlib.machinery
import importlib.util
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, copy_fixture_data

TOPICS_BREAKAGES = {
    "YAML syntax": b"groups: [\n  - id: x\n",
    "alias loop": b"groups: &g\n  - *g\ntopics: []\n",
    "200,000-deep nesting": b"groups: " + b"[" * 200_000 + b"]" * 200_000 + b"\n",
    "alias bomb": b"a: &a [x, x, x, x, x, x, x, x, x, x]\n" + b"".join(
        f"a{i}: &a{i} [{', '.join([f'*a{i - 1}' if i else '*a'] * 10)}]\n".encode() for i in range(8)),
    "not UTF-8": b"groups:\n  - id: caf\xe9\n",
    "empty": b"",
    "a list": b"- id: x\n",
    "topics not a list": b"groups:\n  - id: a\n    title: A\ntopics: 5\n",
    "tab indentation": b"groups:\n\t- id: a\n",
}


def tool_commands(data: Path, tmp_path: Path) -> dict[str, list[str]]:
    py = sys.executable
    return {
        "validate": [py, str(ROOT / "scripts" / "validate"), str(data)],
        "build": [py, str(ROOT / "scripts" / "build"), "--out", str(tmp_path / "site")],
        "generate": [py, str(ROOT / "scripts" / "generate"), "--data", str(data), "--out", str(tmp_path / "gen")],
        "coverage": [py, str(ROOT / "scripts" / "coverage"), "--data", str(data)],
    }


TOOL_ENV = {"SOURCE_DATE_EPOCH": "1795392000", "NO_MKDOCS_2_WARNING": "1"}


def run_tool(cmd: list[str], data: Path, *, process: bool = False) -> subprocess.CompletedProcess:
    """The tool's exit status and output: in this process unless it is scripts/build or `process` is set."""
    if process or Path(cmd[1]).name == "build":
        env = {**os.environ, "POLICY_DATA": str(data), **TOOL_ENV}
        return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    main = _script(Path(cmd[1]).name).main
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as env, contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        for key, value in {"POLICY_DATA": str(data), **TOOL_ENV}.items():
            env.setenv(key, value)
        env.chdir(ROOT)
        try:
            code = main(cmd[2:])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            if not isinstance(exc.code, (int, type(None))):
                err.write(f"{exc.code}\n")
    return subprocess.CompletedProcess(cmd, code or 0, out.getvalue(), err.getvalue())


@functools.cache
def _script(name: str):
    loader = importlib.machinery.SourceFileLoader(f"tool_{name}", str(ROOT / "scripts" / name))
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader(loader.name, loader))
    loader.exec_module(module)
    return module


def assert_clean_failure(result: subprocess.CompletedProcess, named: str) -> None:
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output and "During handling" not in output, output
    problems = [ln for ln in output.splitlines() if named in ln]
    assert problems, output


@pytest.mark.parametrize("tool", ["validate", pytest.param("build", marks=pytest.mark.build), "generate", "coverage"])
@pytest.mark.parametrize("breakage", list(TOPICS_BREAKAGES))
def test_a_broken_topics_file_fails_cleanly_in_every_tool(tmp_path: Path, tool: str, breakage: str) -> None:
    data = copy_fixture_data(tmp_path)
    (data / "topics.yaml").write_bytes(TOPICS_BREAKAGES[breakage])
    result = run_tool(tool_commands(data, tmp_path)[tool], data)
    if tool == "coverage":
        # Coverage runs on half-finished data (it needs only the sources and the quotes): a report, no traceback.
        output = result.stdout + result.stderr
        assert result.returncode in (0, 1) and "Traceback" not in output and "normative" in output, output
        return
    assert_clean_failure(result, "topics.yaml")


def test_topics_yaml_that_is_a_folder_fails_cleanly(tmp_path: Path) -> None:
    data = copy_fixture_data(tmp_path)
    (data / "topics.yaml").unlink()
    (data / "topics.yaml").mkdir()
    assert_clean_failure(run_tool(tool_commands(data, tmp_path)["validate"], data), "topics.yaml")


@pytest.mark.parametrize("schema", ["topics", "institution", "templates", "common"])
@pytest.mark.parametrize("tool", ["validate", pytest.param("build", marks=pytest.mark.build)])
def test_a_missing_schema_file_is_named_in_one_line(tmp_path: Path, schema: str, tool: str) -> None:
    data = copy_fixture_data(tmp_path)
    (data / "schema" / f"{schema}.schema.json").unlink()
    result = run_tool(tool_commands(data, tmp_path)[tool], data)
    assert_clean_failure(result, f"{schema}.schema.json")
    assert "KeyError" not in result.stderr


@pytest.mark.parametrize("content", [b"", b"{", b"\xff\xfe", b'{"$ref": "nowhere.schema.json#/x"}'], ids=["empty", "cut short", "not UTF-8", "dangling $ref"])
def test_a_broken_schema_file_is_named_in_one_line(tmp_path: Path, content: bytes) -> None:
    data = copy_fixture_data(tmp_path)
    (data / "schema" / "topics.schema.json").write_bytes(content)
    result = run_tool(tool_commands(data, tmp_path)["validate"], data)
    assert_clean_failure(result, "topics.schema.json")


def test_no_schema_folder_names_every_file(tmp_path: Path) -> None:
    data = copy_fixture_data(tmp_path)
    shutil.rmtree(data / "schema")
    result = run_tool(tool_commands(data, tmp_path)["validate"], data)
    for kind in ("topics", "institution", "templates"):
        assert_clean_failure(result, f"{kind}.schema.json")


@pytest.mark.parametrize("tool", ["validate", "generate", "coverage"])
def test_each_tool_as_a_process(tmp_path: Path, tool: str) -> None:
    """The same through the process boundary: exit status, output and no traceback."""
    data = copy_fixture_data(tmp_path)
    (data / "topics.yaml").write_bytes(TOPICS_BREAKAGES["YAML syntax"])
    result = run_tool(tool_commands(data, tmp_path)[tool], data, process=True)
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    if tool == "coverage":
        assert result.returncode in (0, 1) and "normative" in output, output
    else:
        assert_clean_failure(result, "topics.yaml")
