"""Checks of dates: each one a real day, month or year (the schema checks the form)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from policykit.errors import Problem
from policykit.model import Catalog
from policykit.read import DataFile, DataFiles


def _dates(f: DataFile) -> Iterator[tuple[tuple[Any, ...], str | None]]:
    """Every date field of an institution file, with its path."""
    doc = f.data["document"]
    for key in ("issued", "approved", "review_due"):
        yield ("document", key), doc.get(key)
    for i, value in enumerate(doc.get("reviewed") or []):
        yield ("document", "reviewed", i), value
    for i, change in enumerate(f.data.get("history") or []):
        yield ("history", i, "date"), change["date"]


def real_dates(draft: Catalog, files: DataFiles) -> Iterator[Problem]:
    for f in files.institutions:
        for path, value in _dates(f):
            if not value:
                continue
            parts = [int(p) for p in value.split("-")]
            try:
                dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
            except ValueError as exc:
                yield f.problem(path, f"expected a real date; found {value!r} ({exc})")
