"""Where each generated page lives (docs-relative .md paths) and its site URL."""

from __future__ import annotations

import functools
import posixpath
import re

from policykit.render import md

COMPARE = "compare.md"
FAQ = "faq.md"
TEMPLATES = "templates.md"
REVIEW = "review.md"
CHANGES = "changes.md"
CHANGES_FEED = "changes.xml"
INSTITUTIONS_INDEX = "institutions/index.md"
TOPICS_INDEX = "topics/index.md"
POLICIES_JSON = "policies.json"
COMPARISON_CSV = "comparison.csv"
POLICY_WRITERS = "policy-writers/index.md"
CLAUSE_PACK = "policy-writers/clause-pack.md"
CLAUSE_PACK_SCRIPTS = "policy-writers/clause-pack/topics"


def institution_path(institution_id: str) -> str:
    return f"institutions/{institution_id}.md"


def topic_path(topic_id: str) -> str:
    return f"topics/{topic_id}.md"


def source_path(institution_id: str) -> str:
    return f"sources/{institution_id}.md"


def templates_path() -> str:
    return TEMPLATES


def clause_pack_script(topic_id: str) -> str:
    """The file holding one topic's quoted positions for the clause pack (above `writers.MAX_QUOTED` institutions)."""
    return f"{CLAUSE_PACK_SCRIPTS}/{topic_id}.js"


def clause_pack_scripts_url(*, directory_urls: bool = True) -> str:
    """The folder of the clause pack's topic scripts, relative to the page's URL (`topics/`)."""
    here = site_url(CLAUSE_PACK, directory_urls=directory_urls)
    return md.rel(here + ("index.html" if here.endswith("/") else ""), CLAUSE_PACK_SCRIPTS + "/")


def site_url(page: str, anchor: str = "", *, directory_urls: bool = True) -> str:
    """The site-relative URL of a page (`institutions/cms/#cms-4`), as MkDocs writes it."""
    stem = page[: -len(".md")]
    if directory_urls:
        if stem == "index" or stem.endswith("/index"):
            url = stem[: -len("index")]
        else:
            url = stem + "/"
    else:
        url = stem + ".html"
    return f"{url}#{anchor}" if anchor else url


@functools.lru_cache(maxsize=65536)
def _resolved(from_page: str, target: str, directory_urls: bool) -> str:
    """The URL, relative to `from_page`'s, of `target` (a page path relative to `from_page`, as
    `md.rel` writes it), the way MkDocs writes a Markdown link's (`./#x` for the page itself)."""
    path, _, anchor = target.partition("#")
    to_page = posixpath.normpath(posixpath.join(posixpath.dirname(from_page), path))
    url = md.rel(site_url(from_page, directory_urls=directory_urls), site_url(to_page, directory_urls=directory_urls)) or "./"
    return f"{url}#{anchor}" if anchor else url


# A raw-HTML link to a page, as md.html_link writes it: a relative `.md` path. Data
# text cannot make one: `esc` turns `=` into an entity and `html_text` turns `"` into one.
_PAGE_HREF = re.compile(r'href="((?:[^":#/][^":#]*)?\.md(?:#[^"]*)?)"')


def resolve_page_links(page: str, text: str, *, directory_urls: bool = True) -> str:
    """`text` (the Markdown of `page`) with its raw-HTML links to pages made URLs.

    MkDocs turns a Markdown link's `.md` path into the page's URL, but leaves raw
    HTML alone; the renderers write whole blocks as raw HTML (Markdown inside a
    `markdown` block costs most of a build), so their links are resolved here.
    """
    if 'href="' not in text:
        return text
    return _PAGE_HREF.sub(lambda m: f'href="{_resolved(page, m.group(1), directory_urls)}"', text)
