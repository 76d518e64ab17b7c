"""The thesaurus checks (policykit.thesaurus) and the prebuilt search index (policykit.search_index), without a browser."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, copy_fixture_data

sys.path.insert(0, str(ROOT / "hooks"))

from policykit import load_catalog, search_index, search_text, thesaurus  # noqa: E402
from policykit.errors import PolicyDataError  # noqa: E402
from policykit.yamlio import load_yaml  # noqa: E402


def problems_of(tmp_path: Path, body: str) -> list[str]:
    path = tmp_path / "thesaurus.yaml"
    path.write_text(body, encoding="utf-8")
    _, problems = thesaurus.read(path, "thesaurus.yaml")
    return [str(p) for p in problems]


def test_a_clean_thesaurus_has_no_problems(tmp_path: Path) -> None:
    body = "synonyms:\n  - [student, pupil, learner]\n  - [dm, direct message, private message]\n  - [add me, friend]\n"
    assert problems_of(tmp_path, body) == []
    groups, _ = thesaurus.read(tmp_path / "thesaurus.yaml", "thesaurus.yaml")
    assert groups == (("student", "pupil", "learner"), ("dm", "direct message", "private message"), ("add me", "friend"))


def test_each_mistake_is_one_line_with_file_line_and_column(tmp_path: Path) -> None:
    body = (
        "synonyms:\n"
        "  - [student, pupil, student]\n"  # twice in one group
        "  - [carer, Parent]\n"  # capitals
        "  - [the, learner]\n"  # a stop word
        "  - [pupil, kid]\n"  # already in another group
        "  - ['', ' dm']\n"  # empty, padded
    )
    found = problems_of(tmp_path, body)
    assert found == [
        "thesaurus.yaml:2:22: synonyms[0][2]: expected each entry once in the list; found 'student' again (already in this group, line 2)",
        "thesaurus.yaml:3:13: synonyms[1][1]: expected lowercase (search ignores case); found 'Parent', write 'parent'",
        "thesaurus.yaml:4:6: synonyms[2][0]: expected a word search can match; found 'the', a stop word that search drops",
        "thesaurus.yaml:5:6: synonyms[3][0]: expected each entry once in the list; found 'pupil' again (already in another group, line 2)",
        "thesaurus.yaml:6:6: synonyms[4][0]: expected a word or short phrase; found an empty entry",
        "thesaurus.yaml:6:10: synonyms[4][1]: expected no spaces around the entry; found ' dm'",
    ]


def test_a_phrase_with_stop_words_is_fine_but_not_only_stop_words(tmp_path: Path) -> None:
    assert thesaurus.entry_problem("add me") is None
    assert thesaurus.entry_problem("to the") is not None
    assert thesaurus.entry_problem("e-mail") is None
    assert thesaurus.entry_problem("dm!") is not None


def test_validate_reports_topic_synonym_and_thesaurus_problems(tmp_path: Path) -> None:
    data = copy_fixture_data(tmp_path)
    topics = data / "topics.yaml"
    text = topics.read_text(encoding="utf-8")
    text = text.replace("    description: Friending current students.\n",
                        "    description: Friending current students.\n    synonyms:\n      - [friend, connect, friend]\n", 1)
    topics.write_text(text, encoding="utf-8")
    (data / "thesaurus.yaml").write_text("synonyms:\n  - [student, 'a']\n", encoding="utf-8")
    with pytest.raises(PolicyDataError) as exc:
        load_catalog(data, root=tmp_path)
    lines = [str(p) for p in exc.value.problems]
    assert any(line.startswith("policy_data/topics.yaml:") and "synonyms[0][2]" in line and "'friend' again" in line for line in lines), lines
    assert any(line.startswith("policy_data/thesaurus.yaml:2:") and "stop word" in line for line in lines), lines
    result = subprocess.run([sys.executable, ROOT / "scripts" / "validate", data], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert len([x for x in result.stderr.splitlines() if "synonyms" in x]) == 2


def test_a_thesaurus_that_is_not_a_list_of_lists_fails_the_schema(tmp_path: Path) -> None:
    data = copy_fixture_data(tmp_path)
    (data / "thesaurus.yaml").write_text("synonyms:\n  - student\n", encoding="utf-8")
    with pytest.raises(PolicyDataError) as exc:
        load_catalog(data, root=tmp_path)
    assert any("thesaurus.yaml:2:" in str(p) for p in exc.value.problems)


def test_the_prebuilt_index_holds_each_rule_once_with_its_institution_and_topics(tmp_path: Path) -> None:
    data = copy_fixture_data(tmp_path)
    catalog = load_catalog(data, root=tmp_path)
    rule = catalog.institutions[0].rules[0]
    topic = next(t for t in catalog.topics if t.id in rule.topics)
    docs = [
        {"location": f"topics/{topic.id}/", "title": topic.title, "text": "<p>question</p>"},
        {"location": f"topics/{topic.id}/#{catalog.institutions[0].id}", "title": "repeat", "text": rule.text},
        {"location": f"faq/#{topic.id}", "title": "repeat", "text": rule.text},
        {"location": f"institutions/{catalog.institutions[0].id}/", "title": "page", "text": ""},
        {"location": f"institutions/{catalog.institutions[0].id}/#{rule.id}", "title": "rule", "text": f"<p>{rule.text}</p>"},
    ]
    index, texts = search_index.shape({"config": {}, "docs": docs}, catalog, [("pupil", "student")])
    locations = [index["pages"][p] + (f"#{a}" if a else "") for p, a in zip(index["page"], index["anchors"])]
    kinds = dict(zip(locations, index["kinds"]))
    assert kinds == {f"topics/{topic.id}/": "a", f"institutions/{catalog.institutions[0].id}/": "i",
                     f"institutions/{catalog.institutions[0].id}/#{rule.id}": "r"}
    assert sum(rule.text in t for t in texts) == 1
    rule_at = locations.index(f"institutions/{catalog.institutions[0].id}/#{rule.id}")
    assert index["owner"][rule_at] == 0 and index["topics"][index["filed"][rule_at][0]] in rule.topics
    assert index["heads"][index["page"][rule_at]] == locations.index(f"institutions/{catalog.institutions[0].id}/")
    assert index["synonyms"] == [["pupil", "student"]] and "the" in index["stop"]
    # Every word of the rule is in the index under its term, pointing at the rule's entry.
    term = search_text.term(search_text.words(rule.text)[-1].rstrip("."))
    assert term in index["terms"]


def test_postings_round_trip() -> None:
    encoded = search_index.encode_postings([(0, 1, 2), (5, 0, 1), (40, 2, 37)])
    assert encoded == "30UcNX3"
    assert search_index.inverted([("Friend requests", "<p>Staff &amp; friends</p>", "")])["terms"] == ["friend", "request", "staff"]


@pytest.mark.parametrize(("word", "term"), [("friends", "friend"), ("friending", "friend"), ("photos", "photo"),
                                           ("criticise", "critic"), ("criticized", "critic"), ("behaviour", "behavior"),
                                           ("centre", "center"), ("reporter", "reporter"), ("policies", "polici")])
def test_one_term_for_word_forms_and_spellings(word: str, term: str) -> None:
    assert search_text.term(word) == term


def test_the_real_thesaurus_and_topic_synonyms_are_valid() -> None:
    data, marks = load_yaml(ROOT / "policy_data" / "thesaurus.yaml", "thesaurus.yaml")
    assert thesaurus.check(data["synonyms"], marks, ("synonyms",)) == []


def test_a_reader_never_finds_a_search_file_missing_while_the_index_is_rewritten(tmp_path: Path) -> None:
    """The preview rewrites search/policy/ while pages may be loading it: every read of its
    files, during many rewrites, finds a whole file (old or new), never none."""
    import threading

    data = copy_fixture_data(tmp_path)
    catalog = load_catalog(data, root=data.parent)
    material = {"config": {"lang": ["en"]}, "docs": [{"location": "", "title": "Home", "text": "Staff and students"}]}
    search = tmp_path / "search"
    search_index._publish(search, material, catalog, [])
    names = sorted(p.name for p in (search / "policy").iterdir())
    missing: list[str] = []
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            for name in names:
                try:
                    assert (search / "policy" / name).read_bytes()
                except FileNotFoundError:
                    missing.append(name)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for _ in range(300):
            search_index._publish(search, material, catalog, [])
    finally:
        done.set()
        reader.join()
    assert missing == []
    assert sorted(p.name for p in (search / "policy").iterdir()) == names  # no leftovers
