"""The search thesaurus: synonym groups, general (`thesaurus.yaml`) and per topic (`topics.yaml`).

Both use one shape, a list of groups, each a list of equivalent lowercase words
or short phrases:

    synonyms:
      - [dm, direct message, private message]
      - [parent, guardian, carer]

`read` loads `thesaurus.yaml` (the file is optional); `check` finds the
mistakes a maintainer can make in any such list, each a `Problem` with file and
line: an empty or padded entry, capitals, an entry that is only a stop word
(search drops those, so it could never match), and an entry written twice in a
group or in two groups of one list. Search reads the same lists (see
`search_index`), so what passes here is what search uses.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from policykit.errors import PolicyDataError, Problem
from policykit.yamlio import Marks, load_yaml

Groups = tuple[tuple[str, ...], ...]

# Words search drops from queries and from the index: function words that say
# nothing about a topic. The worker receives this very list with the index.
STOP_WORDS = frozenset(
    """a able about across after all almost also am among an and any are as at be because been but by can
    cannot could dear did do does doing either else ever every for from get got had has have he her hers him
    his how however i if im in into is it its just least let likely may me might most must my neither no nor
    of off often on or other our own rather said say says she should since so some than that the their them
    then there these they this tis to too twas us wants was we were what when where which while who whom why
    will with would yet you your ive id ill dont doesnt""".split()
)

# An entry: lowercase words of letters and digits, joined by single spaces, hyphens, apostrophes or dots.
_ENTRY = re.compile(r"[a-z0-9]+(?:[ '.-][a-z0-9]+)*")


def words(entry: str) -> list[str]:
    """The words of an entry, as search splits them."""
    return [w for w in re.split(r"[^a-z0-9]+", entry.lower().replace("'", "")) if w]


def read(path: Path, display: str, schemas: Any = None) -> tuple[Groups, list[Problem]]:
    """The groups of `thesaurus.yaml` and the problems found in it; no file means no groups."""
    if not path.exists():
        return (), []
    try:
        data, marks = load_yaml(path, display)
    except PolicyDataError as exc:
        return (), list(exc.problems)
    if schemas is not None:
        found = schemas.validate("thesaurus", data, marks)
        if found:
            return (), found
    problems = check(data.get("synonyms") or [], marks, ("synonyms",))
    return as_groups(data.get("synonyms")), problems


def as_groups(raw: Any) -> Groups:
    """A parsed list of groups as a tuple of tuples (entries trimmed); None gives ()."""
    return tuple(tuple(str(e).strip() for e in group if e is not None) for group in raw or ())


def check(groups: Sequence[Any], marks: Marks, at: tuple[Any, ...]) -> list[Problem]:
    """Every problem of one list of synonym groups found at path `at` of a file."""
    problems: list[Problem] = []
    first_seen: dict[str, tuple[int, int]] = {}
    for g, group in enumerate(groups):
        for e, entry in enumerate(group or ()):
            where = at + (g, e)
            problem = entry_problem(entry)
            if problem:
                problems.append(marks.problem(where, problem))
                continue
            if entry in first_seen:
                line = marks.at(at + first_seen[entry])[0]
                same = "this group" if first_seen[entry][0] == g else "another group"
                problems.append(marks.problem(where, f"expected each entry once in the list; found {entry!r} again (already in {same}, line {line})"))
                continue
            first_seen[entry] = (g, e)
    return problems


def entry_problem(entry: Any) -> str | None:
    """What is wrong with one entry, in the `expected ...; found ...` form, or None."""
    if entry is None or not str(entry).strip():
        return "expected a word or short phrase; found an empty entry"
    text = str(entry)
    if text != text.strip():
        return f"expected no spaces around the entry; found {text!r}"
    if text != text.lower():
        return f"expected lowercase (search ignores case); found {text!r}, write {text.lower()!r}"
    if not _ENTRY.fullmatch(text):
        return f"expected lowercase words of letters and digits joined by single spaces, hyphens, apostrophes or dots; found {text!r}"
    if all(w in STOP_WORDS for w in words(text)):
        return f"expected a word search can match; found {text!r}, a stop word that search drops"
    return None
