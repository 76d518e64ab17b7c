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
        yield ("history", i, "date"), change.get("date")
    yield ("added",), f.data.get("added")


def _real(value: str) -> str:
    """"" for a real date, else why not."""
    parts = [int(p) for p in value.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError as exc:
        return str(exc)
    return ""


def real_dates(draft: Catalog, files: DataFiles) -> Iterator[Problem]:
    for f in files.institutions:
        for path, value in _dates(f):
            if value and (why := _real(value)):
                yield f.problem(path, f"expected a real date; found {value!r} ({why})")
    if files.topics is not None:
        for i, t in enumerate(files.topics.data["topics"]):
            if t.get("added") and (why := _real(t["added"])):
                yield files.topics.problem(("topics", i, "added"), f"expected a real date; found {t['added']!r} ({why})")
