"""Bad input: every kind of maintainer's mistake gives its exact message, fast.

Two layers:

- in-process (milliseconds each): the fixture data with one mistake made in it (a
  text edit of one file, or a whole-file mistake: empty, not UTF-8, missing),
  loaded by `policykit.load_catalog`, which must raise `PolicyDataError` whose
  problem lines are exactly the ones given. The kinds of mistake that
  tests/test_validate.py already pins (unknown topic, stance, see_also, quotes,
  positions, placeholders, ...) are not repeated here; together the two files
  cover every kind.
- real builds of a copy of whatever policy_data/ holds (marked `build`; its mistakes
  are made the same way in any valid data), for what only a build shows: a refused build exits
  with status 1, prints exactly the loader's problem lines (one line per problem,
  then one summary line) and no traceback, and leaves the last good site exactly
  as it was (the same files, bytes and times). (That valid changes build, with no
  problem line, is shown by tests/test_any_valid_data.py.)
"""

from __future__ import annotations

import hashlib
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT, copy_fixture_data, edit, run_build

from policykit import PolicyDataError, load_catalog

A = "institutions/alpha.yaml"
B = "institutions/beta.yaml"
T = "topics.yaml"
TPL = "templates.yaml"
PHOTO_SUMMARY = "    summary: Get consent before posting photos of students.\n"
LONG_SUMMARY = ("Not without consent, and only after the Head has checked every face in the picture, the caption "
                "and the place where the photo will be shown to the public online.")

# The form every problem line takes: the file under policy_data/, line and column where there are any.
PROBLEM_LINE = re.compile(r"^policy_data/\S+?(:\d+(:\d+)?)?: ")


def problems(data: Path) -> list[str]:
    """The loader's problem lines for the data in `data` (none if it loads)."""
    try:
        load_catalog(data, root=data.parent)
    except PolicyDataError as exc:
        lines = [str(p) for p in exc.problems]
        assert exc.summary().splitlines() == [*lines, f"{len(lines)} problem{'s' if len(lines) != 1 else ''} in the policy data; nothing was built."]
        return lines
    return []


def assert_well_formed(lines: list[str]) -> None:
    """Each line names its file under policy_data/ and says what was expected."""
    assert lines, "the data was accepted"
    for line in lines:
        assert PROBLEM_LINE.match(line) and "expected" in line, line


@dataclass(frozen=True)
class Case:
    name: str
    file: str  # under policy_data/
    old: str  # occurs exactly once in the fixture file
    new: str
    expected: tuple[str, ...]  # the problem lines, exactly


