"""Files stay inside the data folder: a symbolic link (to anywhere, even inside the
folder), a path leading outside it, or something that is not a plain file is refused
with the file (and the `source:` line that names it), and never read."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import edit, run_build

from policykit import PolicyDataError, load_catalog

SECRET = "root:x:0:0:SECRET-LINE-NOT-TO-PUBLISH"


def problems(data: Path) -> list[str]:
    try:
        load_catalog(data, root=data.parent)
    except PolicyDataError as exc:
        return [str(p) for p in exc.problems]
    return []


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file outside the data folder, standing for /etc/passwd."""
    path = tmp_path / "outside" / "passwd"
    path.parent.mkdir()
    path.write_text(SECRET + "\n", encoding="utf-8")
    return path


def link(path: Path, target: Path | str) -> None:
    """Replace `path` (file or folder) by a symbolic link to `target`."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
    path.symlink_to(target)


def source_line(data: Path) -> str:
    """`policy_data/institutions/alpha.yaml:13:11: document.source: `, where alpha names its source."""
    lines = (data / "institutions" / "alpha.yaml").read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines, 1) if line.strip().startswith("source:"))
    return f"policy_data/institutions/alpha.yaml:{number}:{lines[number - 1].index(':') + 3}: document.source: "


@pytest.mark.parametrize("target", ["outside", "/etc/passwd", "beta.txt", "../../outside/passwd"], ids=["outside", "absolute", "inside", "relative-outside"])
def test_a_source_that_is_a_link_is_refused_at_its_source_line(fixture_data: Path, secret: Path, target: str) -> None:
    link(fixture_data / "sources" / "alpha.txt", secret if target == "outside" else target)
    found = problems(fixture_data)
    assert found, "a linked source was accepted"
    assert found[0].startswith(source_line(fixture_data) + "expected a plain file inside policy_data/; found policy_data/sources/alpha.txt, a symbolic link to ")
    assert len(found) == 1, found
    assert SECRET not in "\n".join(found)


@pytest.mark.parametrize("name", ["institutions/alpha.yaml", "topics.yaml", "templates.yaml", "schema/common.schema.json"])
def test_a_data_file_that_is_a_link_is_refused(fixture_data: Path, tmp_path: Path, name: str) -> None:
    copy = tmp_path / "elsewhere" / Path(name).name
    copy.parent.mkdir()
    shutil.copy(fixture_data / name, copy)
    link(fixture_data / name, copy)
    found = problems(fixture_data)
    expected = f"policy_data/{name}: expected a plain file inside policy_data/; found policy_data/{name}, a symbolic link to {copy}"
    assert expected in [line.split(" (copy it in")[0] for line in found], found


@pytest.mark.parametrize("folder", ["sources", "institutions", "schema"])
def test_a_folder_that_is_a_link_is_refused(fixture_data: Path, tmp_path: Path, folder: str) -> None:
    copy = tmp_path / "elsewhere" / folder
    shutil.copytree(fixture_data / folder, copy)
    link(fixture_data / folder, copy)
    found = problems(fixture_data)
    assert any(f"expected a folder inside policy_data/; found policy_data/{folder}, a symbolic link to {copy}" in line for line in found), found


def test_a_named_pipe_is_refused_without_being_opened(fixture_data: Path) -> None:
    """Reading a pipe would wait for a writer forever."""
    source = fixture_data / "sources" / "alpha.txt"
    source.unlink()
    os.mkfifo(source)
    found = problems(fixture_data)
    assert found == [source_line(fixture_data) + "expected a plain file; found policy_data/sources/alpha.txt, a named pipe"]


def test_a_folder_where_a_file_belongs_is_refused(fixture_data: Path) -> None:
    (fixture_data / "institutions" / "gamma.yaml").mkdir()
    assert "policy_data/institutions/gamma.yaml: expected a plain file; found policy_data/institutions/gamma.yaml, a folder" in problems(fixture_data)


@pytest.mark.parametrize("name", ["../../outside/passwd.txt", "/etc/passwd.txt", "sub/../../x.txt"])
def test_a_source_name_that_leads_elsewhere_is_refused(fixture_data: Path, secret: Path, name: str) -> None:
    """The schema allows no folder in a source name; without that rule, reading still refuses it."""
    (secret.parent / "passwd.txt").write_text(SECRET, encoding="utf-8")
    edit(fixture_data / "institutions" / "alpha.yaml", "source: alpha.txt", f"source: {name}")
    assert any(line.startswith(source_line(fixture_data) + "expected a file name in policy_data/sources/") for line in problems(fixture_data))
    schema_file = fixture_data / "schema" / "institution.schema.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    del schema["$defs"]["document"]["properties"]["source"]["pattern"]
    schema_file.write_text(json.dumps(schema), encoding="utf-8")
    found = problems(fixture_data)
    assert any(line.startswith(source_line(fixture_data) + f"expected a file inside policy_data/sources/; found a path that leads outside it ({name})") for line in found), found
    assert SECRET not in "\n".join(found)


def test_the_data_folder_itself_may_be_reached_through_a_link(fixture_data: Path, tmp_path: Path) -> None:
    """The folder the build is pointed at is the maintainer's choice; only what is below it is confined."""
    via = tmp_path / "via-link"
    via.symlink_to(fixture_data)
    assert problems(via) == []


@pytest.mark.build
def test_a_build_with_a_linked_source_fails_and_publishes_nothing_of_it(fixture_data: Path, secret: Path, tmp_path: Path) -> None:
    link(fixture_data / "sources" / "alpha.txt", secret)
    site = tmp_path / "site"
    result = run_build(site, data=fixture_data)
    assert result.returncode != 0
    assert "a symbolic link to" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    published = [p.read_bytes() for p in site.rglob("*") if p.is_file()] if site.exists() else []
    assert not any(SECRET.encode() in content for content in published)
