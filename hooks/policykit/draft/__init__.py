"""Drafting from a policy's text: the pure core of `scripts/new_institution --source` and `scripts/update_source`.

- `segment`: headings, numbering, lists and paragraphs (sentences across wrapped lines);
- `normative`: what makes a sentence normative (shared with `policykit.coverage`);
- `refs`: refs and ids named as policy_data/README.md names them;
- `stance`: a suggested stance from the wording;
- `topics`: suggested topics from the topics' words and the synonym thesaurus;
- `drafting`: the draft itself; `yamlout`: the draft as YAML text, marked unreviewed.

Nothing here reads or writes files except `topics.load_vocabulary`.
"""

from __future__ import annotations

from policykit.draft.drafting import Draft, DraftRule, DraftSection, draft_rules
from policykit.draft.topics import Vocabulary, build_vocabulary, load_vocabulary

__all__ = ["Draft", "DraftRule", "DraftSection", "Vocabulary", "build_vocabulary", "draft_rules", "load_vocabulary"]