CASES = [
    # YAML itself
    Case("unquoted colon in a value", A, "    title: Student photos\n", "    title: Photos: none without consent\n", (
        "policy_data/institutions/alpha.yaml:56:18: YAML syntax: expected a value without ': ' in it (put text that has a colon in quotes); found ':'",
    )),
    Case("merge conflict markers", A, "region: North\n", "<<<<<<< HEAD\nregion: North\n=======\nregion: South\n>>>>>>> theirs\n", (
        "policy_data/institutions/alpha.yaml:7:1: YAML syntax: expected valid YAML (could not find expected ':' while scanning a simple key that starts on line 6); found 'r'",
    )),
    Case("stray document separator", A, "region: North\n", "region: North\n---\n", (
        "policy_data/institutions/alpha.yaml:7:1: YAML syntax: expected valid YAML (but found another document expected a single document in the stream that starts on line 2); found '-'",
    )),
    # schema: fields, types, allowed values
    Case("unknown field (typo of a key)", A, "    see_also: [beta-a]\n", "    see_alos: [beta-a]\n", (
        "policy_data/institutions/alpha.yaml:36:5: rules[0] (alpha-1).see_alos: unknown field; expected one of audience, conditions, exceptions, footnotes, id, keywords, notes, ref, section, see_also, stance, summary, text, title, topics, unreviewed (did you mean 'see_also'?)",
    )),
    Case("blank required text", A, PHOTO_SUMMARY, '    summary: ""\n', (
        "policy_data/institutions/alpha.yaml:58:14: rules[2] (alpha-3).summary: expected some text; found blank text",
    )),
    Case("empty value", A, PHOTO_SUMMARY, "    summary:\n", (
        "policy_data/institutions/alpha.yaml:58:13: rules[2] (alpha-3).summary: expected text; found an empty value",
    )),
    Case("wrong type: list for text", A, "    title: Student photos\n", "    title: [Student photos]\n", (
        "policy_data/institutions/alpha.yaml:56:12: rules[2] (alpha-3).title: expected text; found a list of 1 item",
    )),
    Case("empty list", A, "    topics: [student-images]\n", "    topics: []\n", (
        "policy_data/institutions/alpha.yaml:61:13: rules[2] (alpha-3).topics: expected at least 1 item(s); found an empty list",
    )),
    Case("item repeated in a list", A, "    topics: [student-images]\n", "    topics: [student-images, student-images]\n", (
        "policy_data/institutions/alpha.yaml:61:13: rules[2] (alpha-3).topics: expected each item once; found text 'student-images' more than once",
    )),
    Case("unknown audience", A, "audience: [staff]\n    topics: [texting]", "audience: [teachers]\n    topics: [texting]", (
        "policy_data/institutions/alpha.yaml:45:16: rules[1] (alpha-2).audience[0]: expected one of staff, leaders, students, parents, community; found text 'teachers' (did you mean 'leaders'?)",
    )),
    Case("unknown note kind", A, "      - kind: context\n", "      - kind: contxt\n", (
        "policy_data/institutions/alpha.yaml:51:15: rules[1] (alpha-2).notes[0].kind: expected one of slip, tension, ambiguity, draft, footnote, context; found text 'contxt' (did you mean 'context'?)",
    )),
    Case("unknown document status", B, "  status: draft\n", "  status: drafted\n", (
        "policy_data/institutions/beta.yaml:11:11: document.status: expected one of adopted, draft; found text 'drafted' (did you mean 'draft'?)",
    )),
    Case("bad date format", A, "review_due: 2022-06", 'review_due: "Jun 2022"', (
        "policy_data/institutions/alpha.yaml:18:15: document.review_due: expected a date written YYYY-MM-DD (or YYYY-MM, or YYYY); found text 'Jun 2022'",
    )),
    Case("impossible date in history", A, "  - date: 2024-03-01\n", '  - date: "2024-13-01"\n', (
        "policy_data/institutions/alpha.yaml:76:11: history[0].date: expected a real date; found '2024-13-01' (month must be in 1..12)",
    )),
    Case("id not a lowercase slug", A, "  - id: alpha-3\n", "  - id: ALPHA-3\n", (
        "policy_data/institutions/alpha.yaml:53:9: rules[2].id: expected a lowercase id of letters, digits and single hyphens; found text 'ALPHA-3'",
        "policy_data/institutions/alpha.yaml:74:13: positions.student-images.rules[0]: unknown rule 'alpha-3'; expected a rule id of alpha",
    )),
    # ids
    Case("duplicate template id", TPL, "  - id: alpha-printed\n", "  - id: decline-request\n", (
        "policy_data/templates.yaml:20:9: templates[1].id: duplicate id; expected ids unique across the site; found 'decline-request', already used by templates[0] in policy_data/templates.yaml",
    )),
    # quotes checked against the source
    Case("document FAQ answer not in the source", B, "answer: '\"Friending\" includes following.'", "answer: '\"Friending\" includes liking.'", (
        "policy_data/institutions/beta.yaml:47:13: faq[0] (beta-question-1).answer: expected a verbatim quote of policy_data/sources/beta.txt; found text that departs from the source after '\"Friending\" includes ' (the quote goes on 'liking.', the source on 'following.')",
    )),
    Case("ignored sentence not in the source", A, "history:\n",
         "ignored:\n  - text: Page 1 of 3 -- Alpha Academy, 1 Example Road\n    reason: A page footer.\nhistory:\n", (
        "policy_data/institutions/alpha.yaml:76:11: ignored[0].text: expected a verbatim quote of policy_data/sources/alpha.txt; found text that departs from the source after 'Page 1 of ' (the quote goes on '3 -- Alpha Academy, 1 Exa', the source on '2 -- Alpha Academy, 1 Exa')",
    )),
    # positions
    Case("position key not an id", A, "  texting:\n    stance: restricted", "  Texting:\n    stance: restricted", (
        "policy_data/institutions/alpha.yaml:67:3: positions.Texting: expected a key that is a lowercase id of letters, digits and single hyphens; found text 'Texting'",
    )),
    Case("position summary longer than 150 characters", A, "    summary: Not without consent.\n", f"    summary: {LONG_SUMMARY}\n", (
        f"policy_data/institutions/alpha.yaml:73:14: positions.student-images.summary: expected at most 150 characters (one line); found {len(LONG_SUMMARY)}",
    )),
    # templates
    Case("template cites an unknown rule", TPL, "rules: [alpha-1]\n    body: Staff", "rules: [alpha-9]\n    body: Staff", (
        "policy_data/templates.yaml:26:13: templates[1] (alpha-printed).rules[0]: unknown rule 'alpha-9'; expected a rule id",
    )),
    Case("template names an unknown topic", TPL, "    origin: suggested\n", "    origin: suggested\n    topics: [textng]\n", (
        "policy_data/templates.yaml:8:14: templates[0] (decline-request).topics[0]: unknown topic 'textng'; expected an id from topics.yaml (did you mean 'texting'?)",
    )),
    Case("suggested template with a source_ref", TPL, "    origin: suggested\n", "    origin: suggested\n    source_ref: alpha-1\n", (
        "policy_data/templates.yaml:8:17: templates[0] (decline-request).source_ref: expected no source_ref for origin 'suggested' (it names where policy wording is printed); found 'alpha-1'",
    )),
]


