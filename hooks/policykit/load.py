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
from policykit.cache import ReadCache, digest
from policykit.read import DataFile, DataFiles, read_data
from policykit.thesaurus import as_groups


def load_catalog(data_dir: Path | str, *, root: Path | str | None = None, cache: ReadCache | None = None) -> Catalog:
    """Load and check every file under `data_dir`; raise PolicyDataError listing all problems.

    `root` is the folder error messages and edit links are relative to
    (default: the parent of `data_dir`, the project root). `cache` keeps what
    reading each file gave, by its content, for the next call (`mkdocs serve`).
    """
    data_dir = Path(data_dir)
    files = read_data(data_dir, Path(root) if root else data_dir.parent, cache)
    draft = build_draft(files, cache)
    problems = [*files.problems, *run_checks(draft, files)]
    if problems:
        raise PolicyDataError(problems)
    ordered = sorted(draft.institutions, key=lambda i: (i.short_name.casefold(), i.id))
    return Catalog(draft.groups, draft.topics, tuple(ordered), draft.templates, draft.data_dir)


def build_draft(files: DataFiles, cache: ReadCache | None = None) -> Catalog:
    """The catalog as the files say, before any check: institutions in file order.

    With a cache, an institution whose file, source text and topic ids are
    unchanged is the record built last time.
    """
    groups: tuple[Group, ...] = ()
    topics: tuple[Topic, ...] = ()
    if files.topics is not None:
        groups = tuple(Group(GroupId(g["id"]), g["title"], g.get("description") or "") for g in files.topics.data["groups"])
        topics = tuple(Topic(t["id"], GroupId(t["group"]), t["title"], t["question"], t["description"], t.get("added"), as_groups(t.get("synonyms"))) for t in files.topics.data["topics"])
    topic_ids = tuple(t.id for t in topics)
    institutions = tuple(_institution(f, files, topic_ids, cache) for f in files.institutions)
    templates = tuple(Template.from_yaml(t) for t in files.templates.data["templates"]) if files.templates is not None else ()
    return Catalog(groups, topics, institutions, templates, files.display(files.data_dir))


def _institution(f: DataFile, files: DataFiles, topic_ids: tuple[str, ...], cache: ReadCache | None) -> Institution:
    source = files.sources.get(f.data["document"]["source"])

    def build() -> Institution:
        return Institution.from_yaml(f.data, id=f.stem, data_file=f.display, topic_ids=topic_ids, source=source)

    if cache is None or not f.digest:
        return build()
    inputs = "\0".join((f.digest, digest(source.raw.encode()) if source else "", *topic_ids))
    return cache.by_digest(("institution", f.display), digest(inputs.encode()), build)
