"""The test layers hold: a test not marked `build` cannot run a real build by accident."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_build


def test_run_build_refuses_in_a_test_not_marked_build(tmp_path: Path, request) -> None:
    assert request.node.get_closest_marker("build") is None
    with pytest.raises(AssertionError, match="mark it `build`"):
        run_build(tmp_path / "site")
    assert not (tmp_path / "site").exists()
