"""The settings the hook and the scripts read from the environment, in one place.

Only the adapters call these (`hooks/policy_hook.py`, `scripts/`); the model,
the checks and the renderers are given the values and read nothing themselves.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from pathlib import Path


def build_date(environ: Mapping[str, str] = os.environ) -> dt.date:
    """The build's date: from SOURCE_DATE_EPOCH when set, so that builds can be reproduced."""
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    return dt.date.today()


def data_dir(project_root: Path, environ: Mapping[str, str] = os.environ) -> Path:
    """`policy_data/` beside mkdocs.yml, or the folder POLICY_DATA names."""
    return Path(environ.get("POLICY_DATA") or project_root / "policy_data").resolve()
