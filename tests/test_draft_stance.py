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


@pytest.mark.parametrize("list_item", [True, False])
def test_a_positive_should_keeps_its_own_stance_under_a_heading_with_a_negative_word(list_item: bool) -> None:
    sentence = "All bookings with members should go through the club office, except urgent ones."
    assert suggest_stance(sentence, "Improper dealings with members", list_item=list_item) == "encouraged"


@pytest.mark.parametrize(
    ("text", "lead_in", "stance"),
    [
        # What restates the prohibiting heading without a modal of its own takes the heading's stance.
        ("Private phone numbers of members.", "Unsuitable practices are prohibited:", "prohibited"),
        ("Lend the hall keys to members.", "Volunteers must not:", "prohibited"),
        # "should never" restates it, and DESIGN.md reads it as the heading says.
        ("Volunteers should never lend the hall keys to members.", "Unacceptable practices", "prohibited"),
    ],
)
def test_the_heading_still_decides_what_restates_it(text: str, lead_in: str, stance: str) -> None:
    assert suggest_stance(text, lead_in, list_item=True) == stance
