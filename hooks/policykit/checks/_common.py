"""What several checks share: pairing built institutions with their files, rule owners, hints."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Set as AbstractSet

from policykit.model import Catalog, Institution
from policykit.read import DataFile, DataFiles
from policykit.schema import did_you_mean

# The last part of an id that numbers an item (`4`, `4a`, `b`, `iv`): ids that differ
# only there name different items, so one is no typo of the other.
_ENUMERATOR = re.compile(r"\d+[a-z]?|[a-z]|[ivx]+")


def repeats(ids: Iterable[str]) -> Iterator[tuple[int, str]]:
    """(index, id) of each id that an earlier item of the list already has."""
    seen: set[str] = set()
    for i, item_id in enumerate(ids):
        if item_id in seen:
            yield i, item_id
        seen.add(item_id)


def institutions(draft: Catalog, files: DataFiles) -> Iterator[tuple[Institution, DataFile]]:
    """Each built institution with the file it was built from (both in file order)."""
    return zip(draft.institutions, files.institutions)


def rule_owners(draft: Catalog) -> dict[str, str]:
    """Rule id -> institution id; the first file that uses an id owns it."""
    owners: dict[str, str] = {}
    for inst in draft.institutions:
        for rule in inst.rules:
            owners.setdefault(rule.id, inst.id)
    return owners


def owner_by_prefix(item_id: str, institution_ids: AbstractSet[str]) -> str | None:
    """The institution whose id, and a hyphen, start `item_id`: the longest such id
    (`st-marys-1` is St Mary's (`st-marys`), not St (`st`)); None when none does.

    Looks up each hyphen-ended start of `item_id`, longest first: a few set lookups,
    however many institutions there are (every rule id is checked on every build)."""
    for at in reversed([m.start() for m in re.finditer("-", item_id)]):
        if item_id[:at] in institution_ids:
            return item_id[:at]
    return None


def of_unreadable(item_id: str, files: DataFiles) -> bool:
    """True when `item_id` names an item left out for breaking the schema, or has the
    prefix of an institution whose file could not be read.

    A reference to such an item cannot be checked; reporting it would only repeat that item's problem.
    """
    known = {f.stem for f in files.institutions} | files.unreadable
    return item_id in files.left_out or owner_by_prefix(item_id, known) in files.unreadable


def _numbers_another_item(word: str, choice: str) -> bool:
    head, _, tail = word.rpartition("-")
    other_head, _, other_tail = choice.rpartition("-")
    return head == other_head and bool(_ENUMERATOR.fullmatch(tail)) and bool(_ENUMERATOR.fullmatch(other_tail))


def did_you_mean_id(word: str, choices: Iterable[str]) -> str:
    """A "did you mean" for a mistyped id, never one that would point at the wrong fix.

    Not an id that merely numbers another item: `alpha-4` is no typo of `alpha-3`
    (most often the rule was removed or renumbered). Not an id used twice either
    (pass every use in `choices`): the mistake is then the duplicate, not this reference.
    """
    uses = Counter(choices)
    return did_you_mean(word, [c for c, n in uses.items() if n == 1 and not _numbers_another_item(word, c)])
