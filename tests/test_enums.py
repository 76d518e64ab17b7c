"""The fixed vocabularies are listed once in the model; the JSON Schemas must list the same values."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any

import pytest
from conftest import ROOT

from policykit.model import NOTE_LABELS, STANCES, GroupId, Origin, Stance, Status


def schema_enum(file: str, pointer: str) -> list[Any]:
    node: Any = json.loads((ROOT / "policy_data" / "schema" / file).read_text(encoding="utf-8"))
    for part in pointer.split("/"):
        node = node[part]
    return node["enum"]


@pytest.mark.parametrize(
    "values, file, pointer",
    [
        (list(Stance), "common.schema.json", "$defs/position_stance"),
        (list(STANCES), "common.schema.json", "$defs/stance"),
        (list(Status), "institution.schema.json", "$defs/document/properties/status"),
        (list(NOTE_LABELS), "institution.schema.json", "$defs/note/properties/kind"),
        (list(Origin), "templates.schema.json", "$defs/template/properties/origin"),
        (list(GroupId), "topics.schema.json", "properties/groups/items/properties/id"),
        (list(GroupId), "topics.schema.json", "properties/topics/items/properties/group"),
    ],
)
def test_schema_lists_the_models_values_in_its_order(values: list[StrEnum | str], file: str, pointer: str) -> None:
    assert schema_enum(file, pointer) == [str(v) for v in values]


def test_every_stance_has_its_words() -> None:
    for stance in Stance:
        assert stance.label and stance.meaning and stance.usual_wording
    assert Stance.NOT_ADDRESSED.label == "Not addressed"


def test_the_compare_filter_offers_every_stance_with_its_badge_word() -> None:
    import html
    import re

    from policykit.render.compare import compare_filters

    attr = re.search(r'data-stances="([^"]*)"', compare_filters())
    assert attr is not None
    assert json.loads(html.unescape(attr.group(1))) == {s.value: s.label for s in Stance}
