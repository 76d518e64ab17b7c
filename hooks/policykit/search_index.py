"""The search index for the site's own search worker, prebuilt at build time.

Material's search plugin writes `search/search_index.json`: one entry per page
and per heading, taken from the built HTML. `shape` turns that, with the
catalog, into what `docs/assets/javascripts/search/worker.js` searches:

- each entry's kind: `a` the answer (a topic page: the question answered for
  every institution), `r` a rule (a heading `#<rule-id>` on an institution's
  page), `i` an institution page, `t` a template reply, `p` any other page or
  section;
- the institution each rule belongs to (search puts a reader's remembered
  institution first among rules) and the topics it is filed under (a topic
  page quotes its rules, so it is found by their words);
- the words staff use that the text lacks: a topic page and every rule filed
  under it get the topic's synonyms (topics.yaml);
- no repeats: the sections of topic pages, the FAQ's per-topic answers and the
  topic list's groups say again what rule headings and topic pages hold, so
  they are left out (every quote is indexed once, under its rule);
- an inverted index (terms, postings, field lengths) made with `search_text`,
  the twin of the worker's own analysis, so the browser decodes only the
  postings of the words a query uses instead of indexing every text; besides
  each word's term (its stem), a word whose spelling differs from its stem is
  indexed as written too (`openness` beside `open`, in `forms`), so a word as
  typed counts for more than its other forms;
- the texts in chunks, loaded as results need them.

The thesaurus groups and the stop words go with it, so the worker drops and
expands exactly what `make validate` checked. `write` puts it all under
`search/policy/` as scripts (`importScripts` also works from `file://`, where
`fetch` does not), plus `config.json`: Material's search config alone, which
Material's page then loads instead of the whole of search_index.json.
"""

from __future__ import annotations

import functools
import html
import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from policykit import search_text
from policykit.model import Catalog
from policykit.thesaurus import STOP_WORDS
from policykit.thesaurus import read as read_thesaurus

FORMAT = 2
FIELDS = ("title", "text", "keywords")
_FIELD_COUNT = len(FIELDS)
CHUNK_BYTES = 48_000
ANSWER, RULE, INSTITUTION, TEMPLATE, PAGE = "a", "r", "i", "t", "p"


def shape(material_index: dict[str, Any], catalog: Catalog, thesaurus: Sequence[Sequence[str]]) -> tuple[dict[str, Any], list[str]]:
    """The worker's index and the texts of its entries, in entry order.

    The index holds what ranking needs, per entry in parallel lists: `page`
    (index into `pages`, the page paths; `heads[p]` is the entry of page p
    itself), `anchors` (location = page path + "#" + anchor), `titles`,
    `kinds` (one letter each), `owner` (institution index or -1), `filed`
    (topic indexes); and the inverted index: `terms`, `postings` (see
    `encode_postings`), `lengths` (words per field), `average`. The texts, for
    showing results, go in chunks (`text_chunks`), loaded as results need them.
    """
    institutions = [i.id for i in catalog.institutions]
    where = {inst.id: n for n, inst in enumerate(catalog.institutions)}
    topic_at = {t.id: n for n, t in enumerate(catalog.topics)}
    rules = {r.id: (inst.id, r) for inst in catalog.institutions for r in inst.rules}
    rule_words = {rid: _topic_words(catalog, r.topics) for rid, (_, r) in rules.items()}
    topic_words = {t.id: _unique(_flatten(t.synonyms)) for t in catalog.topics}
    rule_owner = {rid: owner for rid, (owner, _) in rules.items()}
    docs, fields, texts, pages = [], [], [], {}
    for doc in material_index.get("docs", []):
        location = doc.get("location", "")
        kind, owner, keywords = _classify(location, rule_owner, rule_words, topic_words, set(institutions))
        if kind is None:
            continue
        anchor = location.partition("#")[2]
        topics = [topic_at[t] for t in rules[anchor][1].topics] if kind == RULE else [topic_at[_page_name(location)]] if kind == ANSWER else []
        title, text = doc.get("title", ""), doc.get("text", "")
        path = location.partition("#")[0]
        docs.append((pages.setdefault(path, len(pages)), kind, where.get(owner, -1), topics, location == path, location.partition("#")[2], title))
        fields.append((title, text, " ".join(keywords)))
        texts.append(text)
    index = {
        "format": FORMAT,
        "stop": sorted(STOP_WORDS),
        "synonyms": [list(g) for g in thesaurus],
        "institutions": [[i.id, i.short_name] for i in catalog.institutions],
        "topics": [t.id for t in catalog.topics],
        "pages": list(pages),
        "heads": _heads(docs, len(pages)),
        "page": [d[0] for d in docs],
        "anchors": [d[5] for d in docs],
        "titles": [d[6] for d in docs],
        "kinds": "".join(d[1] for d in docs),
        "owner": [d[2] for d in docs],
        "filed": [d[3] for d in docs],
        "fields": list(FIELDS),
    }
    index.update(inverted(fields))
    return index, texts


