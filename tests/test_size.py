"""STYLE.md's size limits hold in hooks/ and scripts/: no function over 60 lines, no class over 150."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_no_function_or_class_is_too_long() -> None:
    result = subprocess.run([sys.executable, ROOT / "scripts" / "check_size"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_checker_finds_a_long_function(tmp_path) -> None:
    long = tmp_path / "long.py"
    long.write_text("def f():\n" + "    x = 1\n" * 60 + "\n\nclass C:\n    def g(self):\n        pass\n", encoding="utf-8")
    result = subprocess.run([sys.executable, ROOT / "scripts" / "check_size", long], capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stdout.strip().endswith("long.py:1: function f is 61 lines; expected at most 60")
