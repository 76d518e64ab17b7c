"""Ids and names: an id never replaces a page the site has or repeats an anchor of the
page it lands on; names are compared the way people read them; any valid slug,
hyphens and all, is an institution id."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, strategies as st
from conftest import edit

from policykit import PolicyDataError, load_catalog
from policykit.checks._common import owner_by_prefix
from policykit.checks.pages import page_anchors
from policykit.load import build_draft
from policykit.read import read_data
from policykit.render import build_pages, paths

A = "institutions/alpha.yaml"
B = "institutions/beta.yaml"


def problems(data: Path, root: Path | None = None) -> list[str]:
    try:
        load_catalog(data, root=root or data.parent)
    except PolicyDataError as exc:
        return [str(p) for p in exc.problems]
    return []


def yaml_files(data: Path) -> list[Path]:
    return [data / "topics.yaml", data / "templates.yaml", *sorted((data / "institutions").glob("*.yaml"))]


def rename_topic(data: Path, old: str, new: str) -> None:
    for path in yaml_files(data):
        path.write_text(re.sub(rf"(?<![\w-]){re.escape(old)}(?![\w-])", new, path.read_text(encoding="utf-8")), encoding="utf-8")


def rename_institution(data: Path, old: str, new: str) -> None:
    """Rename an institution: its file, its id, and every rule id, FAQ id and reference to it."""
    (data / "institutions" / f"{old}.yaml").rename(data / "institutions" / f"{new}.yaml")
    for path in yaml_files(data):
        text = path.read_text(encoding="utf-8")
        text = re.sub(rf"(?<![\w.-]){old}(?=-(?:\d|a\b|question)|\]|,|\n)", new, text)
        path.write_text(text, encoding="utf-8")


def line_of(path: Path, text: str) -> int:
    content = path.read_text(encoding="utf-8")
    return content[: content.index(text)].count("\n") + 1


# -- pages -------------------------------------------------------------------


def test_a_topic_id_naming_a_page_of_the_site_is_refused(fixture_data: Path) -> None:
    rename_topic(fixture_data, "student-images", "index")
    line = line_of(fixture_data / "topics.yaml", "id: index")
    assert problems(fixture_data) == [
        f"policy_data/topics.yaml:{line}:9: topics[2].id: expected an id that gives a page of its own; found 'index', whose page topics/index.md would replace the site's topics/index.md"
    ]


def test_an_institution_id_naming_a_page_of_the_site_is_refused(fixture_data: Path) -> None:
    rename_institution(fixture_data, "beta", "index")
    assert problems(fixture_data) == [
        "policy_data/institutions/index.yaml:2:5: id: expected an id that gives a page of its own; found 'index', whose page institutions/index.md would replace the site's institutions/index.md"
    ]


@pytest.mark.parametrize(
    ("page", "kind", "ident"),
    [("topics/guide.md", "topic", "guide"), ("institutions/about/index.md", "institution", "about"), ("sources/notes.md", "institution", "notes")],
)
def test_ids_naming_a_hand_written_page_are_refused(fixture_data: Path, page: str, kind: str, ident: str) -> None:
    """Hand-written pages under docs/ count too, by path or by the URL they get."""
    docs = fixture_data.parent / "docs" / page
    docs.parent.mkdir(parents=True)
    docs.write_text("# A page\n", encoding="utf-8")
    (rename_topic(fixture_data, "student-images", ident) if kind == "topic" else rename_institution(fixture_data, "beta", ident))
    found = problems(fixture_data)
    assert len(found) == 1 and f"found {ident!r}, whose page " in found[0] and found[0].endswith(f"would replace the site's {page}"), found


@pytest.mark.parametrize("ident", ["index-1", "indexes", "page-index"])
def test_ids_near_page_names_are_accepted(fixture_data: Path, ident: str) -> None:
    rename_topic(fixture_data, "student-images", ident)
    rename_institution(fixture_data, "beta", ident)
    assert problems(fixture_data) == []


# -- anchors -----------------------------------------------------------------

SITE_OWN = "already an anchor the site writes on that page itself"


@pytest.mark.parametrize("ident", ["at-a-glance", "related-topics", "document-faqs", "template-replies"])
def test_an_institution_id_equal_to_a_topic_page_heading_is_refused(fixture_data: Path, ident: str) -> None:
    rename_institution(fixture_data, "beta", ident)
    found = problems(fixture_data)
    assert f"policy_data/institutions/{ident}.yaml:2:5: id: expected an id whose anchor no other heading of every topic page has; found {ident!r}, {SITE_OWN}" in found, found


@pytest.mark.parametrize(
    ("ident", "already"),
    [
        ("document-faqs", SITE_OWN),
        ("group-contact", "already the anchor of groups[0] (contact) in policy_data/topics.yaml"),
    ],
)
def test_a_topic_id_equal_to_an_faq_page_anchor_is_refused(fixture_data: Path, ident: str, already: str) -> None:
    rename_topic(fixture_data, "student-images", ident)
    line = line_of(fixture_data / "topics.yaml", f"id: {ident}")
    assert f"policy_data/topics.yaml:{line}:9: topics[2].id: expected an id whose anchor no other heading of faq.md has; found {ident!r}, {already}" in problems(fixture_data)


def test_an_institution_id_whose_faq_anchor_is_taken_is_refused(fixture_data: Path) -> None:
    """The FAQ page gives each institution's own FAQ the anchor `faq-<id>`; the second claim is reported."""
    rename_topic(fixture_data, "student-images", "faq-alpha")
    assert problems(fixture_data) == [
        "policy_data/institutions/alpha.yaml:2:5: id: expected an id whose anchor no other heading of faq.md has; found 'alpha', "
        "which makes the anchor 'faq-alpha', already the anchor of topics[2] (faq-alpha) in policy_data/topics.yaml"
    ]