def _heads(docs: Sequence[tuple[Any, ...]], count: int) -> list[int]:
    """For each page, the index of its own entry (the one without an anchor), or -1."""
    heads = [-1] * count
    for n, doc in enumerate(docs):
        if doc[4] and heads[doc[0]] < 0:
            heads[doc[0]] = n
    return heads


def inverted(fields: Sequence[Sequence[str]]) -> dict[str, Any]:
    """Terms, postings and field lengths of entries given as (title, text, keywords); and
    the words as written where that differs from their term (`forms`, `formPostings`)."""
    postings: dict[str, _Postings] = {}
    written: dict[str, _Postings] = {}
    lengths: list[int] = []
    for doc, values in enumerate(fields):
        for field, value in enumerate(values):
            counts, forms, length = _analysed(value)
            lengths.append(length)
            _post(postings, counts, doc, field)
            _post(written, forms, doc, field)
    terms, spelt = sorted(postings), sorted(written)
    count = max(len(fields), 1)
    average = [round(sum(lengths[f::len(FIELDS)]) / count, 3) for f in range(len(FIELDS))]
    return {"terms": terms, "postings": [postings[t].encoded() for t in terms], "lengths": lengths, "average": average,
            "forms": spelt, "formPostings": [written[t].encoded() for t in spelt]}


def _post(postings: dict[str, _Postings], counts: Counts, doc: int, field: int) -> None:
    """Add one field's (term, count) pairs to the postings (a million at 200: no call per pair)."""
    for t, n in counts:
        p = postings.get(t)
        if p is None:
            p = postings[t] = _Postings()
        p.pieces.append(_number(((doc - p.last) * _FIELD_COUNT + field) * 2 + (n > 1)))
        if n > 1:
            p.pieces.append(_number(n - 2))
        p.last = doc


Counts = tuple[tuple[str, int], ...]


@functools.lru_cache(maxsize=1 << 18)
def _analysed(value: str) -> tuple[Counts, Counts, int]:
    """One field's (term, count) pairs, (written form, count) pairs and length in words.

    Kept by text: the keywords of rules filed under the same topics repeat on every
    build, and under `mkdocs serve` every text but the edited ones comes again."""
    counts: Counter[str] = Counter()
    forms: Counter[str] = Counter()
    for word in search_text.words(_plain(value)):
        t = _indexed(word)
        if t is not None:
            counts[t] += 1
            form = search_text.form(word)
            if form is not None:
                forms[form] += 1
    return tuple(counts.items()), tuple(forms.items()), sum(counts.values())


@functools.lru_cache(maxsize=None)
def _indexed(word: str) -> str | None:
    """A word's term, or None for a stop word (never indexed)."""
    return None if word in STOP_WORDS else search_text.term(word)


# Postings are a stream of numbers, each in 5-bit groups, most significant first:
# a group from the upper half of this alphabet says "more follows", one from the
# lower half ends the number. Plain JSON-safe characters, no separators.
_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"


class _Postings:
    """One term's postings, encoded as `_post` adds them, in entry order: for each,
    (entry gap * fields + field) * 2 + (count > 1), then count - 2 when the count is more than one."""

    __slots__ = ("pieces", "last")

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.last = 0

    def encoded(self) -> str:
        return "".join(self.pieces)


def encode_postings(entries: Sequence[tuple[int, int, int]]) -> str:
    """(entry, field, count) triples encoded as the index holds them."""
    out: dict[str, _Postings] = {}
    for doc, field, n in sorted(entries):
        _post(out, (("", n),), doc, field)
    return out[""].encoded() if out else ""


@functools.lru_cache(maxsize=65536)
def _number(n: int) -> str:
    groups = [n & 31]
    n >>= 5
    while n:
        groups.append(32 + (n & 31))
        n >>= 5
    return "".join(_DIGITS[g] for g in reversed(groups))


_TAG = re.compile(r"<[^>]*>")


def _plain(value: str) -> str:
    return html.unescape(_TAG.sub(" ", value))


