"""What changed: every recorded change, newest first, as a page and as the entries of the feed.

From each institution's `history` (reworded rules with the old and the new
wording, new rules, removed rules with their old wording, changes of meaning)
and the `added` dates of institutions and topics. `entries` is shared by the
page, the Atom feed (`render/feed.py`) and nothing else; the institution page
shows its own rules' history itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from policykit.model import Catalog, Change, ChangeKind, format_date, period_end
from policykit.render.diff import diff_block
from policykit.render.md import badge, esc, front_matter, heading, html_para, html_quote, html_text, link, rel
from policykit.render.paths import CHANGES, CHANGES_FEED, institution_path, topic_path


@dataclass(frozen=True)
class Entry:
    """One change as readers see it: on the What changed page and in the feed."""

    key: str
    """Stable across builds: what changed, where and when (`rule/changed/cms-4/2026-11-22`)."""
    date: str | None
    label: str
    """`Wording changed`, `New rule`, `Rule removed`, `Meaning changed`, `New institution`, `New topic`."""
    title: str
    """Plain text: `CMS 4 · Friend invitations`, an institution's name, a topic's title."""
    page: str
    """The page it links to, and the anchor there."""
    anchor: str = ""
    summary: str = ""
    """In the site's words."""
    old_text: str | None = None
    new_text: str | None = None
    change: Change | None = None

    @property
    def slug(self) -> str:
        """The entry's anchor on the What changed page."""
        return slug(self.key)


def _rule_key(change: Change) -> str:
    return f"rule/{change.kind.value}/{change.rule}/{change.date or 'undated'}"


def _numbered(keys: list[str]) -> list[str]:
    """Keys in sorted order, a repeated one numbered (`.../2`) in file order."""
    seen: dict[str, int] = {}
    out = []
    for key in sorted(keys):
        seen[key] = seen.get(key, 0) + 1
        out.append(key if seen[key] == 1 else f"{key}/{seen[key]}")
    return out


def entry_anchors(cat: Catalog) -> list[str]:
    """The anchor of every entry of the What changed page, without resolving any reference
    (the checks call it on data not yet checked)."""
    keys = [_rule_key(c) for inst in cat.institutions for c in inst.history]
    keys += [f"institution/{inst.id}/{inst.added}" for inst in cat.institutions if inst.added]
    keys += [f"topic/{t.id}/{t.added}" for t in cat.topics if t.added]
    return [slug(key) for key in _numbered(keys)]


def slug(key: str) -> str:
    """An entry's anchor on the What changed page, from its key."""
    return re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")


def _rule_entry(cat: Catalog, change: Change) -> Entry:
    inst = cat.institution(change.institution)
    key = _rule_key(change)
    if change.kind is ChangeKind.REMOVED:
        ref = change.old_ref or change.rule
        title = f"{inst.short_name} {ref} · {change.old_title}" if change.old_title else f"{inst.short_name} {ref}"
        return Entry(key, change.date, change.kind.label, title, institution_path(inst.id), change.rule, change.change, change.old_text, None, change)
    rule = cat.rule(change.rule)
    title = f"{inst.short_name} {rule.ref} · {rule.title}"
    return Entry(key, change.date, change.kind.label, title, institution_path(inst.id), rule.id, change.change, change.old_text, rule.text, change)


def entries(cat: Catalog) -> tuple[Entry, ...]:
    """Every change, newest first (undated last), ties in a fixed order."""
    found = [_rule_entry(cat, c) for inst in cat.institutions for c in inst.history]
    for inst in cat.institutions:
        if inst.added:
            summary = f"{len(inst.rules)} rules quoted from “{inst.document.title}”."
            found.append(Entry(f"institution/{inst.id}/{inst.added}", inst.added, "New institution", inst.name, institution_path(inst.id), summary=summary))
    for t in cat.topics:
        if t.added:
            found.append(Entry(f"topic/{t.id}/{t.added}", t.added, "New topic", t.title, topic_path(t.id), summary=t.question))
    found.sort(key=lambda e: e.key)
    found = [replace(e, key=key) for e, key in zip(found, _numbered([e.key for e in found]))]
    return tuple(sorted(found, key=lambda e: period_end(e.date).toordinal() if e.date else 0, reverse=True))


def entry_body(cat: Catalog, e: Entry, page: str) -> str:
    """The entry under its heading: link, old and new wording, the site's summary."""
    parts = [f"{link(e.title, rel(page, e.page, e.anchor))} · {esc(format_date(e.date) if e.date else 'date not recorded')}\n"]
    c = e.change
    if c is not None and c.kind is ChangeKind.CHANGED and e.old_text and e.new_text:
        parts.append(diff_block(e.old_text, e.new_text))
    elif c is not None and c.kind is ChangeKind.REMOVED and e.old_text:
        parts.append(html_para("<strong>The wording before it was removed:</strong>", "old-wording"))
        parts.append(html_quote(e.old_text))
    elif c is not None and c.kind is ChangeKind.ADDED and e.new_text:
        parts.append(html_quote(e.new_text))
    if c is not None and c.old_stance is not None and c.kind is not ChangeKind.REMOVED:
        parts.append(html_para(f"<strong>Stance:</strong> {badge(c.old_stance)} before, {badge(cat.rule(c.rule).stance)} now", "stance-change"))
    if e.summary:
        who = "site summary" if c is not None else "from the data"
        parts.append(html_para(f"<strong>What changed ({who}):</strong> {html_text(e.summary)}", "site-summary"))
    return "\n".join(parts)


def changes_page(cat: Catalog) -> str:
    page = CHANGES
    out = [
        front_matter(title="What changed", description="Reworded, new and removed rules, changes of meaning, new institutions and topics, newest first."),
        heading(1, "What changed"),
        "Changes to the policies and to this site's reading of them, newest first: reworded rules with the old and the "
        "new wording, new and removed rules, changes of meaning, new institutions and new topics. Typo fixes and new "
        f"search words are not listed. To follow changes in a feed reader, subscribe to {link('the Atom feed', rel(page, CHANGES_FEED))}.\n",
    ]
    found = entries(cat)
    if not found:
        out.append("No changes recorded since the data was first captured.\n")
    for e in found:
        out.append(heading(2, esc(f"{e.label}: {e.title}"), e.slug, search=False))
        out.append('<div class="change-entry" data-search-exclude markdown>\n')
        out.append(entry_body(cat, e, page))
        out.append("</div>\n")
    return "\n".join(out)
