"""SOURCE_DATE_EPOCH, read the same way by the hook, the scripts and the build wrapper.

Reproducible builds take their date from SOURCE_DATE_EPOCH (seconds since 1970,
UTC). A copy of the project without .git gives an empty value, and a person
can type anything: an empty, non-numeric or out-of-range value means "today",
never a traceback.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, MutableMapping

# datetime handles years 1 to 9999; 9999-12-31T23:59:59Z is the last second it can show.
_LAST_SECOND = 253402300799


def source_date_epoch(environ: Mapping[str, str] = os.environ) -> int | None:
    """SOURCE_DATE_EPOCH as whole seconds, or None when it is unset, empty, not a number or out of range."""
    value = (environ.get("SOURCE_DATE_EPOCH") or "").strip()
    if not value.isascii() or not value.isdigit():
        return None
    seconds = int(value)
    return seconds if seconds <= _LAST_SECOND else None


def build_date(environ: Mapping[str, str] = os.environ) -> dt.date:
    """The build's date: from SOURCE_DATE_EPOCH when it is valid, otherwise today."""
    seconds = source_date_epoch(environ)
    if seconds is None:
        return dt.date.today()
    return dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc).date()


def drop_invalid_epoch(environ: MutableMapping[str, str]) -> str | None:
    """Remove a SOURCE_DATE_EPOCH that is set but unusable (MkDocs would stop on it with a
    traceback); return a one-line note saying so, or None when there was nothing to drop."""
    if "SOURCE_DATE_EPOCH" not in environ or source_date_epoch(environ) is not None:
        return None
    value = environ.pop("SOURCE_DATE_EPOCH")
    if not value.strip():
        return None
    return f"SOURCE_DATE_EPOCH={value!r} is not a whole number of seconds since 1970; using today's date"