def text_chunks(texts: Sequence[str], size: int = CHUNK_BYTES) -> list[list[str]]:
    """The texts in consecutive chunks of about `size` bytes, so the worker loads only what it shows."""
    chunks: list[list[str]] = [[]]
    used = 0
    for text in texts:
        if used >= size:
            chunks.append([])
            used = 0
        chunks[-1].append(text)
        used += len(text.encode("utf-8"))
    return chunks


def _classify(location: str, rule_owner: dict[str, str], rule_words: dict[str, list[str]], topic_words: dict[str, list[str]],
              institutions: set[str]) -> tuple[str | None, str | None, list[str]]:
    """(kind, institution id, extra search words) of one entry; kind None leaves it out."""
    path, _, anchor = location.partition("#")
    parts = re.sub(r"(^|/)index\.html$|\.html$", "", path).strip("/").split("/")
    if parts[0] == "topics" and len(parts) == 2 and parts[1] in topic_words:
        return (ANSWER, None, topic_words[parts[1]]) if not anchor else (None, None, [])
    if parts[0] == "faq" and anchor in topic_words or parts == ["topics"] and anchor:
        return None, None, []
    if parts[0] == "institutions" and len(parts) == 2 and parts[1] in institutions:
        if anchor in rule_owner:
            return RULE, rule_owner[anchor], rule_words[anchor]
        return INSTITUTION, parts[1], []
    if parts[0] == "templates" and anchor:
        return TEMPLATE, None, []
    return PAGE, None, []


def _page_name(location: str) -> str:
    """`texting` from `topics/texting/` or `topics/texting.html`."""
    return re.sub(r"\.html$", "", location.partition("#")[0].strip("/")).split("/")[1]


def _topic_words(catalog: Catalog, topic_ids: Iterable[str]) -> list[str]:
    wanted = set(topic_ids)
    return _unique(_flatten(g for t in catalog.topics if t.id in wanted for g in t.synonyms))


def _flatten(groups: Iterable[Iterable[str]]) -> list[str]:
    return [entry for group in groups for entry in group]


def _unique(entries: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(e.strip().lower() for e in entries if e and e.strip()))


def _parse(value: Any) -> str:
    """`JSON.parse("...")` of `value`: in a script, the fastest way to load data this large."""
    return f"JSON.parse({json.dumps(json.dumps(value, ensure_ascii=False, separators=(',', ':')))})"


def write(site_dir: Path, catalog: Catalog, data_dir: Path) -> None:
    """Read the built site's search_index.json and the thesaurus; write the worker's files under search/."""
    prepare(site_dir, catalog, data_dir)()


def prepare(site_dir: Path, catalog: Catalog, data_dir: Path, material: Callable[[], dict[str, Any]] | None = None) -> Callable[[], None]:
    """Read what the index is made of now (Material's index of the built pages, the thesaurus);
    the call returned shapes it and writes the worker's files (the preview runs it in the background).
    `material`, when given, makes Material's index in that call instead (the preview's, `PreviewSearch`)."""
    if material is None:
        written = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
        material = lambda: written  # noqa: E731 - read now, used later
    groups, _ = read_thesaurus(data_dir / "thesaurus.yaml", "thesaurus.yaml")
    return lambda: _publish(site_dir / "search", material(), catalog, groups)


def _publish(search: Path, material: dict[str, Any], catalog: Catalog, groups: Sequence[Sequence[str]]) -> None:
    """Write `search/policy/`, each file replaced whole (`os.replace`): a page loading search
    while the preview rewrites it finds every file, old or new, never one missing or half
    written. The texts go first and the index last, since the index says which texts there are."""
    index, texts = shape(material, catalog, groups)
    chunks = text_chunks(texts)
    index["chunks"] = [len(c) for c in chunks]
    files = {f"text-{n}.js": f"self.__policyText({n},{_parse(chunk)});\n" for n, chunk in enumerate(chunks)}
    # Material's page reads only `config` from its own index when the worker has this one.
    files["config.json"] = json.dumps({"config": material.get("config", {}), "docs": []}, separators=(",", ":"))
    files["index.js"] = f"self.__policyIndex={_parse(index)};\n"
    folder = search / "policy"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        replace_whole(folder / name, text)
    for stale in folder.iterdir():
        if stale.name not in files:
            stale.unlink()


def replace_whole(path: Path, text: str) -> None:
    """Write `text` to `path` through a file beside it, then `os.replace`: a reader finds the
    old file or the new one, never one half written."""
    part = path.with_name(f".{path.name}.part")
    part.write_text(text, encoding="utf-8")
    os.replace(part, path)
