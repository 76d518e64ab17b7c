"""Changes a maintainer makes to a copy of the data, done the way the documented steps
do them, for tests that show any valid data passes: a new institution (derived from an
existing one under new ids) and a new version of a source text."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path


def write_sha256sums(sources: Path) -> None:
    """sources/SHA256SUMS in `sha256sum` format: one line per source text, by name."""
    lines = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.name}" for p in sorted(sources.glob("*.txt"))]
    (sources / "SHA256SUMS").write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def read_sha256sums(sources: Path) -> dict[str, str]:
    """{file name: digest} from sources/SHA256SUMS."""
    sums = {}
    for line in (sources / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, sep, name = line.partition("  ")
        assert sep and re.fullmatch(r"[0-9a-f]{64}", digest), f"not a sha256sum line: {line!r}"
        sums[name] = digest
    return sums


def clone_institution(data: Path, source_id: str, new_id: str, short_name: str) -> Path:
    """A new institution `new_id`: the file, ids, name and source of `source_id`, renamed.

    Every id of the old institution (`old-...`) becomes `new-...`, in its file and in
    its copied source text alike, so that its quotes still match; other institutions
    and the templates are left as they were. Returns the new file."""
    old_file = data / "institutions" / f"{source_id}.yaml"
    prefix = re.compile(rf"(?<![\w-]){re.escape(source_id)}-(?=[a-z0-9])")
    text = prefix.sub(f"{new_id}-", old_file.read_text(encoding="utf-8"))
    text, n_id = re.subn(r"^id: .*$", f"id: {new_id}", text, count=1, flags=re.M)
    text, n_name = re.subn(r"^name: .*$", f"name: {short_name} School", text, count=1, flags=re.M)
    text, n_short = re.subn(r"^short_name: .*$", f"short_name: {short_name}", text, count=1, flags=re.M)
    source_line = re.search(r"^  source: (\S+)$", text, flags=re.M)
    assert n_id == n_name == n_short == 1 and source_line, f"{old_file} is not shaped as expected"
    text = text.replace(source_line.group(0), f"  source: {new_id}.txt")
    old_source = data / "sources" / source_line.group(1)
    (data / "sources" / f"{new_id}.txt").write_text(prefix.sub(f"{new_id}-", old_source.read_text(encoding="utf-8")), encoding="utf-8")
    new_file = data / "institutions" / f"{new_id}.yaml"
    new_file.write_text(text, encoding="utf-8")
    if (data / "sources" / "SHA256SUMS").exists():
        write_sha256sums(data / "sources")
    return new_file


def new_source_version(data: Path, institution_id: str) -> Path:
    """A revised text of one institution's source: a new heading and a reissue note
    before it, a note after it, and every line moved down; every quote still matches.
    SHA256SUMS is written again. Returns the source."""
    text = (data / "institutions" / f"{institution_id}.yaml").read_text(encoding="utf-8")
    source = data / "sources" / re.search(r"^  source: (\S+)$", text, flags=re.M).group(1)
    old = source.read_text(encoding="utf-8")
    source.write_text("REVISED EDITION\n\nThis text was reissued with new page numbers.\n\n" + old
                      + "\n\nEnd of the revised edition.\n", encoding="utf-8")
    write_sha256sums(data / "sources")
    return source
