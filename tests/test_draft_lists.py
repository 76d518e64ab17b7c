"""Lists under a lead-in, on made-up texts: which items are rules, and with what stance."""

from __future__ import annotations

from policykit.draft import build_vocabulary, draft_rules

VOCAB = build_vocabulary([{"id": "keys", "title": "Hall keys", "question": "May I lend the hall keys?", "description": "Keys to the hall."}])

NEUTRAL_LEAD_IN = """Volunteers must not smoke in the hall. Volunteers must sign the register on arrival. The induction session will give special attention to:

1. Opening hours of the hall and the car park.

2. The fire exits and the first aid box

3. Cleaning rotas for the kitchen.

Volunteers who find a hazard must report it to the duty manager.
"""

NORMATIVE_LEAD_IN = """Volunteers must sign the register on arrival. Volunteers must not bring into the hall:

1. Glass bottles of any kind.

2. Animals other than assistance dogs
"""


def test_verbless_items_under_a_neutral_lead_in_are_no_rules_and_nor_is_the_lead_in() -> None:
    texts = [r.text for r in draft_rules(NEUTRAL_LEAD_IN, "vh", VOCAB).rules]
    assert texts == [
        "Volunteers must not smoke in the hall.",
        "Volunteers must sign the register on arrival.",
        "Volunteers who find a hazard must report it to the duty manager.",
    ]


def test_verbless_items_take_the_force_of_a_normative_lead_in_not_of_the_sentences_before_it() -> None:
    rules = draft_rules(NORMATIVE_LEAD_IN, "vh", VOCAB).rules
    by_text = {r.text: r.stance for r in rules}
    assert by_text["Glass bottles of any kind."] == "prohibited"
    assert by_text["Animals other than assistance dogs"] == "prohibited"
    assert by_text["Volunteers must sign the register on arrival."] == "required"


SELF_CONDEMNING = """The induction session will give special attention to:

1. Improper use of the kitchen equipment by volunteers.

2. Unauthorised copying of the hall keys

3. Penalties for improper use of the hall.
"""


def test_a_verbless_item_that_opens_by_calling_its_subject_improper_is_a_prohibition_of_its_own() -> None:
    rules = draft_rules(SELF_CONDEMNING, "vh", VOCAB).rules
    assert [(r.ref, r.stance) for r in rules] == [("1", "prohibited"), ("2", "prohibited")]
