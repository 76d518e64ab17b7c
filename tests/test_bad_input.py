"""Bad input: a maintainer's mistake in the real data stops the real build cleanly.

Each case copies the real `policy_data/`, makes one mistake in it (a text edit
of a real file, or a whole-file mistake: empty, not UTF-8, missing), and runs
the real strict `mkdocs build` into a folder that holds the last good site.
Every case must:

- exit with status 1, with no traceback;
- print one line per problem, `policy_data/<file>[:line[:column]]: ...`, the
  first of them naming the file, the line (where the mistake has one) and the
  field of the mistake, what was expected and what was found;
- leave the last good site exactly as it was: the same files, bytes and times.

The builds point POLICY_DATA at the copy, so the hook names files by a path
outside the project; `problem_lines` maps each file named back into the copy
and reads it as `policy_data/...`, the way a maintainer's build shows it.

A case marked xfail is a real defect: its test asserts the right behaviour.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT, run_build

# About seventy builds of the real site.
pytestmark = pytest.mark.slow

# -- harness -----------------------------------------------------------------

# How MkDocs introduces the first line of the hook's message.
MKDOCS_ERROR = re.compile(r"^ERROR\s*-\s+")
# A problem line's location: the file, then line and column where there are any.
LOCATION = re.compile(r"^(?P<file>\S+?)(?::(?P<line>\d+)(?::(?P<column>\d+))?)?: ")
# The form every problem line takes once its file is read as policy_data/...
PROBLEM_LINE = re.compile(r"^policy_data/\S+?(:\d+(:\d+)?)?: ")
SUMMARY_LINE = re.compile(r"^(\d+) problems? in the policy data; nothing was built\.$")


def snapshot(folder: Path) -> dict[str, tuple[str, int] | None]:
    """Every file (sha256 and modification time) and folder under `folder`."""
    out: dict[str, tuple[str, int] | None] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        out[rel] = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns) if path.is_file() else None
    return out


@dataclass
class LastGoodSite:
    folder: Path
    backup: Path
    files: dict[str, tuple[str, int] | None]

    def restore(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        shutil.copytree(self.backup, self.folder)  # copy2: bytes and modification times


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    """The real data, copied once: every case starts from this copy."""
    data = tmp_path_factory.mktemp("real-data") / "policy_data"
    shutil.copytree(ROOT / "policy_data", data)
    return data


@pytest.fixture
def data(pristine: Path, tmp_path: Path) -> Path:
    """A fresh copy of the real data for one case, as `<tmp>/policy_data`."""
    copy = tmp_path / "policy_data"
    shutil.copytree(pristine, copy)
    return copy


@pytest.fixture(scope="module")
def last_good(pristine: Path, tmp_path_factory) -> LastGoodSite:
    """The real data built once; every bad build goes into the same folder."""
    base = tmp_path_factory.mktemp("last-good")
    folder = base / "site"
    result = run_build(folder, data=pristine)
    assert result.returncode == 0, result.stdout + result.stderr
    backup = base / "backup"
    shutil.copytree(folder, backup)
    files = snapshot(folder)
    assert "index.html" in files and "institutions/cms/index.html" in files
    return LastGoodSite(folder, backup, files)


@pytest.fixture
def site(last_good: LastGoodSite):
    """The last good site; put back as it was if a case changed it."""
    yield last_good
    if snapshot(last_good.folder) != last_good.files:
        last_good.restore()


def problem_lines(output: str, data: Path) -> list[str]:
    """The hook's problem lines, each with its file read as `policy_data/...`."""
    found = []
    for raw in output.splitlines():
        line = MKDOCS_ERROR.sub("", raw)
        m = LOCATION.match(line)
        if not m:
            continue
        path = (ROOT / m["file"]).resolve()  # a relative path is from the project; an absolute one stays
        try:
            rel = path.relative_to(data.parent.resolve())
        except ValueError:
            continue
        # Paths inside the message (the source a quote is checked against) read the same way.
        rest = line[len(m["file"]):].replace(str(data.parent.resolve()) + "/", "")
        found.append(rel.as_posix() + rest)
    return found