@pytest.mark.parametrize(
    ("ident", "page", "already"),
    [
        ("about-the-document", "institutions/beta.md", SITE_OWN),
        ("document-faq", "institutions/beta.md", SITE_OWN),
        ("section-guidance", "institutions/beta.md", "already the anchor of sections[0] (guidance) in policy_data/institutions/beta.yaml"),
        ("texting", "faq.md", "already the anchor of topics[1] (texting) in policy_data/topics.yaml"),
    ],
)
def test_an_faq_id_equal_to_an_anchor_of_its_pages_is_refused(fixture_data: Path, ident: str, page: str, already: str) -> None:
    edit(fixture_data / B, "id: beta-question-1", f"id: {ident}")
    found = problems(fixture_data)
    line = line_of(fixture_data / B, f"id: {ident}")
    assert f"policy_data/institutions/beta.yaml:{line}:9: faq[0].id: expected an id whose anchor no other heading of {page} has; found {ident!r}, {already}" in found, found


@pytest.mark.parametrize(
    ("ident", "page", "already"),
    [
        ("about-the-document", "institutions/alpha.md", SITE_OWN),
        ("decline-request-text", "templates.md", "already the anchor of templates[0] (decline-request) in policy_data/templates.yaml"),
        ("decline-request-field-2", "templates.md", "already the anchor of templates[0] (decline-request) in policy_data/templates.yaml"),
    ],
)
def test_a_template_id_equal_to_an_anchor_of_its_pages_is_refused(fixture_data: Path, ident: str, page: str, already: str) -> None:
    edit(fixture_data / "templates.yaml", "id: alpha-printed", f"id: {ident}")
    line = line_of(fixture_data / "templates.yaml", f"id: {ident}")
    message = f"policy_data/templates.yaml:{line}:9: templates[1].id: expected an id whose anchor no other heading of {page} has; found {ident!r}, {already}"
    assert message in problems(fixture_data)


def anchors_of(markdown: str) -> list[str]:
    """Every explicit anchor a generated page writes: attr_list `{ #id }` and HTML `id="..."`."""
    written = re.findall(r"^#{1,6} .*\{ #([\w-]+)", markdown, re.M) + re.findall(r'<[a-z][^<>]*\sid="([^"]+)"', markdown)
    # The FAQ's tabs are named as pymdownx.tabbed names them (`__tabbed_2_1`): no id in the
    # data (a lowercase slug, which the schema checks) can take such a name.
    return [a for a in written if not re.fullmatch(r"__tabbed_\d+_\d+", a)]


@pytest.mark.parametrize("variant", ["as is", "hyphenated ids", "shared ids"])
def test_the_check_knows_every_anchor_the_renderers_write(fixture_data: Path, variant: str) -> None:
    """What `page_anchors` claims is derived from the renderers: every anchor a page
    gets is one it lists for that page, and no page has one twice."""
    if variant == "hyphenated ids":
        rename_institution(fixture_data, "beta", "st-marys")
        rename_topic(fixture_data, "texting", "text-messages-and-calls")
    elif variant == "shared ids":
        rename_topic(fixture_data, "texting", "alpha-2-texting")
    catalog = load_catalog(fixture_data, root=fixture_data.parent)
    files = read_data(fixture_data, fixture_data.parent)
    claimed = {page: {c.anchor for c in claims} for page, claims in page_anchors(build_draft(files), files).items()}
    for page in build_pages(catalog, today=dt.date(2026, 1, 1)):
        written = anchors_of(page.text)
        assert len(written) == len(set(written)), (page.path, written)
        key = "every topic page" if page.path.startswith("topics/") and page.path != paths.TOPICS_INDEX else page.path
        if key in claimed:
            assert set(written) <= claimed[key], (page.path, set(written) - claimed[key])


