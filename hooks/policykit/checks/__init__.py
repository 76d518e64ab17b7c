"""Every check of the policy data, each a plain function of what was read and built.

A check is `check(draft, files) -> Iterable[Problem]`: `draft` is the
`Catalog` built from the files as read (nothing checked yet, institutions in
file order), `files` the `DataFiles` they came from (raw data, line marks,
source texts). A check keeps no state and needs no other check to run first,
so they run in any order and all of them always run: one run reports every
problem. A check skips only what it cannot judge (a file that could not be
read, whose own problem is already reported).

To add a check: write the function in the module it belongs to (or a new
one) and add it to CHECKS below, one line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from policykit.checks import characters, dates, history, ids, links, pages, placeholders, positions, quotes, references, synonyms, templates, topics
from policykit.errors import Problem
from policykit.model import Catalog
from policykit.read import DataFiles

Check = Callable[[Catalog, DataFiles], Iterable[Problem]]

CHECKS: tuple[Check, ...] = (
    topics.unique_groups,
    topics.unique_topics,
    topics.topics_in_listed_groups,
    topics.questions_end_with_question_mark,
    ids.file_name_is_id,
    ids.unique_sections,
    ids.rule_ids_start_with_institution,
    ids.unique_anchors,
    ids.unique_short_names,
    ids.unique_names,
    pages.ids_not_site_pages,
    pages.unique_page_anchors,
    dates.real_dates,
    links.links_without_spaces,
    references.rule_sections,
    references.rule_topics,
    references.faq_and_history_rules,
    history.old_wording_kept,
    history.removed_rules_gone,
    references.see_also,
    references.template_institutions,
    references.template_rules,
    references.template_topics,
    positions.position_topics,
    positions.position_rules,
    quotes.verbatim_quotes,
    characters.visible_source_text,
    templates.policy_wording,
    placeholders.placeholders_declared_and_used,
    synonyms.general_synonyms,
    synonyms.topic_synonyms,
)


def run_checks(draft: Catalog, files: DataFiles, checks: Iterable[Check] = CHECKS) -> list[Problem]:
    """Every problem every check finds."""
    return [problem for check in checks for problem in check(draft, files)]
