"""The Atom 1.0 feed of What changed (`/changes.xml`): the same entries as the page.

Deterministic: entries newest first as on the page, `updated` from the newest
change (the build date only when nothing is recorded), ids that never change
(`urn:uuid:` made from what changed, where and when, not from the site's
address). Links are absolute when the site's address is known (`site_url`),
otherwise relative to the feed, which sits at the top of the site.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from xml.sax.saxutils import escape, quoteattr

from policykit.model import Catalog
from policykit.render.changes import Entry, entries
from policykit.render.diff import word_diff
from policykit.render.md import html_text, quote_lines
from policykit.render.paths import CHANGES, CHANGES_FEED, site_url as page_url

# Characters XML 1.0 cannot carry at all; none belongs in policy text.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NAMESPACE = uuid.UUID("6f1c1a52-2f0e-5b8e-9c41-7d1f0b7a9e10")
TITLE = "Social media policy handbook: what changed"


def _text(value: str) -> str:
    return escape(_NOT_XML.sub("", value))


def _stamp(date: str | None, today: dt.date) -> str:
    """An RFC 3339 time for a partial ISO date: its first day, at midnight UTC."""
    parts = [int(p) for p in date.split("-")] if date else [today.year, today.month, today.day]
    return f"{dt.date(parts[0], *(parts[1:] + [1, 1])[:2]).isoformat()}T00:00:00Z"


def _quote(text: str) -> str:
    return " ".join(quote_lines(text, html_text, labels=False))


def _content(cat: Catalog, e: Entry) -> str:
    """The entry as HTML for feed readers: the diff without screen-reader labels (no stylesheet there)."""
    parts = []
    if e.old_text and e.new_text:
        parts.append(f"<p>{word_diff(e.old_text, e.new_text, labels=False)}</p>")
    elif e.old_text:
        parts.append(f"<p>The wording before it was removed:</p><blockquote><p>{_quote(e.old_text)}</p></blockquote>")
    elif e.new_text:
        parts.append(f"<blockquote><p>{_quote(e.new_text)}</p></blockquote>")
    if e.summary:
        parts.append(f"<p>{html_text(e.summary)}</p>")
    return "".join(parts)


def changes_feed(cat: Catalog, *, today: dt.date, site_url: str | None = None, directory_urls: bool = True) -> str:
    """The feed's XML text."""
    base = site_url.rstrip("/") + "/" if site_url else ""

    def href(page: str, anchor: str = "") -> str:
        return quoteattr(base + page_url(page, anchor, directory_urls=directory_urls))

    found = [e for e in entries(cat) if e.date]
    feed_id = uuid.uuid5(_NAMESPACE, base + CHANGES_FEED if base else "changes")
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"  <id>urn:uuid:{feed_id}</id>",
        f"  <title>{_text(TITLE)}</title>",
        f"  <updated>{_stamp(found[0].date if found else None, today)}</updated>",
        "  <author><name>The handbook's maintainers</name></author>",
        f'  <link rel="self" type="application/atom+xml" href={quoteattr(base + CHANGES_FEED)}/>',
        f'  <link rel="alternate" type="text/html" href={href(CHANGES)}/>',
    ]
    for e in found:
        out += [
            "  <entry>",
            f"    <id>urn:uuid:{uuid.uuid5(_NAMESPACE, e.key)}</id>",
            f"    <title>{_text(f'{e.label}: {e.title}')}</title>",
            f"    <updated>{_stamp(e.date, today)}</updated>",
            f'    <link rel="alternate" type="text/html" href={href(e.page, e.anchor)}/>',
            f"    <content type=\"html\">{_text(_content(cat, e))}</content>",
            "  </entry>",
        ]
    out.append("</feed>")
    return "\n".join(out) + "\n"
