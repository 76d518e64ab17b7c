"""policykit: read, build, check and render the policy handbook's data.

The core of the site. It never imports MkDocs: `hooks/policy_hook.py` adapts it
to MkDocs events, and `scripts/` use it from the command line. `load_catalog`
reads (`read`), builds (`model`) and checks (`checks`); `render` turns the
checked `Catalog` into pages. See README.md, "Architecture".
"""

from __future__ import annotations

from policykit.errors import PolicyDataError, Problem
from policykit.load import load_catalog

__all__ = ["PolicyDataError", "Problem", "load_catalog"]
