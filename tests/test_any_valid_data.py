"""The suite passes on any valid data, not only on today's: a copy of policy_data/
with one more institution, and one with a revised source text, load; a copy with both
changes builds (one real build shows both).
(tests/test_data.py runs every data test on the same two copies.)"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT, run_build
from datatools import clone_institution, new_source_version, read_sha256sums

from policykit import load_catalog

NEW_ID = "newfield"


def institution_ids(data: Path) -> list[str]:
    return sorted(p.stem for p in (data / "institutions").glob("*.yaml"))


@pytest.fixture(scope="module")
def with_new_institution(tmp_path_factory) -> Path:
    """The real data plus an institution derived from the first one, under new ids."""
    data = Path(shutil.copytree(ROOT / "policy_data", tmp_path_factory.mktemp("added") / "policy_data"))
    clone_institution(data, institution_ids(data)[0], NEW_ID, "Newfield")
    return data


@pytest.fixture(scope="module")
def with_new_source(tmp_path_factory) -> Path:
    """The real data with a revised text of the last institution's source."""
    data = Path(shutil.copytree(ROOT / "policy_data", tmp_path_factory.mktemp("revised") / "policy_data"))
    new_source_version(data, institution_ids(data)[-1])
    return data


def test_a_new_institution_loads_with_its_own_rules(with_new_institution: Path) -> None:
    catalog = load_catalog(with_new_institution, root=with_new_institution.parent)
    assert sorted(i.id for i in catalog.institutions) == institution_ids(with_new_institution)
    new = catalog.institution(NEW_ID)
    assert new.rules and all(r.id.startswith(f"{NEW_ID}-") for r in new.rules)
    assert f"{NEW_ID}.txt" in read_sha256sums(with_new_institution / "sources")


def test_a_revised_source_loads_and_passes_the_data_tests(with_new_source: Path) -> None:
    catalog = load_catalog(with_new_source, root=with_new_source.parent)
    before = load_catalog(ROOT / "policy_data", root=ROOT)
    revised = institution_ids(with_new_source)[-1]
    # The same rules, each re-anchored four lines down.
    assert [r.source_line for r in catalog.institution(revised).rules] == [r.source_line + 4 for r in before.institution(revised).rules]


@pytest.fixture(scope="module")
def with_both(tmp_path_factory) -> tuple[Path, str]:
    """The real data with both changes at once (one build shows both): (data, the revised institution)."""
    data = Path(shutil.copytree(ROOT / "policy_data", tmp_path_factory.mktemp("both") / "policy_data"))
    revised = institution_ids(data)[-1]
    clone_institution(data, institution_ids(data)[0], NEW_ID, "Newfield")
    new_source_version(data, revised)
    return data, revised


@pytest.mark.build
def test_the_changed_data_builds(with_both: tuple[Path, str], tmp_path: Path) -> None:
    data, revised = with_both
    result = run_build(tmp_path / "site", data=data)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Traceback" not in output and "problem" not in output, output
    for inst in institution_ids(data):
        assert (tmp_path / "site" / "institutions" / inst / "index.html").is_file(), inst
    compare = (tmp_path / "site" / "compare" / "index.html").read_text(encoding="utf-8")
    assert all(f'data-inst="{inst}"' in compare for inst in institution_ids(data))
    # Each change shows: the new institution's page, the revised text.
    assert "Newfield School" in (tmp_path / "site" / "institutions" / NEW_ID / "index.html").read_text(encoding="utf-8")
    assert "REVISED EDITION" in (tmp_path / "site" / "sources" / revised / "index.html").read_text(encoding="utf-8")
