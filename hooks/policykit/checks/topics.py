"""Checks of topics.yaml: groups and topics once each, topics in a listed group, real questions."""

from __future__ import annotations

from collections.abc import Iterator

from policykit.checks._common import repeats
from policykit.errors import Problem
from policykit.model import Catalog
from policykit.read import DataFiles


def unique_groups(draft: Catalog, files: DataFiles) -> Iterator[Problem]:
    f = files.topics
    if f is None:
        return
    for i, group_id in repeats(g["id"] for g in f.data["groups"]):
        yield f.problem(("groups", i, "id"), f"expected each group once; found {group_id!r} again")


def unique_topics(draft: Catalog, files: DataFiles) -> Iterator[Problem]:
    f = files.topics
    if f is None:
        return
    for i, topic_id in repeats(t["id"] for t in f.data["topics"]):
        yield f.problem(("topics", i, "id"), f"duplicate topic id; expected each id once; found {topic_id!r} again")


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
