"""The drafter's pure parts on texts of many shapes: segments, refs, normative sentences, stances, topics, marks."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

from policykit.coverage import coverage
from policykit.draft import build_vocabulary, draft_rules, load_vocabulary
from policykit.draft.normative import is_normative
from policykit.draft.refs import heading_label
from policykit.draft.segment import segment
from policykit.draft.stance import suggest_stance
from policykit.draft.yamlout import institution_yaml
from policykit.review_marks import checksum_problems, unreviewed_items, write_checksum
from policykit.text import SourceText
from policykit.yamlio import load_yaml

TEXTS = ROOT / "tests" / "fixtures" / "texts"
FIXTURE_DATA = ROOT / "tests" / "fixtures" / "data"
TOPICS = [
    {"id": "friend-requests-students", "title": "Friend requests with students", "question": "Can I accept a friend request from a current student?", "description": "Friending current students."},
    {"id": "texting", "title": "Text messages", "question": "May I text students?", "description": "Text messages with students."},
    {"id": "student-images", "title": "Student photos", "question": "May I post photos of students?", "description": "Photos of students."},
]
VOCAB = build_vocabulary(TOPICS)


def read(name: str) -> str:
    return (TEXTS / name).read_bytes().decode("utf-8")


def refs(name: str) -> list[str]:
    return [r.ref for r in draft_rules(read(name), "x", VOCAB).rules]


def all_texts() -> list[tuple[str, str]]:
    """Every text the drafter can be tried on here: the fixtures and whatever policy_data/sources holds."""
    out = [(p.name, p.read_bytes().decode("utf-8")) for p in sorted(TEXTS.glob("*.txt"))]
    out += [(p.name, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "policy_data" / "sources").glob("*.txt"))]
    return out


@pytest.mark.parametrize(("name", "text"), all_texts(), ids=[n for n, _ in all_texts()])
def test_every_drafted_text_is_a_verbatim_quote_and_every_id_is_unique(name: str, text: str) -> None:
    draft = draft_rules(text, "x", VOCAB)
    source = SourceText(text)
    assert draft.rules, name
    for rule in draft.rules:
        assert source.find(rule.text) is not None, (name, rule.text)
        assert rule.section in {s.id for s in draft.sections}
    ids = [r.id for r in draft.rules]
    assert len(ids) == len(set(ids))
    assert all(i.startswith("x-") for i in ids)


def test_windows_line_endings_keep_line_numbers_and_lettered_lists_restart_under_each_heading() -> None:
    text = read("lettered.txt")
    assert "\r\n" in text
    draft = draft_rules(text, "x", VOCAB)
    assert [r.ref for r in draft.rules] == [
        "Contact A", "Contact B", "Contact B(i)", "Contact B(ii)", "Contact C",
        "Photographs A", "Photographs B", "Unacceptable practice A", "Unacceptable practice B",
    ]
    first = draft.rules[0]
    assert text.splitlines()[first.line - 1].startswith("A. Staff must not accept")
    assert draft.title == "Online Conduct Guidance for Staff" or "Larkspur" in draft.title
    assert [s.title for s in draft.sections] == ["Contact with pupils", "Photographs", "Unacceptable practice"]


def test_bullets_under_a_lead_in_heading_are_counted_as_paragraphs() -> None:
    draft = draft_rules(read("bullets.txt"), "hv", VOCAB)
    by_ref = {r.ref: r for r in draft.rules}
    assert by_ref["Staff must not ¶1"].text == "follow a current student on a personal account;"
    assert by_ref["Staff must not ¶1"].id == "hv-staff-must-not-1"
    assert by_ref["Prohibited content ¶2"].text == "Images of students without consent."


def test_dotted_numbering_brackets_and_a_sentence_broken_by_page_furniture() -> None:
    draft = draft_rules(read("dotted.txt"), "oak", VOCAB)
    assert [r.ref for r in draft.rules] == ["1.1", "1.2", "2.1", "2.1(a)", "2.1(b)", "2.2"]
    broken = draft.rules[-1].text
    assert broken == "Staff should not share photographs of students on […] personal accounts."
    assert "Page 1 of 2" not in " ".join(r.text for r in draft.rules)
    assert [s.title for s in draft.sections] == ["1. GENERAL", "2. COMMUNICATION"]


def test_one_long_paragraph_gives_one_rule_per_normative_sentence() -> None:
    draft = draft_rules(read("one_paragraph.txt"), "wm", VOCAB)
    # No heading and no title line: one neutral section, which the refs name.
    assert [(s.id, s.title) for s in draft.sections] == [("document", "Document")]
    assert {r.ref for r in draft.rules} == {"Document ¶1"}
    assert [r.id for r in draft.rules] == [f"wm-document-1-{c}" for c in "abcde"]
    assert draft.rules[1].text.startswith("Staff must not send or accept friend requests")
    # The closing description is no rule of its own; it stays with the sentence before it.
    assert draft.rules[-1].text.endswith("The college reviews this statement every two years.")


def test_a_documents_faq_is_numbered_faq_and_keeps_its_question() -> None:
    draft = draft_rules(read("faq.txt"), "bk", VOCAB)
    faq = [r for r in draft.rules if r.ref.startswith("FAQ")]
    assert [r.ref for r in faq] == ["FAQ 1"]
    assert faq[0].text.startswith("Can I text a pupil about a trip? Only through")
    assert [r.ref for r in draft.rules if not r.ref.startswith("FAQ")] == ["1", "2"]


@pytest.mark.parametrize(
    ("heading", "title", "label"),
    [
        ("Rules of Conduct:", "", "Conduct"),
        ("Relationship with other College policies", "", "Other policies"),
        ("Safeguarding considerations", "", "Safeguarding"),
        ("Posting Guidelines:", "", "Posting"),
        ("Further guidelines", "", "Further guidelines"),
        ("Rules to follow in class", "", "Rules to follow in class"),
        ("Use of online platforms", "Online Platforms Guidance", "Use of online platforms"),
        ("Online platforms and the end of a contract", "Online Platforms Guidance", "End of a contract"),
        ("Photographs and the end of a contract", "Online Platforms Guidance", "Photographs"),
    ],
)
def test_a_heading_as_a_ref_drops_words_that_only_name_its_kind_or_the_documents_subject(heading: str, title: str, label: str) -> None:
    assert heading_label(heading, title) == label


@pytest.mark.parametrize(
    ("heading", "label"),
    [
        ("Does your message meet the Fair Contact Standard?", "Fair Contact Standard"),
        ("Have you read the Code?", "Code"),
        ("Is the post appropriate?", "Is the post appropriate"),
        ("Does Your Message Meet the Fair Standard?", "Does Your Message Meet the Fair Standard"),
    ],
)
def test_a_yes_no_question_heading_is_named_by_the_name_it_asks_about(heading: str, label: str) -> None:
    assert heading_label(heading) == label


def test_text_above_the_first_heading_is_the_scope_and_headings_are_shortened_in_refs() -> None:
    text = (
        "Harbour College Messaging Guidance\n\n"
        "This guidance covers every member of staff.\n\nStaff must read it once a year.\n\n"
        "Legal considerations\n\nStaff must respect copyright.\n\n"
        "Messaging and the end of employment\n\nFormer staff must close class groups.\n"
    )
    draft = draft_rules(text, "hc", VOCAB)
    assert [r.ref for r in draft.rules] == ["Scope ¶2", "Legal ¶1", "End of employment ¶1"]


def test_a_worded_heading_after_a_numbered_one_names_its_own_paragraphs() -> None:
    text = (
        "I. Purpose\n\nStaff must read this policy.\n\nStaff should ask questions.\n\n"
        "II. Contact\n\nA. Messaging\n\nStaff must not text pupils.\n\n"
        "Class photographs\n\nStaff must not post photographs of pupils.\n\n"
        "B. Email\n\nStaff must use school email.\n"
    )
    assert [r.ref for r in draft_rules(text, "hc", VOCAB).rules] == ["I ¶1", "I ¶2", "II.A ¶1", "Class photographs ¶1", "II.B ¶1"]


def test_where_no_numbered_heading_holds_two_paragraphs_the_number_alone_names_one() -> None:
    text = (
        "A. Scope\n\nThis policy applies to all staff, who must follow it.\n\n"
        "B. Contact\n\n1. Staff must not text pupils.\n2. Staff must use school email.\n\n"
        "C. Questions\n\nStaff should ask their head teacher. The school will review this policy yearly.\n"
    )
    assert [r.ref for r in draft_rules(text, "hc", VOCAB).rules] == ["A", "B.1", "B.2", "C", "C"]
    second = text.replace("C. Questions\n\n", "C. Questions\n\nThe head teacher answers questions.\n\n")
    assert [r.ref for r in draft_rules(second, "hc", VOCAB).rules] == ["A ¶1", "B.1", "B.2", "C ¶2", "C ¶2"]


def test_a_numbered_heading_ends_the_lists_open_above_it() -> None:
    text = (
        "Pupil Contact Policy\n\nMessaging\n\n1. Staff must not text pupils.\n2. Staff must not call pupils at home.\n\n"
        "A. Safety\n\n1. Pupils must not share passwords.\n2. Pupils must not meet strangers.\n"
    )
    assert [r.ref for r in draft_rules(text, "hc", VOCAB).rules] == ["1", "2", "A.1", "A.2"]


def test_a_paragraph_after_a_lists_last_item_belongs_to_what_the_list_sits_under() -> None:
    text = (
        "Pupil Contact Policy\n\nMessaging\n\nStaff must use the school app for every message.\n\n"
        "1. Staff must not text pupils.\n2. Staff must not call pupils at home.\n\n"
        "Staff should report any message from a pupil.\n\n"
        "A. Safety\n\n1. Pupils must not share passwords.\n\n"
        "Pupils should tell a teacher about any odd request.\n\n"
        "2. Pupils must not meet strangers.\n\nPupils should always log out.\n\n"
        "B. Records\n\n1. Staff must keep a copy of each of these records:\n\nEvery message sent to a parent must be kept for a year.\n"
    )
    # Between items 1 and 2 the list goes on, so that paragraph is item 1's; after item 2 it is over;
    # after an item ending with ':' the paragraph finishes the item.
    assert [r.ref for r in draft_rules(text, "hc", VOCAB).rules] == [
        "Messaging ¶1", "1", "2", "Messaging ¶2", "A.1", "A.1 ¶2", "A.2", "A", "B.1", "B.1 ¶2",
    ]


def test_a_paragraph_that_opens_with_its_own_short_title_is_one_rule_named_by_it() -> None:
    text = (
        "Guidance for Staff\n\nRules of Conduct:\n\n"
        "Be honest. Use your real name and say that you work for the school.\n\n"
        "Are you adding value? Posts should help pupils learn. Staff must check facts.\n\n"
        "Your Part: What you post is your responsibility. Staff must check facts.\n\n"
        "Staff must not text pupils. Texting is private.\n\n"
        "Messaging Tools - Staff may use the school app to message parents.\n"
    )
    draft = draft_rules(text, "hc", VOCAB)
    assert [r.ref for r in draft.rules] == [
        "Conduct: Be honest", "Conduct: Are you adding value?", "Conduct: Your Part", "Conduct ¶4", "Messaging Tools",
    ]
    assert draft.rules[1].text == "Are you adding value? Posts should help pupils learn. Staff must check facts."


def test_a_one_sentence_lead_in_over_bullets_that_are_rules_is_the_headings_text() -> None:
    text = (
        "Good practice:\n\nIf you post online, please follow these principles:\n\n"
        "- Stick to facts.\n- Always pause before posting.\n\n"
        "Conduct\n\nThis code applies to all staff. Please follow these principles:\n\n- Stick to facts.\n"
    )
    assert [r.ref for r in draft_rules(text, "hc", VOCAB).rules] == [
        "Good practice", "Good practice ¶1", "Good practice ¶2", "Conduct ¶1", "Conduct ¶2",
    ]


def test_bullets_that_finish_a_lead_in_ending_with_to_are_rules_of_their_own() -> None:
    text = (
        "Conduct\n\nStaff must follow this code. For example, staff must not use messaging apps to:\n\n"
        "- breach the rules of regulatory bodies;\n- share pupils' records;\n- insult colleagues.\n"
    )
    draft = draft_rules(text, "hc", VOCAB)
    assert [(r.ref, r.text) for r in draft.rules][-3:] == [
        ("Conduct ¶2", "breach the rules of regulatory bodies;"),
        ("Conduct ¶3", "share pupils' records;"),
        ("Conduct ¶4", "insult colleagues."),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Staff must reply within a day.", "Staff shall keep records.", "Staff should check settings.",
        "The school will monitor accounts.", "Staff may use the platform.", "Staff may not use personal phones.",
        "Personal use is prohibited.", "Consent is required.", "Staff are expected to be polite.",
        "Staff are encouraged to report concerns.", "Anonymous posts are discouraged.", "Never share passwords.",
        "Do not post photographs of pupils.", "Use your real name.", "Always report a concern.",
        "If you made a mistake, admit it.", "The head reserves the right to close accounts.",
    ],
)
def test_normative_sentences(sentence: str) -> None:
    assert is_normative(sentence)


@pytest.mark.parametrize(
    "sentence",
    ["The school was founded in 1902.", "Social networks change quickly.", "Use of email is common.", "This guidance covers all staff."],
)
def test_descriptive_sentences_are_not_normative(sentence: str) -> None:
    assert not is_normative(sentence)


@pytest.mark.parametrize(
    ("text", "lead_in", "list_item", "stance"),
    [
        ("Staff must keep records.", "", False, "required"),
        ("Staff must not text pupils.", "", False, "prohibited"),
        ("Staff should not text pupils.", "", False, "discouraged"),
        ("Staff should check settings.", "", False, "encouraged"),
        ("Staff may use the platform.", "", False, "permitted"),
        ("Staff may text pupils only with written permission.", "", False, "restricted"),
        ("Do not post photographs of pupils.", "Good practice", True, "prohibited"),
        ("Never leave a device logged in.", "Good practice", True, "prohibited"),
        ("Check your privacy settings.", "Good practice", True, "encouraged"),
        ("share photographs of pupils;", "Staff must not:", True, "prohibited"),
        ("keep a record of contact;", "Staff must:", True, "required"),
        ("Personal contact details of pupils.", "Prohibited content:", True, "prohibited"),
        ("Staff should never use personal email to contact parents.", "Unacceptable practice", True, "prohibited"),
        ("Anonymous posts are strongly discouraged.", "", False, "discouraged"),
    ],
)
def test_suggested_stance(text: str, lead_in: str, list_item: bool, stance: str) -> None:
    assert suggest_stance(text, lead_in, list_item=list_item) == stance


def test_topics_come_from_the_topics_words_and_their_synonyms_when_present() -> None:
    sentence = "Staff must not run a group chat with pupils."
    plain_topics = [{**t} for t in TOPICS] + [{"id": "messaging-groups", "title": "Messaging groups", "question": "May I run a messaging group?", "description": "Groups on messaging apps."}]
    assert "messaging-groups" not in build_vocabulary(plain_topics).suggest("Do not add pupils on WhatsApp.")
    with_synonyms = [*TOPICS, {**plain_topics[-1], "synonyms": [["messaging group", "group chat", "WhatsApp"]]}]
    assert build_vocabulary(with_synonyms).suggest("Do not add pupils on WhatsApp.") == ["messaging-groups"]
    # The general thesaurus joins words to a topic that shares one of them.
    general = build_vocabulary(TOPICS, [["photo", "snapshot", "selfie"]])
    assert general.suggest("Never share a selfie with a pupil.") == ["student-images"]
    assert build_vocabulary(TOPICS).suggest(sentence) == []


def test_synonyms_are_read_tolerantly(tmp_path: Path) -> None:
    (tmp_path / "topics.yaml").write_text(
        "topics:\n  - id: texting\n    title: Text messages\n    question: May I text?\n    description: SMS.\n    synonyms: [[sms, whatsapp], 3, nonsense]\n",
        encoding="utf-8",
    )
    assert load_vocabulary(tmp_path).suggest("Never whatsapp a pupil.") == ["texting"]
    (tmp_path / "thesaurus.yaml").write_text("synonyms: not a list\n", encoding="utf-8")
    assert load_vocabulary(tmp_path).suggest("Never send an SMS to a pupil.") == ["texting"]


def test_the_draft_file_marks_every_drafted_item_and_validation_lists_each_by_line(tmp_path: Path) -> None:
    draft = draft_rules(read("bullets.txt"), "hv", VOCAB)
    path = tmp_path / "hv.yaml"
    path.write_text(institution_yaml("hv", draft, TOPICS, source_name="hv.txt"), encoding="utf-8")
    data, marks = load_yaml(path, "hv.yaml")
    problems = unreviewed_items(data, marks)
    assert len(problems) == len(draft.sections) + len(draft.rules) + len(TOPICS)
    lines = path.read_text(encoding="utf-8").splitlines()
    for problem in problems:
        assert lines[problem.line - 1].lstrip().startswith("unreviewed:"), problem
        assert str(problem).startswith(f"hv.yaml:{problem.line}:")
    assert data["positions"]["friend-requests-students"]["stance"] == "prohibited"
    assert data["positions"]["texting"]["rules"]
    assert all(p["rules"] == [] for p in data["positions"].values() if p["stance"] == "not-addressed")


def test_checksums_stale_missing_and_written(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "a.txt").write_text("Staff must not.\n", encoding="utf-8")
    (sources / "b.txt").write_text("Staff may.\n", encoding="utf-8")
    assert checksum_problems(tmp_path, str) == []  # no SHA256SUMS: not checked
    write_checksum(sources, "a.txt")
    assert checksum_problems(tmp_path, str) == []  # started with a line for every text
    (sources / "a.txt").write_text("Staff must never.\n", encoding="utf-8")
    (sources / "c.txt").write_text("New.\n", encoding="utf-8")
    found = [(p.field, p.line, p.message.split(";")[0]) for p in checksum_problems(tmp_path, str)]
    assert found == [("a.txt", 1, "expected the checksum of the current a.txt"), ("c.txt", None, "expected a line for c.txt")]
    write_checksum(sources, "a.txt")
    write_checksum(sources, "c.txt")
    assert checksum_problems(tmp_path, str) == []
    assert [line.split()[1] for line in (sources / "SHA256SUMS").read_text().splitlines()] == ["a.txt", "b.txt", "c.txt"]


def test_coverage_counts_will_and_may_sentences_and_sentences_across_wrapped_lines() -> None:
    source = SourceText("Rules\n\nBreaches will lead to\ndisciplinary action. Staff may use the\nportal. The school is large.\n")
    report = coverage(source, ["Staff may use the portal."], [])
    assert [(s.status, s.line, s.text) for s in report.sentences] == [
        ("missing", 3, "Breaches will lead to disciplinary action."),
        ("captured", 4, "Staff may use the portal."),
    ]


def test_coverage_and_the_drafter_share_one_definition() -> None:
    for name, text in all_texts():
        source = SourceText(text)
        drafted = [r.text for r in draft_rules(text, "x", VOCAB).rules]
        report = coverage(source, drafted, [])
        assert report.count("missing") == 0, (name, [s.text for s in report.filtered("missing").sentences])
