"""A document without headings, and a title line that prints the document's code (made-up texts)."""

from __future__ import annotations

import re

import pytest

from policykit.draft import build_vocabulary, draft_rules
from policykit.draft.drafting import split_code

VOCAB = build_vocabulary([{"id": "keys", "title": "Hall keys", "question": "May I lend the hall keys?", "description": "Keys to the hall."}])

TITLED = """File:  HV-7 - ARRANGEMENTS FOR HALL VOLUNTEERS

Volunteers must sign the register on arrival. Volunteers must not smoke in the hall.

1. Volunteers must not lend the hall keys.

2. Volunteers should wear the club badge.

When a volunteer finds a hazard, the duty manager must be told at once.
"""

UNTITLED = """Volunteers must sign the register on arrival. Volunteers must not smoke in the hall.

1. Volunteers must not lend the hall keys.

When a volunteer finds a hazard, the duty manager must be told at once.
"""


def _unnumbered(refs: list[str]) -> list[str]:
    return [r for r in refs if "¶" in r]


def test_a_document_without_headings_is_one_section_named_after_its_title_line() -> None:
    draft = draft_rules(TITLED, "vh", VOCAB)
    assert [(s.id, s.title) for s in draft.sections] == [("arrangements", "ARRANGEMENTS FOR HALL VOLUNTEERS")]
    assert {r.section for r in draft.rules} == {"arrangements"}
    refs = [r.ref for r in draft.rules]
    assert refs == ["Arrangements ¶1", "Arrangements ¶1", "1", "2", "Arrangements ¶2"]
    assert draft.title == "ARRANGEMENTS FOR HALL VOLUNTEERS"
    assert draft.code == "HV-7"


def test_a_document_without_headings_or_title_gets_a_neutral_section_its_refs_name() -> None:
    draft = draft_rules(UNTITLED, "vh", VOCAB)
    assert [(s.id, s.title) for s in draft.sections] == [("document", "Document")]
    assert _unnumbered([r.ref for r in draft.rules]) == ["Document ¶1", "Document ¶1", "Document ¶2"]
    assert all(re.fullmatch(r"vh-(document-\d+(-[a-z])?|1)", r.id) for r in draft.rules)


@pytest.mark.parametrize(
    ("line", "code", "title"),
    [
        ("File:  HV-7 - ARRANGEMENTS FOR HALL VOLUNTEERS", "HV-7", "ARRANGEMENTS FOR HALL VOLUNTEERS"),
        ("File: KLM - Use of the Hall", "KLM", "Use of the Hall"),
        ("Policy 31.2: Hall Volunteers", "Policy 31.2", "Hall Volunteers"),
        ("Board Policy GBX-R: Hall Volunteers", "Board Policy GBX-R", "Hall Volunteers"),
        # No code printed: the line is the title.
        ("Policy & Guidelines: Hall Volunteers", "", "Policy & Guidelines: Hall Volunteers"),
        ("POLICY ON HALL VOLUNTEERS", "", "POLICY ON HALL VOLUNTEERS"),
        ("Hall Volunteers Policy", "", "Hall Volunteers Policy"),
    ],
)
def test_a_code_printed_before_the_title_is_split_from_it(line: str, code: str, title: str) -> None:
    assert split_code(line) == (code, title)
