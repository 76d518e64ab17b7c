"""The validator: one test per kind of mistake, asserting the exact message."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import edit

from policykit import PolicyDataError, load_catalog

A = "institutions/alpha.yaml"
B = "institutions/beta.yaml"
T = "topics.yaml"
TPL = "templates.yaml"


def problems(data: Path) -> list[str]:
    try:
        load_catalog(data, root=data.parent)
    except PolicyDataError as exc:
        return [str(p) for p in exc.problems]
    return []


def test_fixture_data_is_valid(fixture_data: Path) -> None:
    assert problems(fixture_data) == []


CASES = {
    "unknown topic": (A, "topics: [texting]", "topics: [textng]", [
        "policy_data/institutions/alpha.yaml:46:14: rules[1] (alpha-2).topics[0]: unknown topic 'textng'; expected an id from topics.yaml (did you mean 'texting'?)",
        "policy_data/institutions/alpha.yaml:70:13: positions.texting.rules[0]: expected rule 'alpha-2' to list topic 'texting' in its topics; found textng",
    ]),
    "unknown stance": (A, "stance: restricted\n    audience", "stance: forbidden\n    audience", [
        "policy_data/institutions/alpha.yaml:44:13: rules[1] (alpha-2).stance: expected one of required, prohibited, restricted, discouraged, permitted, encouraged; found text 'forbidden'",
    ]),
    "missing required field": (A, "    summary: Texting needs the Head's written permission.\n", "", [
        "policy_data/institutions/alpha.yaml:38:5: rules[1] (alpha-2).summary: expected a required field 'summary'; found none",
    ]),
    "unknown field": (A, "    title: Student photos\n", "    title: Student photos\n    stanse: prohibited\n", [
        "policy_data/institutions/alpha.yaml:57:5: rules[2] (alpha-3).stanse: unknown field; expected one of audience, conditions, exceptions, footnotes, id, keywords, notes, ref, section, see_also, stance, summary, text, title, topics, unreviewed (did you mean 'stance'?)",
    ]),
    "wrong type": (A, "audience: [staff]\n    topics: [texting]", "audience: staff\n    topics: [texting]", [
        "policy_data/institutions/alpha.yaml:45:15: rules[1] (alpha-2).audience: expected a list; found text 'staff'",
    ]),
    "duplicate rule id": (A, "id: alpha-3", "id: alpha-2", [
        "policy_data/institutions/alpha.yaml:53:9: rules[2].id: duplicate id; expected ids unique across the site; found 'alpha-2', already used by rules[1] in policy_data/institutions/alpha.yaml",
        "policy_data/institutions/alpha.yaml:74:13: positions.student-images.rules[0]: unknown rule 'alpha-3'; expected a rule id of alpha",
    ]),
    "rule id without institution prefix": (A, "id: alpha-3", "id: photos-3", [
        "policy_data/institutions/alpha.yaml:53:9: rules[2].id: expected an id starting with 'alpha-'; found 'photos-3'",
        "policy_data/institutions/alpha.yaml:74:13: positions.student-images.rules[0]: unknown rule 'alpha-3'; expected a rule id of alpha",
    ]),
    "dangling see_also": (A, "see_also: [beta-a]", "see_also: [beta-b]", [
        "policy_data/institutions/alpha.yaml:36:16: rules[0] (alpha-1).see_also[0]: unknown rule 'beta-b'; expected a rule id of another institution",
    ]),
    "see_also to own rule": (A, "see_also: [beta-a]", "see_also: [alpha-2]", [
        "policy_data/institutions/alpha.yaml:36:16: rules[0] (alpha-1).see_also[0]: expected a rule of another institution; found 'alpha-2', a rule of alpha",
    ]),
    "quote not found": (A, "text: Photos of students must not be posted without consent.", "text: Photos of pupils must not be posted without consent.", [
        "policy_data/institutions/alpha.yaml:57:11: rules[2] (alpha-3).text: expected a verbatim quote of policy_data/sources/alpha.txt; found text that departs from the source after 'Photos of ' (the quote goes on 'pupils must not be posted', the source on 'students must not be post')",
    ]),
    "exception not found": (A, "- A close family member is an exception.", "- A close friend is an exception.", [
        "policy_data/institutions/alpha.yaml:35:9: rules[0] (alpha-1).exceptions[0]: expected a verbatim quote of policy_data/sources/alpha.txt; found text that departs from the source after 'A close f' (the quote goes on 'riend is an exception.', the source on 'amily member is an except')",
    ]),
    "impossible date": (A, "issued: 2020-01-15", "issued: 2020-02-30", [
        "policy_data/institutions/alpha.yaml:15:11: document.issued: expected a real date; found '2020-02-30' (day is out of range for month)",
    ]),
    "malformed date": (A, "issued: 2020-01-15", "issued: 15/01/2020", [
        "policy_data/institutions/alpha.yaml:15:11: document.issued: expected a date written YYYY-MM-DD (or YYYY-MM, or YYYY); found text '15/01/2020'",
    ]),
    "missing source file": (A, "source: alpha.txt", "source: alpha2.txt", [
        'policy_data/institutions/alpha.yaml:13:11: document.source: expected the source text at policy_data/sources/alpha2.txt; found no such file',
    ]),
    "missing position": (B, "  student-images:\n    stance: not-addressed\n    summary: The guidance does not mention photos.\n", "", [
        "policy_data/institutions/beta.yaml:33:3: positions.student-images: expected a position for topic 'student-images' (stance: not-addressed when the document is silent); found none",
    ]),
    "unknown position topic": (B, "  student-images:\n", "  student-image:\n", [
        "policy_data/institutions/beta.yaml:33:3: positions.student-images: expected a position for topic 'student-images' (stance: not-addressed when the document is silent); found none",
        "policy_data/institutions/beta.yaml:40:3: positions.student-image: unknown topic; expected an id from topics.yaml (did you mean 'student-images'?)",
    ]),
    "position rule without its topic": (A, "rules: [alpha-3]", "rules: [alpha-1]", [
        "policy_data/institutions/alpha.yaml:74:13: positions.student-images.rules[0]: expected rule 'alpha-1' to list topic 'student-images' in its topics; found friend-requests-students",
    ]),
    "not-addressed citing rules": (B, "summary: The guidance does not mention texting.", "summary: The guidance does not mention texting.\n    rules: [beta-a]", [
        'policy_data/institutions/beta.yaml:40:12: positions.texting.rules: expected no rules for a not-addressed position; found 1',
    ]),
    "addressed citing nothing": (A, "    rules: [alpha-3]\n", "", [
        "policy_data/institutions/alpha.yaml:72:5: positions.student-images.rules: expected the rules a 'prohibited' position rests on; found none",
    ]),
    "unknown position rule": (A, "rules: [alpha-3]", "rules: [alpha-4]", [
        "policy_data/institutions/alpha.yaml:74:13: positions.student-images.rules[0]: unknown rule 'alpha-4'; expected a rule id of alpha",
    ]),
    "unknown section": (A, "section: rules\n    title: Student photos", "section: rulez\n    title: Student photos", [
        "policy_data/institutions/alpha.yaml:55:14: rules[2] (alpha-3).section: unknown section 'rulez'; expected one of the ids under sections (did you mean 'rules'?)",
    ]),
    "id not the file name": (B, "id: beta\n", "id: gamma\n", [
        "policy_data/institutions/beta.yaml:2:5: id: expected the file's name, 'beta'; found 'gamma'",
    ]),
    "duplicate short name": (B, "short_name: Beta", "short_name: alpha", [
        "policy_data/institutions/beta.yaml:4:13: short_name: expected a short name no other institution uses; found 'alpha', also used in policy_data/institutions/alpha.yaml as 'Alpha' (names are compared ignoring case, spacing and character forms)",
    ]),
    "unknown faq rule": (B, "includes following.'\n    rules: [beta-a]", "includes following.'\n    rules: [beta-z]", [
        "policy_data/institutions/beta.yaml:48:13: faq[0] (beta-question-1).rules[0]: unknown rule 'beta-z'; expected a rule id of beta",
    ]),
    "unknown history rule": (A, "rule: alpha-2\n", "rule: alpha-9\n", [
        "policy_data/institutions/alpha.yaml:77:11: history[0].rule: unknown rule 'alpha-9'; expected a rule id of alpha",
    ]),
    "duplicate key": (A, "region: North\n", "region: North\nregion: South\n", [
        'policy_data/institutions/alpha.yaml:7:1: region: duplicate key (first written on line 6); expected each key once',
    ]),
    "link with javascript scheme": (A, "region: North\n", "region: North\nwebsite: javascript:alert(1)\n", [
        "policy_data/institutions/alpha.yaml:7:10: website: expected an http, https or mailto link; found text 'javascript:alert(1)'",
    ]),
    "topic with no question": (T, "    question: May I text students?\n", "", [
        "policy_data/topics.yaml:15:5: topics[1] (texting).question: expected a required field 'question'; found none",
    ]),
    "topic question without question mark": (T, "question: May I text students?", "question: May I text students", [
        "policy_data/topics.yaml:18:15: topics[1] (texting).question: expected a question ending with '?'; found 'May I text students'",
    ]),
    "unknown group": (T, "group: content\n", "group: contnet\n", [
        "policy_data/topics.yaml:21:12: topics[2] (student-images).group: expected one of contact, accounts, content, oversight; found text 'contnet' (did you mean 'content'?)",
    ]),
    "unknown template institution": (TPL, "institutions: [alpha, beta]", "institutions: [alpha, gamma]", [
        "policy_data/templates.yaml:6:27: templates[0] (decline-request).institutions[1]: unknown institution 'gamma'; expected one of alpha, beta",
        "policy_data/templates.yaml:8:22: templates[0] (decline-request).rules[1]: expected a rule of alpha, gamma; found 'beta-a', a rule of beta (add 'beta' to institutions)",
    ]),
    "template rule of another institution": (TPL, "institutions: [alpha, beta]", "institutions: [alpha]", [
        "policy_data/templates.yaml:8:22: templates[0] (decline-request).rules[1]: expected a rule of alpha; found 'beta-a', a rule of beta (add 'beta' to institutions)",
    ]),
    "undeclared placeholder": (TPL, "[Your name]\n", "[Your full name]\n", [
        "policy_data/templates.yaml:9:11: templates[0] (decline-request).body: undeclared placeholder [Your full name]; expected it under placeholders (name, label, example) (did you mean 'Your name'?)",
        "policy_data/templates.yaml:17:15: templates[0] (decline-request).placeholders[1].name: unused placeholder 'Your name'; expected [Your name] in the body",
    ]),
    "unused placeholder": (TPL, "[Your name]\n", "Thank you\n", [
        "policy_data/templates.yaml:17:15: templates[0] (decline-request).placeholders[1].name: unused placeholder 'Your name'; expected [Your name] in the body",
    ]),
    "policy wording not in source": (TPL, "body: Staff must not accept friend requests from current students.", "body: Staff must never accept friend requests.", [
        "policy_data/templates.yaml:27:11: templates[1] (alpha-printed).body: expected wording printed in policy_data/sources/alpha.txt (origin is 'policy'); found text that departs from the source after 'Staff must n' (the quote goes on 'ever accept friend reques', the source on 'ot accept friend requests')",
    ]),
    "policy wording without source_ref": (TPL, "    source_ref: alpha-1\n", "", [
        "policy_data/templates.yaml:20:5: templates[1] (alpha-printed).source_ref: expected the id of the rule or FAQ entry that prints this wording (origin is 'policy'); found none",
    ]),
}


@pytest.mark.parametrize("name", list(CASES))
def test_each_mistake_gives_its_message(fixture_data: Path, name: str) -> None:
    file, old, new, expected = CASES[name]
    edit(fixture_data / file, old, new)
    assert problems(fixture_data) == expected


def write(path: Path, content: bytes | str) -> None:
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))


def test_yaml_syntax_error(fixture_data: Path) -> None:
    edit(fixture_data / A, "audience: [staff]\ndocument:", "audience: [staff\ndocument:")
    assert problems(fixture_data) == [
        "policy_data/institutions/alpha.yaml:9:9: YAML syntax: expected ',' or a closing bracket (did not find expected "
        "',' or ']' while parsing a flow sequence that starts on line 8); found ':'"
    ]


def test_tab_indentation(fixture_data: Path) -> None:
    edit(fixture_data / A, "  title: Alpha Academy Social Media Rules", "\ttitle: Alpha Academy Social Media Rules")
    assert problems(fixture_data) == [
        "policy_data/institutions/alpha.yaml:10:1: YAML syntax: expected spaces for indentation; found a tab character"
    ]


def test_empty_file(fixture_data: Path) -> None:
    write(fixture_data / B, "")
    assert problems(fixture_data) == ["policy_data/institutions/beta.yaml:1: expected a mapping of fields; found an empty file"]


def test_file_not_utf8(fixture_data: Path) -> None:
    text = (fixture_data / B).read_text(encoding="utf-8")
    write(fixture_data / B, text.replace("Beta School guidance", "Beta Sch\u00f6ol guidance").encode("latin-1"))
    assert problems(fixture_data) == [
        "policy_data/institutions/beta.yaml:10: expected UTF-8 text; found byte 0xf6 that is not UTF-8 (save the file as UTF-8)"
    ]


def test_broken_topics_file(fixture_data: Path) -> None:
    write(fixture_data / T, "groups:\n  - id: contact\n   title: Contact\n")
    assert problems(fixture_data) == [
        "policy_data/topics.yaml:3:4: YAML syntax: expected list items ('- ') and keys indented like the ones around them "
        "(did not find expected '-' indicator while parsing a block collection that starts on line 2); found 't'"
    ]


def test_missing_templates_file(fixture_data: Path) -> None:
    (fixture_data / TPL).unlink()
    assert problems(fixture_data) == ["policy_data/templates.yaml: file not found; expected it to exist"]


def test_every_problem_is_reported_at_once(fixture_data: Path) -> None:
    edit(fixture_data / A, "stance: restricted\n    audience", "stance: forbidden\n    audience")
    edit(fixture_data / T, "question: May I text students?", "question: May I text students")
    edit(fixture_data / TPL, "[Your name]\n", "[Your full name]\n")
    found = problems(fixture_data)
    assert [p.split(":")[0] for p in found] == [
        "policy_data/institutions/alpha.yaml",
        "policy_data/templates.yaml",
        "policy_data/templates.yaml",
        "policy_data/topics.yaml",
    ]


def test_yaml_1_1_booleans_and_numbers_stay_strings(fixture_data: Path) -> None:
    # YAML 1.1 would read NO as false, 1.10 as the number 1.1 and 2020-01-15 as a date.
    edit(fixture_data / A, 'ref: "2"', "ref: 1.10")
    edit(fixture_data / A, "short_name: Alpha", "short_name: NO")
    edit(fixture_data / A, "region: North", "region: on")
    catalog = load_catalog(fixture_data, root=fixture_data.parent)
    alpha = catalog.institution("alpha")
    assert (alpha.short_name, alpha.region, alpha.rules[1].ref) == ("NO", "on", "1.10")
    assert alpha.document.issued == "2020-01-15"


def test_values_the_schema_wants_as_lists_are_not_coerced(fixture_data: Path) -> None:
    edit(fixture_data / A, "reviewed: [2021-02]", "reviewed: 2021-02")
    assert problems(fixture_data) == ["policy_data/institutions/alpha.yaml:16:13: document.reviewed: expected a list; found text '2021-02'"]


def test_validate_script_exit_codes(fixture_data: Path) -> None:
    import subprocess
    import sys

    from conftest import ROOT

    ok = subprocess.run([sys.executable, ROOT / "scripts" / "validate", fixture_data], capture_output=True, text=True, cwd=fixture_data.parent)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("policy data OK: 2 institutions, 3 topics, 4 rules, 2 templates")
    edit(fixture_data / A, "topics: [texting]", "topics: [textng]")
    bad = subprocess.run([sys.executable, ROOT / "scripts" / "validate", fixture_data], capture_output=True, text=True, cwd=fixture_data.parent)
    assert bad.returncode == 1
    assert "Traceback" not in bad.stderr
    assert bad.stderr.splitlines()[0].startswith("policy_data/institutions/alpha.yaml:46:14: rules[1] (alpha-2).topics[0]: unknown topic 'textng'")
    assert bad.stderr.splitlines()[-1] == "2 problems in the policy data; nothing was built."


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (T, "  - id: content\n", "  - id: contact\n", "groups[1].id: expected each group once; found 'contact' again"),
        (T, "  - id: texting\n", "  - id: friend-requests-students\n", "duplicate topic id; expected each id once; found 'friend-requests-students' again"),
        (A, "  - id: rules\n    title: Rules\n", "  - id: rules\n    title: Rules\n  - id: rules\n    title: More rules\n",
         "sections[1].id: expected each section id once; found 'rules' again"),
    ],
    ids=["group", "topic", "section"],
)
def test_an_id_given_twice_is_named_at_its_second_place(fixture_data: Path, file: str, old: str, new: str, message: str) -> None:
    edit(fixture_data / file, old, new)
    found = problems(fixture_data)
    assert sum(message in p for p in found) == 1, found
