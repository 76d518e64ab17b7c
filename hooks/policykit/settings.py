"""The settings the hook and the scripts read from the environment, in one place.

Only the adapters call these (`hooks/policy_hook.py`, `scripts/`); the model,
the checks and the renderers are given the values and read nothing themselves.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from policykit.epoch import build_date, drop_invalid_epoch  # noqa: F401 (the adapters' one place for settings)


def data_dir(project_root: Path, environ: Mapping[str, str] = os.environ) -> Path:
    """`policy_data/` beside mkdocs.yml, or the folder POLICY_DATA names."""
    return Path(environ.get("POLICY_DATA") or project_root / "policy_data").resolve()