def assert_refused(result, data: Path, site: LastGoodSite) -> list[str]:
    """Status 1, no traceback, the last good site untouched, well-formed problem lines."""
    output = result.stdout + result.stderr
    assert result.returncode == 1, f"exit status {result.returncode}\n{output}"
    assert "Traceback" not in output, output
    assert snapshot(site.folder) == site.files, "the last good site was changed"
    problems = problem_lines(output, data)
    assert problems, f"no problem line names a file of the data\n{output}"
    for line in problems:
        assert PROBLEM_LINE.match(line), line
    counts = [int(m[1]) for m in map(SUMMARY_LINE.match, output.splitlines()) if m]
    assert counts == [len(problems)], f"expected one summary line counting {len(problems)} problems\n{output}"
    return problems


def assert_first_problem(problems: list[str], *, file: str, line: int | None, field: str | None, words: list[str]) -> None:
    """The first problem line: its file, line, field, and what was expected and found."""
    first = problems[0]
    m = LOCATION.match(first)
    assert m, first
    assert m["file"] == file, first
    if line is None:
        assert m["line"] is None, f"expected no line number: {first}"
    else:
        assert m["line"] is not None and int(m["line"]) == line, f"expected line {line}: {first}"
    rest = first[m.end():]
    if field is not None:
        # Items with an id are named by it too (`rules[5] (cms-3).summary`); the cases give the index only.
        assert re.sub(r"\] \([a-z0-9-]+\)", "]", rest).startswith(f"{field}: "), f"expected the field {field}: {first}"
    assert "expected" in rest, first
    for word in words:
        assert word in rest, f"expected {word!r} in: {first}"


