"""Load `policy_data/`: read it, build the model from it, check it, return the catalog.

Three steps, each in its own module:

1. reading (`policykit.read`): every YAML file parsed with its line marks and
   checked against its JSON Schema; the source texts;
2. building (`from_yaml` on each type of `policykit.model`): the records made
   from the files as read, nothing checked;
3. checking (`policykit.checks`): ids, references, dates, quotes, positions,
   templates, placeholders, each a plain function of the draft and the files.

Every problem of every step is reported at once, one line each, file and line first.
"""

from __future__ import annotations

from pathlib import Path

from policykit.checks import run_checks
from policykit.errors import PolicyDataError
from policykit.model import Catalog, Group, GroupId, Institution, Template, Topic
from policykit.read import DataFiles, read_data


def load_catalog(data_dir: Path | str, *, root: Path | str | None = None) -> Catalog:
    """Load and check every file under `data_dir`; raise PolicyDataError listing all problems.

    `root` is the folder error messages and edit links are relative to
    (default: the parent of `data_dir`, the project root).
    """
    data_dir = Path(data_dir)
    files = read_data(data_dir, Path(root) if root else data_dir.parent)
    draft = build_draft(files)
    problems = [*files.problems, *run_checks(draft, files)]
    if problems:
        raise PolicyDataError(problems)
    ordered = sorted(draft.institutions, key=lambda i: (i.short_name.casefold(), i.id))
    return Catalog(draft.groups, draft.topics, tuple(ordered), draft.templates, draft.data_dir)


def build_draft(files: DataFiles) -> Catalog:
    """The catalog as the files say, before any check: institutions in file order."""
    groups: tuple[Group, ...] = ()
    topics: tuple[Topic, ...] = ()
    if files.topics is not None:
        groups = tuple(Group(GroupId(g["id"]), g["title"], g.get("description") or "") for g in files.topics.data["groups"])
        topics = tuple(Topic(t["id"], GroupId(t["group"]), t["title"], t["question"], t["description"]) for t in files.topics.data["topics"])
    topic_ids = tuple(t.id for t in topics)
    institutions = tuple(
        Institution.from_yaml(f.data, id=f.stem, data_file=f.display, topic_ids=topic_ids, source=files.sources.get(f.data["document"]["source"]))
        for f in files.institutions
    )
    templates = tuple(Template.from_yaml(t) for t in files.templates.data["templates"]) if files.templates is not None else ()
    return Catalog(groups, topics, institutions, templates, files.display(files.data_dir))
