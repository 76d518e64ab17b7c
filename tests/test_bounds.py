"""YAML bounds: deep nesting, alias loops, alias bombs and huge files are refused with one line.

Each input is refused by `load_yaml` with one problem naming the file (and the
line where there is one), and the command-line validator prints that line with
no traceback, whichever data file holds it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, copy_fixture_data

from policykit.errors import PolicyDataError
from policykit.yamlio import MAX_ALIASES, MAX_BYTES, MAX_DEPTH, MAX_NODES, load_yaml


def bomb(levels: int, width: int) -> str:
    """The classic "billion laughs": each level lists the previous one `width` times."""
    lines = [f"l0: &l0 [{', '.join(['lol'] * width)}]"]
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


HOSTILE = {
    "alias loop in a flow list": ("a: &a [*a]\n", 1, "loop"),
    "alias loop in a flow mapping": ("a: &a {b: *a}\n", 1, "loop"),
    "alias loop in a block list": ("groups: &g\n  - id: x\n  - *g\n", 3, "loop"),
    "alias loop two levels down": ("a: &a\n  b:\n    c: [1, *a]\n", 3, "loop"),
    "500-deep flow lists": ("a: " + "[" * 500 + "]" * 500 + "\n", 1, "levels deep"),
    "500-deep flow mappings": ("a: " + "{a: " * 500 + "}" * 500 + "\n", 1, "levels deep"),
    "500-deep block mappings": ("a:\n" + "".join(" " * (i + 1) + "b:\n" for i in range(500)), MAX_DEPTH + 1, "levels deep"),
    "200,000-deep flow lists": ("a: " + "[" * 200_000 + "]" * 200_000 + "\n", 1, "levels deep"),
    "200,000-deep mixed": ("a: " + "[{a: " * 100_000 + "}]" * 100_000 + "\n", 1, "levels deep"),
    "alias bomb 9x9": (bomb(9, 9), None, "expanded"),
    "alias bomb 2x40": (bomb(40, 2), None, "expanded"),
    "alias bomb of mappings": ("a: &a {x: 1, y: 2, z: 3}\n" + "".join(f"b{i}: &b{i} [{', '.join([f'*b{i - 1}' if i else '*a'] * 6)}]\n" for i in range(10)), None, "expanded"),
    "too many alias uses": ("a: &a x\nb: [" + ", ".join(["*a"] * (MAX_ALIASES + 1)) + "]\n", 2, "alias uses"),
}


@pytest.mark.parametrize("text, line, words", list(HOSTILE.values()), ids=list(HOSTILE))
def test_hostile_yaml_is_refused_with_one_line(tmp_path: Path, text: str, line: int | None, words: str) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyDataError) as caught:
        load_yaml(path, "policy_data/x.yaml")
    (problem,) = caught.value.problems
    assert problem.file == "policy_data/x.yaml"
    assert words in problem.message, problem
    if line is not None:
        assert problem.line == line, problem
    else:
        assert problem.line is not None, problem
    assert "\n" not in str(problem)


def test_a_file_over_the_size_bound_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(b"a: " + b"x" * MAX_BYTES + b"\n")
    with pytest.raises(PolicyDataError) as caught:
        load_yaml(path, "policy_data/x.yaml")
    (problem,) = caught.value.problems
    assert "MiB" in problem.message and problem.file == "policy_data/x.yaml"


@pytest.mark.parametrize("text, expected", [
    ("a: &a [1, 2]\nb: *a\n", {"a": ["1", "2"], "b": ["1", "2"]}),
    ("a: &a {x: y}\nb: [*a, *a]\n", {"a": {"x": "y"}, "b": [{"x": "y"}, {"x": "y"}]}),
    ("a: " + "[" * (MAX_DEPTH - 1) + "x" + "]" * (MAX_DEPTH - 1) + "\n", None),
    ("a: &a x\nb: [" + ", ".join(["*a"] * MAX_ALIASES) + "]\n", None),
])
def test_yaml_within_the_bounds_loads(tmp_path: Path, text: str, expected) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    data, _ = load_yaml(path, "x.yaml")
    if expected is not None:
        assert data == expected


def test_the_node_bound_counts_expanded_values(tmp_path: Path) -> None:
    # Just under and just over MAX_NODES values once the alias is expanded.
    width = 1000
    uses = MAX_NODES // (width + 1)
    base = f"a: &a [{', '.join(['x'] * width)}]\n"
    path = tmp_path / "x.yaml"
    path.write_text(base + "b: [" + ", ".join(["*a"] * (uses - 2)) + "]\n", encoding="utf-8")
    load_yaml(path, "x.yaml")
    path.write_text(base + "b: [" + ", ".join(["*a"] * (uses + 2)) + "]\n", encoding="utf-8")
    with pytest.raises(PolicyDataError):
        load_yaml(path, "x.yaml")


@pytest.mark.parametrize("name", ["topics.yaml", "templates.yaml", "institutions/alpha.yaml"])
@pytest.mark.parametrize("case", ["alias loop in a block list", "200,000-deep flow lists", "alias bomb 9x9"])
def test_validate_prints_one_line_and_no_traceback(tmp_path: Path, name: str, case: str) -> None:
    data = copy_fixture_data(tmp_path)
    (data / name).write_text(HOSTILE[case][0], encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "validate"), str(data)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    problems = [ln for ln in result.stderr.splitlines() if ln.startswith(str(data))]
    assert problems and problems[0].startswith(str(data / name)), result.stderr