def apply_edit(path: Path, old: str, new: str) -> tuple[str, int]:
    """Replace `old`, which must occur exactly once, by `new`; the new text and where the edit starts."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    start = text.index(old)
    edited = text[:start] + new + text[start + len(old):]
    path.write_text(edited, encoding="utf-8")
    return edited, start


def line_of(edited: str, start: int, new: str, at: str) -> int:
    """The line holding the last character of `at`: found in `new` where the edit
    put it, or else the one place `at` occurs in the edited file."""
    if at in new:
        end = start + new.index(at) + len(at) - 1
    else:
        assert edited.count(at) == 1, f"{at!r} occurs {edited.count(at)} times"
        end = edited.index(at) + len(at) - 1
    return edited.count("\n", 0, end) + 1


# -- mistakes made by editing a real file --------------------------------------

CMS = "institutions/cms.yaml"
CPS = "institutions/cps.yaml"
CRYPT = "institutions/crypt.yaml"
CMSD82 = "institutions/cmsd82.yaml"
TOPICS = "topics.yaml"
TEMPLATES = "templates.yaml"

CMS_3_SUMMARY = '    summary: "Staff may not be in contact with students, parents or guardians through any personal social-media account."\n'
CMS_3_TOPICS = "    topics: [channels-students, channels-parents, friend-requests-students, friend-requests-parents]\n"
CMS_2_AUDIENCE = "    audience: [staff]\n    topics: [channels-students, channels-parents, texting]"
CMS_FORMER_STUDENTS = '  former-students:\n    stance: permitted\n    summary: "Yes, once the student (or the teacher) has left CMS and is officially no longer on its rolls."\n'
CMS_IDENTITY = '  identity-transparency:\n    stance: not-addressed\n    summary: "The policy does not say whether staff must post under their real name or may post anonymously."\n    rules: []\n'
CMS_FRIEND_SUMMARY = "    summary: \"Do not send or accept requests; close family may be exempted at the teacher's discretion. Allowed once the student or teacher has left.\"\n"
CPS_TEMPLATE = "    institutions: [cps]\n    origin: policy\n    source_ref: cps-iii-d-2\n"
CPS_TEMPLATE_RULES = "    rules: [cps-iii-d-2, cps-iii-c-2-1]"
CRYPT_TEMPLATE = "    origin: suggested\n    topics: [speaking-for-school]\n"


@dataclass(frozen=True)
class Case:
    name: str
    file: str  # under policy_data/
    old: str  # occurs exactly once in the real file
    new: str
    at: str | None  # the last line of this text is where the mistake is reported (see line_of); None: no line
    field: str | None  # the field path the first problem names; None: none (YAML syntax)
    words: tuple[str, ...]  # what was expected and what was found, as the message says them
    where: str = ""  # the file the first problem names, if not `file`
    defect: str = ""  # why this case is expected to fail: a defect to fix

    @property
    def expected_file(self) -> str:
        return "policy_data/" + (self.where or self.file)


CASES = [
    # YAML itself
    Case("yaml syntax error", CMS, "audience: [staff, students]\ndocument:", "audience: [staff, students\ndocument:",
         "document:", None, ("YAML syntax", "expected ',' or ']'", "starts on line 12", "found ':'")),
    Case("tab indentation", CMS, '  title: "Policy & Guidelines: Use of Social Media in CMS"', '\ttitle: "Policy & Guidelines: Use of Social Media in CMS"',
         "\ttitle", None, ("YAML syntax", "expected spaces for indentation", "found a tab character")),
    Case("unquoted colon in a value", CMS, "    title: No personal social media contact\n", "    title: Contact: none through personal media\n",
         "title: Contact:", None, ("YAML syntax", "expected a value without ': ' in it", "found ':'")),
    Case("merge conflict markers", CMS, "region: Lucknow, Uttar Pradesh\n",
         "<<<<<<< HEAD\nregion: Lucknow, Uttar Pradesh\n=======\nregion: Lucknow\n>>>>>>> theirs\n",
         "region: Lucknow, Uttar Pradesh", None, ("YAML syntax", "expected ':'", "starts on line 6", "found 'r'")),
    Case("stray document separator", CMS, "region: Lucknow, Uttar Pradesh\n", "region: Lucknow, Uttar Pradesh\n---\n",
         "---", None, ("YAML syntax", "expected a single document", "found '-'")),
    Case("broken topics.yaml", TOPICS, "  - id: contact\n    title: Contact\n", "  - id: contact\n   title: Contact\n",
         "   title: Contact", None, ("YAML syntax", "expected '-' indicator", "starts on line 5", "found 't'")),
    Case("duplicate key", CMS, "region: Lucknow, Uttar Pradesh\n", "region: Lucknow, Uttar Pradesh\nregion: Lucknow\n",
         "region: Lucknow\n", "region", ("duplicate key", "first written on line 6", "expected each key once")),
    # schema: fields, types, allowed values
    Case("unknown field (typo of a key)", CMS, "    see_also: [cps-iii-c-2-1, cps-i-2-3, crypt-scope-8, cmsd82-d-1]\n",
         "    see_alos: [cps-iii-c-2-1, cps-i-2-3, crypt-scope-8, cmsd82-d-1]\n",
         "see_alos", "rules[5].see_alos", ("unknown field", "expected one of audience,", "did you mean 'see_also'")),
    Case("missing required field", CMS, CMS_3_SUMMARY, "",
         "  - id: cms-3\n", "rules[5].summary", ("expected a required field 'summary'", "found none")),
    Case("blank required text", CMS, CMS_3_SUMMARY, '    summary: ""\n',
         'summary: ""', "rules[5].summary", ("expected some text", "found blank text")),
    Case("empty value", CMS, CMS_3_SUMMARY, "    summary:\n",
         "summary:", "rules[5].summary", ("expected text", "found an empty value")),
    Case("wrong type: text for a list", CMS, CMS_2_AUDIENCE, CMS_2_AUDIENCE.replace("[staff]", "staff"),
         "audience: staff", "rules[4].audience", ("expected a list", "found text 'staff'")),
    Case("wrong type: list for text", CMS, "    title: No personal social media contact\n", "    title: [No personal social media contact]\n",
         "title: [", "rules[5].title", ("expected text", "found a list of 1 item")),
    Case("empty list", CMS, CMS_3_TOPICS, "    topics: []\n",
         "topics: []", "rules[5].topics", ("expected at least 1 item", "found an empty list")),
    Case("item repeated in a list", CMS, CMS_3_TOPICS, CMS_3_TOPICS.replace("friend-requests-parents", "channels-parents"),
         "topics:", "rules[5].topics", ("expected each item once", "found text 'channels-parents' more than once")),
    Case("unknown stance", CMS, "    stance: prohibited\n" + CMS_2_AUDIENCE, "    stance: forbidden\n" + CMS_2_AUDIENCE,
         "stance: forbidden", "rules[4].stance", ("expected one of required, prohibited, restricted", "found text 'forbidden'")),
    Case("unknown audience", CMS, CMS_2_AUDIENCE, CMS_2_AUDIENCE.replace("[staff]", "[teachers]"),
         "audience: [teachers]", "rules[4].audience[0]", ("expected one of staff, leaders, students", "found text 'teachers'")),
    Case("unknown note kind", CMS, '      - kind: context\n        text: "Rule 5 refers back', '      - kind: contxt\n        text: "Rule 5 refers back',
         "kind: contxt", "rules[1].notes[0].kind", ("expected one of slip, tension", "found text 'contxt'", "did you mean 'context'")),
    Case("unknown document status", CPS, "  status: draft\n", "  status: drafted\n",
         "status: drafted", "document.status", ("expected one of adopted, draft", "found text 'drafted'")),
    Case("javascript: link in website", CMS, "region: Lucknow, Uttar Pradesh\n", "region: Lucknow, Uttar Pradesh\nwebsite: javascript:alert(1)\n",
         "website:", "website", ("expected an http, https or mailto link", "found text 'javascript:alert(1)'")),
    Case("bad date format", CRYPT, 'review_due: "2018-11"', 'review_due: "Nov 2018"',
         "review_due", "document.review_due", ("expected a date written YYYY-MM-DD", "found text 'Nov 2018'")),
    Case("impossible date", CMS, 'issued: "2018-08-29"', 'issued: "2018-02-30"',
         "issued", "document.issued", ("expected a real date", "found '2018-02-30'")),
    Case("impossible date in history", CMS, "history: []", 'history:\n  - date: "2024-13-01"\n    rule: cms-1\n    change: Reworded.',
         "date:", "history[0].date", ("expected a real date", "found '2024-13-01'")),
    Case("id not a lowercase slug", CMS, "  - id: cms-3\n", "  - id: CMS-3\n",
         "id: CMS-3", "rules[5].id", ("expected a lowercase id", "found text 'CMS-3'")),
    # ids
    Case("institution id not the file name", CMS, "id: cms\nname:", "id: cms2\nname:",
         "id: cms2", "id", ("expected the file's name, 'cms'", "found 'cms2'")),
    Case("duplicate short name", CPS, "short_name: CPS\n", "short_name: CMS\n",
         "short_name", "short_name", ("expected a short name no other institution uses", "found 'CMS'", "institutions/cms.yaml")),
    Case("duplicate rule id", CMS, "  - id: cms-4-b\n", "  - id: cms-4-a\n",
         "id: cms-4-a", "rules[8].id", ("duplicate id", "expected ids unique across the site", "found 'cms-4-a'", "rules[7]")),
    Case("rule id without the institution prefix", CMS, "  - id: cms-13\n", "  - id: rule-13\n",
         "id: rule-13", "rules[30].id", ("expected an id starting with 'cms-'", "found 'rule-13'")),
    Case("duplicate template id", TEMPLATES, "  - id: media-inquiry-referral\n", "  - id: decline-parent-friend-request\n",
         "id: decline-parent-friend-request", "templates[6].id", ("duplicate id", "found 'decline-parent-friend-request'", "templates[5]")),
    # references
    Case("unknown topic", CMS, "    topics: [personal-responsibility, speaking-for-school, student-conduct]\n",
         "    topics: [personal-responsibility, speaking-for-school, student-conduc]\n",
         "topics:", "rules[3].topics[2]", ("unknown topic 'student-conduc'", "expected an id from topics.yaml", "did you mean 'student-conduct'")),
    Case("unknown section", CMS, "    section: rules\n    title: No personal social media contact", "    section: rule\n    title: No personal social media contact",
         "section: rule\n", "rules[5].section", ("unknown section 'rule'", "expected one of the ids under sections", "did you mean 'rules'")),
    Case("dangling see_also", CMS, "see_also: [cps-i-3-3, cmsd82-f]", "see_also: [cps-i-3-3, cmsd82-zz]",
         "see_also:", "rules[0].see_also[1]", ("unknown rule 'cmsd82-zz'", "expected a rule id of another institution")),
    Case("see_also to its own institution", CMS, "see_also: [cps-i-3-3, cmsd82-f]", "see_also: [cms-1, cmsd82-f]",
         "see_also:", "rules[0].see_also[0]", ("expected a rule of another institution", "found 'cms-1', a rule of cms")),
    Case("history names an unknown rule", CMS, "history: []", 'history:\n  - date: "2024-05-01"\n    rule: cms-99\n    change: Rule 99 added.',
         "rule: cms-99", "history[0].rule", ("unknown rule 'cms-99'", "expected a rule id of cms")),
    Case("document FAQ cites an unknown rule", CMSD82, "    rules: [cmsd82-b]\n", "    rules: [cmsd82-bb]\n",
         "rules: [cmsd82-bb]", "faq[0].rules[0]", ("unknown rule 'cmsd82-bb'", "expected a rule id of cmsd82", "did you mean 'cmsd82-b'")),
    # quotes checked against the source
    Case("rule text not in the source", CMS, "text: |-\n      Staff members shall not accept", "text: |-\n      Staff members shall never accept",
         "text: |-", "rules[6].text", ("expected a verbatim quote of policy_data/sources/cms.txt", "found text that departs from the source", "ever accept")),
    Case("exception not in the source", CMS, '      - "Outside of strictly school-based, professional requirements"',
         '      - "Outside of purely school-based, professional requirements"',
         '- "Outside', "rules[4].exceptions[0]", ("expected a verbatim quote of policy_data/sources/cms.txt", "found text that departs", "purely school-based")),
    Case("document FAQ answer not in the source", CMSD82, "Social media technology offers many educational benefits.", "Social media technology offers many benefits.",
         "issuing guidance regarding social media?\n    answer: |-", "faq[0].answer",
         ("expected a verbatim quote of policy_data/sources/cmsd82.txt", "found text that departs", "benefits. CMSD82")),
    Case("ignored sentence not in the source", CMS, "      But if it is to extend to the teaching workplace", "      But if it is to extend to the school workplace",
         "ignored:\n  - text: |-", "ignored[0].text", ("expected a verbatim quote of policy_data/sources/cms.txt", "school workplace")),
    Case("missing source file (typo in document.source)", CMS, "source: cms.txt", "source: cms-policy.txt",
         "source:", "document.source", ("expected the source text at", "sources/cms-policy.txt", "found no such file")),
    # positions
    Case("missing position", CMS, CMS_IDENTITY, "",
         "  friend-requests-students:\n", "positions.identity-transparency", ("expected a position for topic 'identity-transparency'", "found none")),
    Case("position cites a rule without that topic", CMS, CMS_FORMER_STUDENTS + "    rules: [cms-4-b]", CMS_FORMER_STUDENTS + "    rules: [cms-4]",
         "rules: [cms-4]", "positions.former-students.rules[0]",
         ("expected rule 'cms-4' to list topic 'former-students'", "found friend-requests-students, friend-requests-parents")),
    Case("position cites an unknown rule", CMS, CMS_FORMER_STUDENTS + "    rules: [cms-4-b]", CMS_FORMER_STUDENTS + "    rules: [cms-4-c]",
         "rules: [cms-4-c]", "positions.former-students.rules[0]", ("unknown rule 'cms-4-c'", "expected a rule id of cms")),
    Case("not-addressed position cites rules", CMS, CMS_IDENTITY, CMS_IDENTITY.replace("rules: []", "rules: [cms-1]"),
         "rules: [cms-1]", "positions.identity-transparency.rules", ("expected no rules for a not-addressed position", "found 1")),
    Case("addressed position cites no rules", CMS, CMS_FORMER_STUDENTS + "    rules: [cms-4-b]\n", CMS_FORMER_STUDENTS,
         "  former-students:\n    stance: permitted", "positions.former-students.rules", ("expected the rules a 'permitted' position rests on", "found none")),
    Case("position key not an id", CMS, "  texting:\n    stance: restricted", "  Texting:\n    stance: restricted",
         "Texting:", "positions.Texting", ("expected a key that is a lowercase id", "found text 'Texting'")),
    Case("position summary longer than 150 characters", CMS, CMS_FRIEND_SUMMARY,
         CMS_FRIEND_SUMMARY.replace("has left.", "has left, and only if the Principal agrees in writing."),
         "summary:", "positions.friend-requests-students.summary", ("150",)),
    # topics
    Case("topic with no question", TOPICS, "    question: May I text students or parents?\n", "",
         "  - id: texting\n", "topics[5].question", ("expected a required field 'question'", "found none")),
    Case("topic question without '?'", TOPICS, "question: May I text students or parents?", "question: May I text students or parents",
         "question:", "topics[5].question", ("expected a question ending with '?'", "found 'May I text students or parents'")),
    Case("unknown topic group", TOPICS, "  - id: texting\n    group: contact\n", "  - id: texting\n    group: contacts\n",
         "group: contacts", "topics[5].group", ("expected one of contact, accounts, content, oversight", "found text 'contacts'")),
    # templates
    Case("template for an unknown institution", TEMPLATES, CPS_TEMPLATE, CPS_TEMPLATE.replace("[cps]", "[cpz]"),
         "institutions: [cpz]", "templates[0].institutions[0]", ("unknown institution 'cpz'", "expected one of cmcss, cms, cmsd82, cps, crypt")),
    Case("template cites a rule of another institution", TEMPLATES, CPS_TEMPLATE_RULES, "    rules: [cps-iii-d-2, cms-4]",
         "rules:", "templates[0].rules[1]", ("expected a rule of cps", "found 'cms-4', a rule of cms")),
    Case("template cites an unknown rule", TEMPLATES, CPS_TEMPLATE_RULES, "    rules: [cps-iii-d-2, cps-iii-d-9]",
         "rules:", "templates[0].rules[1]", ("unknown rule 'cps-iii-d-9'", "expected a rule id")),
    Case("template names an unknown topic", TEMPLATES, "    topics: [friend-requests-students, friend-requests-parents]\n" + CPS_TEMPLATE_RULES,
         "    topics: [friend-request-students, friend-requests-parents]\n" + CPS_TEMPLATE_RULES,
         "topics:", "templates[0].topics[0]", ("unknown topic 'friend-request-students'", "expected an id from topics.yaml")),
    Case("policy-origin template wording not in the source", TEMPLATES, "please do not be surprised or offended", "please don't be surprised or offended",
         CPS_TEMPLATE_RULES + "\n    body: |-", "templates[0].body",
         ("expected wording printed in policy_data/sources/cps.txt", "found text that departs from the source", "n't be surprised")),
    Case("policy-origin template without source_ref", TEMPLATES, "    source_ref: cps-iii-d-2\n", "",
         "  - id: cps-pre-emptive-friend-post\n", "templates[0].source_ref", ("expected the id of the rule or FAQ entry", "found none")),
    Case("suggested template with a source_ref", TEMPLATES, CRYPT_TEMPLATE, CRYPT_TEMPLATE.replace("suggested\n", "suggested\n    source_ref: crypt-scope-6\n"),
         "source_ref:", "templates[2].source_ref", ("expected no source_ref", "crypt-scope-6")),
    Case("undeclared placeholder", TEMPLATES, "      [Your name]\n      [Your role]\n    placeholders:\n      - name: school year",
         "      [Your full name]\n      [Your role]\n    placeholders:\n      - name: school year",
         "    rules: [cmcss-text-messaging, cmcss-tap-1]\n    body: |-", "templates[3].body",
         ("undeclared placeholder [Your full name]", "expected it under placeholders")),
    Case("unused placeholder", TEMPLATES, "      [Your name]\n      [Your designation]\n", "      Anjali Verma\n      [Your designation]\n",
         'example: "38"\n      - name: Your name', "templates[4].placeholders[4].name", ("unused placeholder 'Your name'", "expected [Your name] in the body")),
]


def _param(case: Case):
    marks = [pytest.mark.xfail(strict=True, reason=case.defect)] if case.defect else []
    return pytest.param(case, id=case.name, marks=marks)


def test_the_cases_are_distinct() -> None:
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_edit_mistake_stops_the_build(case: Case, data: Path, site: LastGoodSite) -> None:
    edited, start = apply_edit(data / case.file, case.old, case.new)
    line = line_of(edited, start, case.new, case.at) if case.at is not None else None
    result = run_build(site.folder, data=data)
    problems = assert_refused(result, data, site)
    assert_first_problem(problems, file=case.expected_file, line=line, field=case.field, words=list(case.words))


# -- whole-file mistakes ------------------------------------------------------


@pytest.mark.parametrize("content", [b"", b"\n\n", b"# yaml-language-server: $schema=../schema/institution.schema.json\n"],
                         ids=["empty", "blank lines", "only a comment"])
def test_empty_file(content: bytes, data: Path, site: LastGoodSite) -> None:
    (data / CPS).write_bytes(content)
    problems = assert_refused(run_build(site.folder, data=data), data, site)
    assert_first_problem(problems, file="policy_data/institutions/cps.yaml", line=1, field=None,
                         words=["expected a mapping of fields", "found an empty file"])


def test_institution_file_with_a_latin1_byte(data: Path, site: LastGoodSite) -> None:
    # "Lucknów" pasted from a Latin-1 text into an otherwise UTF-8 file: ó is the single byte 0xf3.
    path = data / CMS
    raw = path.read_bytes()
    old = b"region: Lucknow, Uttar Pradesh\n"
    assert raw.count(old) == 1
    path.write_bytes(raw.replace(old, b"region: Luckn\xf3w, Uttar Pradesh\n"))
    line = raw[: raw.index(old)].count(b"\n") + 1
    problems = assert_refused(run_build(site.folder, data=data), data, site)
    assert_first_problem(problems, file="policy_data/institutions/cms.yaml", line=line, field=None,
                         words=["expected UTF-8 text", "found byte 0xf3"])


def test_topics_file_saved_as_latin1(data: Path, site: LastGoodSite) -> None:
    path = data / TOPICS
    edited, start = apply_edit(path, "    title: Former students\n", "    title: Former students (anciens élèves)\n")
    path.write_bytes(edited.encode("latin-1"))
    line = line_of(edited, start, "    title: Former students (anciens élèves)\n", "anciens")
    problems = assert_refused(run_build(site.folder, data=data), data, site)
    assert_first_problem(problems, file="policy_data/topics.yaml", line=line, field=None,
                         words=["expected UTF-8 text", "found byte 0xe9"])


def test_source_file_not_utf8(data: Path, site: LastGoodSite) -> None:
    path = data / "sources" / "cms.txt"
    raw = path.read_bytes()
    assert raw.count(b"Lucknow") == 1
    path.write_bytes(raw.replace(b"Lucknow", b"Luckn\xf3w"))
    line = raw[: raw.index(b"Lucknow")].count(b"\n") + 1
    problems = assert_refused(run_build(site.folder, data=data), data, site)
    assert_first_problem(problems, file="policy_data/sources/cms.txt", line=line, field=None,
                         words=["expected UTF-8 text", "found bytes that are not UTF-8"])


@pytest.mark.parametrize("name", ["templates.yaml", "topics.yaml"])
def test_missing_data_file(name: str, data: Path, site: LastGoodSite) -> None:
    (data / name).unlink()
    problems = assert_refused(run_build(site.folder, data=data), data, site)
    assert_first_problem(problems, file=f"policy_data/{name}", line=None, field=None,
                         words=["file not found", "expected it to exist"])


def test_missing_source_file(data: Path, site: LastGoodSite) -> None:
    (data / "sources" / "cms.txt").unlink()
    line = (data / CMS).read_text(encoding="utf-8").split("\n").index("  source: cms.txt") + 1
    problems = assert_refused(run_build(site.folder, data=data), data, site)
    assert_first_problem(problems, file="policy_data/institutions/cms.yaml", line=line, field="document.source",
                         words=["expected the source text at", "sources/cms.txt", "found no such file"])


def test_no_institution_files(data: Path, site: LastGoodSite) -> None:
    for path in (data / "institutions").glob("*.yaml"):
        path.unlink()
    problems = assert_refused(run_build(site.folder, data=data), data, site)
    assert_first_problem(problems, file="policy_data/institutions", line=None, field=None,
                         words=["expected at least one institution file", "found none"])


def test_institution_file_saved_as_yml(data: Path, site: LastGoodSite) -> None:
    (data / CMS).rename(data / "institutions" / "cms.yml")
    problems = assert_refused(run_build(site.folder, data=data), data, site)
    named = [p for p in problems if p.startswith("policy_data/institutions/cms.yml")]
    assert named, problems[:3]
    assert "expected" in named[0] and ".yaml" in named[0], named[0]


# -- the harness can pass ------------------------------------------------------


def test_a_valid_edit_builds(data: Path, tmp_path: Path) -> None:
    new = "    summary: \"Staff must keep personal social media free of contact with students, parents and guardians.\"\n"
    apply_edit(data / CMS, CMS_3_SUMMARY, new)
    folder = tmp_path / "fresh-site"
    result = run_build(folder, data=data)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Traceback" not in output
    assert problem_lines(output, data) == []
    page = (folder / "institutions" / "cms" / "index.html").read_text(encoding="utf-8")
    assert "free of contact with students, parents and guardians" in page
