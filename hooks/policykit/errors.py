"""Problems found in the policy data, reported one line each."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in the data: where it is, which field, what was expected and found."""

    file: str
    """The file, as messages show it (from the project root)."""
    line: int | None
    """1-based; None when the problem is the whole file."""
    column: int | None
    field: str
    """The dotted path with indices (`rules[5] (cms-3).text`); empty for a whole-file problem."""
    message: str
    """`expected ...; found ...`, with a hint when one is cheap."""

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class PolicyDataError(Exception):
    """The data is invalid; carries every problem found, in file and line order."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(sorted(set(problems), key=_sort_key))
        super().__init__(self.summary())

    def summary(self) -> str:
        lines = [str(p) for p in self.problems]
        count = len(lines)
        lines.append(f"{count} problem{'s' if count != 1 else ''} in the policy data; nothing was built.")
        return "\n".join(lines)


def _sort_key(p: Problem) -> tuple[str, int, int, str, str]:
    return (p.file, p.line or 0, p.column or 0, p.field, p.message)
