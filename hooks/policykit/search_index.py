"""Shape the search index for the site's own search worker.

Material's search plugin writes `search/search_index.json`: one entry per page
and per heading, taken from the built HTML. `shape` turns that, with the
catalog, into what `docs/assets/javascripts/search/worker.js` loads:

- each entry's kind: `a` the answer (a topic page: the question answered for
  every institution), `r` a rule (a heading `#<rule-id>` on an institution's
  page), `i` an institution page, `t` a template reply, `p` any other page or
  section;
- the institution each rule belongs to (search can put a reader's remembered
  institution first);
- the topics each rule is filed under, so that a topic page (which quotes
  those rules) is found by the words of its rules;
- the words staff use that the text lacks: a topic page and every rule filed
  under it get the topic's synonyms;
- no repeats: the sections of topic pages and the FAQ's per-topic answers quote
  again what rule headings and topic pages already hold, so they are left out
  (every quote is indexed once, under its rule).

The thesaurus groups (words that mean the same everywhere) and the stop words
go with it, so the worker drops and expands exactly what `make validate`
checked. `script` wraps the result as JavaScript that the worker loads with
`importScripts`, which also works from `file://` (where `fetch` does not).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from policykit.model import Catalog
from policykit.thesaurus import STOP_WORDS
from policykit.thesaurus import read as read_thesaurus

FORMAT = 1
ANSWER, RULE, INSTITUTION, TEMPLATE, PAGE = "a", "r", "i", "t", "p"


def shape(material_index: dict[str, Any], catalog: Catalog, thesaurus: Sequence[Sequence[str]]) -> dict[str, Any]:
    """The worker's index: {format, stop, synonyms, institutions, topics, docs}; docs are
    [location, title, text, keywords, kind, institution index or -1, [topic indexes]]."""
    institutions = [i.id for i in catalog.institutions]
    where = {inst.id: n for n, inst in enumerate(catalog.institutions)}
    topic_at = {t.id: n for n, t in enumerate(catalog.topics)}
    rules = {r.id: (inst.id, r) for inst in catalog.institutions for r in inst.rules}
    rule_words = {rid: _topic_words(catalog, r.topics) for rid, (_, r) in rules.items()}
    topic_words = {t.id: _unique(_flatten(t.synonyms)) for t in catalog.topics}
    rule_owner = {rid: owner for rid, (owner, _) in rules.items()}
    docs = []
    for doc in material_index.get("docs", []):
        location = doc.get("location", "")
        kind, owner, keywords = _classify(location, rule_owner, rule_words, topic_words, set(institutions))
        if kind is None:
            continue
        anchor = location.partition("#")[2]
        topics = [topic_at[t] for t in rules[anchor][1].topics] if kind == RULE else [topic_at[location.strip("/").split("/")[1]]] if kind == ANSWER else []
        docs.append([location, doc.get("title", ""), doc.get("text", ""), " ".join(keywords), kind, where.get(owner, -1), topics])
    return {
        "format": FORMAT,
        "stop": sorted(STOP_WORDS),
        "synonyms": [list(g) for g in thesaurus],
        "institutions": [[i.id, i.short_name] for i in catalog.institutions],
        "topics": [t.id for t in catalog.topics],
        "docs": docs,
    }


def _classify(location: str, rule_owner: dict[str, str], rule_words: dict[str, list[str]], topic_words: dict[str, list[str]],
              institutions: set[str]) -> tuple[str | None, str | None, list[str]]:
    """(kind, institution id, extra search words) of one entry; kind None leaves it out."""
    path, _, anchor = location.partition("#")
    parts = path.strip("/").split("/")
    if parts[0] == "topics" and len(parts) == 2 and parts[1] in topic_words:
        return (ANSWER, None, topic_words[parts[1]]) if not anchor else (None, None, [])
    if parts[0] == "faq" and anchor in topic_words:
        return None, None, []
    if parts[0] == "institutions" and len(parts) == 2 and parts[1] in institutions:
        if anchor in rule_owner:
            return RULE, rule_owner[anchor], rule_words[anchor]
        return INSTITUTION, parts[1], []
    if parts[0] == "templates" and anchor:
        return TEMPLATE, None, []
    return PAGE, None, []


def _topic_words(catalog: Catalog, topic_ids: Iterable[str]) -> list[str]:
    wanted = set(topic_ids)
    return _unique(_flatten(g for t in catalog.topics if t.id in wanted for g in t.synonyms))


def _flatten(groups: Iterable[Iterable[str]]) -> list[str]:
    return [entry for group in groups for entry in group]


def _unique(entries: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(e.strip().lower() for e in entries if e and e.strip()))


def script(index: dict[str, Any]) -> str:
    """`index` as a script that sets `self.__policySearch` (JSON.parse of a string parses fastest)."""
    text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    return f"self.__policySearch=JSON.parse({json.dumps(text)});\n"


def write(site_dir: Path, catalog: Catalog, data_dir: Path) -> Path:
    """Read the built site's search_index.json and the thesaurus; write search/policy_index.js."""
    material = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    groups, _ = read_thesaurus(data_dir / "thesaurus.yaml", "thesaurus.yaml")
    out = site_dir / "search" / "policy_index.js"
    out.write_text(script(shape(material, catalog, groups)), encoding="utf-8")
    return out
