"""Where each generated page lives (docs-relative .md paths) and its site URL."""

from __future__ import annotations

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


def institution_path(institution_id: str) -> str:
    return f"institutions/{institution_id}.md"


def topic_path(topic_id: str) -> str:
    return f"topics/{topic_id}.md"


def source_path(institution_id: str) -> str:
    return f"sources/{institution_id}.md"


def templates_path() -> str:
    return TEMPLATES


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