# -- names -------------------------------------------------------------------


@pytest.mark.parametrize("short", ["'Alpha '", "\"Alpha\u00a0\"", "ALPHA", "\uff21\uff4c\uff50\uff48\uff41", "' alpha'", "\"Alpha\u2003\""])
def test_short_names_are_compared_as_read(fixture_data: Path, short: str) -> None:
    edit(fixture_data / B, "short_name: Beta", f"short_name: {short}")
    found = problems(fixture_data)
    assert len(found) == 1 and found[0].startswith("policy_data/institutions/beta.yaml:4:13: short_name: expected a short name no other institution uses; found "), found
    assert "also used in policy_data/institutions/alpha.yaml" in found[0]


@pytest.mark.parametrize("name", ["'Alpha  Academy'", "alpha academy", "\"Alpha\u00a0Academy \""])
def test_names_are_compared_as_read(fixture_data: Path, name: str) -> None:
    edit(fixture_data / B, "name: Beta School", f"name: {name}")
    found = problems(fixture_data)
    assert len(found) == 1 and found[0].startswith("policy_data/institutions/beta.yaml:3:7: name: expected a name no other institution uses; found "), found


@pytest.mark.parametrize("short", ["Alpha 2", "Alph", "Alpha-B"])
def test_different_short_names_are_accepted(fixture_data: Path, short: str) -> None:
    edit(fixture_data / B, "short_name: Beta", f"short_name: {short}")
    assert problems(fixture_data) == []


# -- hyphenated institution ids -----------------------------------------------


@pytest.mark.parametrize("ident", ["st-marys", "st-marys-2", "a-b-c-d"])
def test_any_valid_slug_is_an_institution_id(fixture_data: Path, ident: str) -> None:
    """Its rule ids, FAQ ids, see_also, template institutions and source_ref all work."""
    rename_institution(fixture_data, "alpha", ident)
    assert f"source_ref: {ident}-1" in (fixture_data / "templates.yaml").read_text(encoding="utf-8")
    assert problems(fixture_data) == []
    catalog = load_catalog(fixture_data, root=fixture_data.parent)
    assert catalog.rule(f"{ident}-1").institution == ident
    build_pages(catalog, today=dt.date(2026, 1, 1))


def test_a_rule_id_naming_a_longer_institution_is_refused(fixture_data: Path) -> None:
    """With institutions `st` and `st-marys`, `st-marys-9` can only be St Mary's."""
    rename_institution(fixture_data, "alpha", "st-marys")
    shutil.copy(fixture_data / B, fixture_data / "institutions" / "st.yaml")
    st = fixture_data / "institutions" / "st.yaml"
    text = st.read_text(encoding="utf-8").replace("id: beta\n", "id: st\n").replace("beta-", "st-").replace("Beta", "Saint")
    st.write_text(text.replace("see_also: [st-marys-1]", "see_also: []"), encoding="utf-8")
    assert problems(fixture_data) == []
    edit(st, "  - id: st-a\n", "  - id: st-marys-9\n")
    found = problems(fixture_data)
    line = line_of(st, "id: st-marys-9")
    assert f"policy_data/institutions/st.yaml:{line}:9: rules[0].id: expected an id starting with 'st-' and not with 'st-marys-' (institution st-marys's); found 'st-marys-9'" in found, found



_PART = st.from_regex(r"[a-z0-9]{1,3}", fullmatch=True)


@given(st.lists(_PART, min_size=2, max_size=5), st.data())
def test_a_rule_id_belongs_to_the_longest_institution_id_that_starts_it(parts, data):
    """Whatever the ids, the owner of an id is the longest institution id that, with a hyphen, starts it."""
    item_id = "-".join(parts)
    starts = ["-".join(parts[:k]) for k in range(1, len(parts))]
    chosen = data.draw(st.sets(st.sampled_from(starts)))
    others = data.draw(st.sets(st.from_regex(r"[a-z0-9]{1,3}(-[a-z0-9]{1,3}){0,2}", fullmatch=True), max_size=4))
    ids = chosen | {i for i in others if not item_id.startswith(i + "-")}
    assert owner_by_prefix(item_id, ids) == (max(chosen, key=len) if chosen else None)
