"""The drafter's stance reading on made-up sentences: clauses, headings and lead-ins."""

from __future__ import annotations

import pytest

from policykit.draft.stance import cue_stance, suggest_stance


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        ("Volunteers must dress in ways that do not offend visitors.", "required"),
        ("Tutors shall keep notes which must not leave the building.", "required"),
        ("Coaches must support players who do not speak English.", "required"),
        ("Parents may share photos that do not show other children.", "permitted"),
        # The main clause's own negation still decides.
        ("Volunteers must not post photos that show children.", "prohibited"),
        ("Tutors must never share notes which identify pupils.", "prohibited"),
        # A negation with nothing normative outside the clause keeps its reading.
        ("Anything that does not belong to you.", "prohibited"),
    ],
)
def test_a_negation_inside_a_relative_clause_does_not_decide_the_sentence(sentence: str, stance: str) -> None:
    assert cue_stance(sentence) == stance
