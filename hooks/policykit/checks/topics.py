"""Checks of topics.yaml: groups and topics once each, topics in a listed group, real questions."""

from __future__ import annotations

from collections.abc import Iterator

from policykit.errors import Problem
from policykit.model import Catalog
from policykit.read import DataFiles


def unique_groups(draft: Catalog, files: DataFiles) -> Iterator[Problem]:
    f = files.topics
    if f is None:
        return
    seen: set[str] = set()
    for i, g in enumerate(f.data["groups"]):
        if g["id"] in seen:
            yield f.problem(("groups", i, "id"), f"expected each group once; found {g['id']!r} again")
        seen.add(g["id"])


def unique_topics(draft: Catalog, files: DataFiles) -> Iterator[Problem]:
    f = files.topics
    if f is None:
        return
    seen: set[str] = set()
    for i, t in enumerate(f.data["topics"]):
        if t["id"] in seen:
            yield f.problem(("topics", i, "id"), f"duplicate topic id; expected each id once; found {t['id']!r} again")
        seen.add(t["id"])


def topics_in_listed_groups(draft: Catalog, files: DataFiles) -> Iterator[Problem]:
    f = files.topics
    if f is None:
        return
    listed = {g["id"] for g in f.data["groups"]}
    for i, t in enumerate(f.data["topics"]):
        if t["group"] not in listed:
            yield f.problem(("topics", i, "group"), f"expected a group listed under groups ({', '.join(sorted(listed))}); found {t['group']!r}")


def questions_end_with_question_mark(draft: Catalog, files: DataFiles) -> Iterator[Problem]:
    f = files.topics
    if f is None:
        return
    for i, t in enumerate(f.data["topics"]):
        if not t["question"].rstrip().endswith("?"):
            yield f.problem(("topics", i, "question"), f"expected a question ending with '?'; found {t['question']!r}")