def test_the_cases_are_distinct() -> None:
    from test_validate import CASES as VALIDATE_CASES

    names = [c.name for c in CASES]
    assert len(set(names)) == len(names)
    assert not set(names) & set(VALIDATE_CASES)
    assert len({(c.file, c.old, c.new) for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_mistake_gives_its_exact_lines(case: Case, fixture_data: Path) -> None:
    edit(fixture_data / case.file, case.old, case.new)
    found = problems(fixture_data)
    assert_well_formed(found)
    assert found == list(case.expected)


# -- whole-file mistakes, in-process -----------------------------------------


@pytest.mark.parametrize("content", [b"", b"\n\n", b"# yaml-language-server: $schema=../schema/institution.schema.json\n"],
                         ids=["empty", "blank lines", "only a comment"])
def test_empty_institution_file(content: bytes, fixture_data: Path) -> None:
    (fixture_data / B).write_bytes(content)
    assert problems(fixture_data) == ["policy_data/institutions/beta.yaml:1: expected a mapping of fields; found an empty file"]


def test_topics_file_saved_as_latin1(fixture_data: Path) -> None:
    path = fixture_data / T
    text = path.read_text(encoding="utf-8").replace("    title: Student photos\n", "    title: Student photos (photos d'élèves)\n")
    path.write_bytes(text.encode("latin-1"))
    line = text.split("\n").index("    title: Student photos (photos d'élèves)") + 1
    assert problems(fixture_data) == [f"policy_data/topics.yaml:{line}: expected UTF-8 text; found byte 0xe9 that is not UTF-8 (save the file as UTF-8)"]


def test_source_file_not_utf8(fixture_data: Path) -> None:
    path = fixture_data / "sources" / "alpha.txt"
    raw = path.read_bytes()
    assert raw.count(b"Example Road") == 1
    path.write_bytes(raw.replace(b"Example Road", b"Exampl\xe9 Road"))
    line = raw[: raw.index(b"Example Road")].count(b"\n") + 1
    assert problems(fixture_data) == [f"policy_data/sources/alpha.txt:{line}: expected UTF-8 text; found bytes that are not UTF-8"]


@pytest.mark.parametrize("name", [T, TPL])
def test_missing_data_file(name: str, fixture_data: Path) -> None:
    (fixture_data / name).unlink()
    assert problems(fixture_data) == [f"policy_data/{name}: file not found; expected it to exist"]


def test_missing_source_file(fixture_data: Path) -> None:
    (fixture_data / "sources" / "alpha.txt").unlink()
    line = (fixture_data / A).read_text(encoding="utf-8").split("\n").index("  source: alpha.txt") + 1
    assert problems(fixture_data) == [
        f"policy_data/institutions/alpha.yaml:{line}:11: document.source: expected the source text at policy_data/sources/alpha.txt; found no such file"
    ]


def test_no_institution_files(fixture_data: Path) -> None:
    for path in (fixture_data / "institutions").glob("*.yaml"):
        path.unlink()
    found = problems(fixture_data)
    assert_well_formed(found)
    # First the cause; then each template line that named an institution or rule.
    assert found[0] == "policy_data/institutions: expected at least one institution file (<id>.yaml); found none"
    assert all(line.startswith("policy_data/templates.yaml:") for line in found[1:])


def test_institution_file_saved_as_yml(fixture_data: Path) -> None:
    (fixture_data / A).rename(fixture_data / "institutions" / "alpha.yml")
    found = problems(fixture_data)
    assert_well_formed(found)
    assert found[0] == "policy_data/institutions/alpha.yml: expected institution files named <id>.yaml; found 'alpha.yml' (rename it to alpha.yaml)"


# -- real builds: what only a build shows ---------------------------------------

# How MkDocs introduces the first line of the hook's message.
MKDOCS_ERROR = re.compile(r"^ERROR\s*-\s+")


def snapshot(folder: Path) -> dict[str, tuple[str, int] | None]:
    """Every file (sha256 and modification time) and folder under `folder`."""
    out: dict[str, tuple[str, int] | None] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        out[rel] = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns) if path.is_file() else None
    return out


def build_output_lines(output: str, data: Path) -> list[str]:
    """The build's output lines, MkDocs' prefix dropped and the data folder read as `policy_data/`."""
    prefix = str(data.parent.resolve()) + "/"
    return [MKDOCS_ERROR.sub("", line).replace(prefix, "") for line in output.splitlines()]


def first_institution(data: Path) -> Path:
    return sorted((data / "institutions").glob("*.yaml"))[0]


def copy_real_data(dest: Path) -> Path:
    """A copy of whatever policy_data/ holds, as `dest/policy_data` (the real
    mkdocs.yml's hand-written pages link to its topics, so builds use real data)."""
    return Path(shutil.copytree(ROOT / "policy_data", dest / "policy_data"))


def replace_line(path: Path, pattern: str, new: str) -> None:
    """Replace the first line matching `pattern` (a regex for a whole line) by `new`."""
    text = path.read_text(encoding="utf-8")
    edited, count = re.subn(pattern, new, text, count=1, flags=re.M)
    assert count == 1, f"no line matches {pattern!r} in {path}"
    path.write_text(edited, encoding="utf-8")


@pytest.fixture(scope="module")
def last_good(built_site: Path, tmp_path_factory) -> tuple[Path, dict]:
    """A copy of the real site (the session's build); every refused build goes into the same folder."""
    folder = tmp_path_factory.mktemp("last-good") / "site"
    shutil.copytree(built_site, folder)
    files = snapshot(folder)
    assert "index.html" in files
    return folder, files


def yaml_syntax(data: Path) -> None:
    with first_institution(data).open("a", encoding="utf-8") as f:
        f.write("broken: [not closed\n")


def quotes_depart(data: Path) -> None:
    # The source keeps only its first line: the quotes of every later line depart from it.
    source = data / "sources" / f"{first_institution(data).stem}.txt"
    source.write_text(source.read_text(encoding="utf-8").split("\n", 1)[0] + "\n", encoding="utf-8")


def id_not_the_file_name(data: Path) -> None:
    replace_line(first_institution(data), r"^id: .*$", "id: renamed-in-a-test")


def mistakes_in_several_files(data: Path) -> None:
    yaml_syntax(data)
    (data / "templates.yaml").write_text("templates: [\n", encoding="utf-8")
    replace_line(data / "topics.yaml", r"^(\s+question: .*)\?$", r"\1")


BUILD_CASES = {
    "YAML syntax": yaml_syntax,
    "quotes that depart from their source": quotes_depart,
    "a mistake with consequences in other files": id_not_the_file_name,
    "mistakes in several files": mistakes_in_several_files,
}


@pytest.mark.build
@pytest.mark.parametrize("name", list(BUILD_CASES))
def test_a_refused_build_prints_the_problems_and_keeps_the_last_good_site(name: str, last_good, tmp_path: Path) -> None:
    folder, files = last_good
    data = copy_real_data(tmp_path)
    BUILD_CASES[name](data)
    expected = problems(data)
    assert_well_formed(expected)
    result = run_build(folder, data=data)
    output = result.stdout + result.stderr
    assert result.returncode == 1, f"exit status {result.returncode}\n{output}"
    assert "Traceback" not in output, output
    lines = build_output_lines(output, data)
    # One line per problem, exactly the loader's, in its order, then one summary line.
    shown = [line for line in lines if PROBLEM_LINE.match(line)]
    assert shown == expected, output
    summary = f"{len(expected)} problem{'s' if len(expected) != 1 else ''} in the policy data; nothing was built."
    assert lines.count(summary) == 1, output
    assert snapshot(folder) == files, "the last good site was changed"
