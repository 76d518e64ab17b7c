"""Every anchor (HTML id) the renderers write, by the page it lands on.

The renderers take their anchors from here, and `policykit.checks.ids` refuses
a data id that would give a page the same anchor twice: a duplicate id breaks
links to the second one and is invalid HTML. `PAGE_ANCHORS` lists the ids a
kind of page writes whatever the data; the functions make the ids built from
data ids. (Material's own ids start with `__`, which no data id can.)
"""

from __future__ import annotations

ABOUT_THE_DOCUMENT = "about-the-document"
DOCUMENT_FAQ = "document-faq"
REMOVED_RULES = "removed-rules"
TEMPLATE_REPLIES = "template-replies"
NOT_COVERED = "not-covered"
AT_A_GLANCE = "at-a-glance"
DOCUMENT_FAQS = "document-faqs"
RELATED_TOPICS = "related-topics"
INSTITUTION_FILTER = "institution-filter"
INSTITUTION_LIST = "institution-list"

PAGE_ANCHORS: dict[str, tuple[str, ...]] = {
    "institution": (ABOUT_THE_DOCUMENT, DOCUMENT_FAQ, REMOVED_RULES, TEMPLATE_REPLIES, NOT_COVERED),
    "topic": (AT_A_GLANCE, TEMPLATE_REPLIES, DOCUMENT_FAQS, RELATED_TOPICS),
    "faq": (DOCUMENT_FAQS,),
    "templates": (),
    "institutions-index": (INSTITUTION_FILTER, INSTITUTION_LIST),
    "topics-index": (),
    "changes": (),
}
"""The anchors each kind of page writes itself, whatever the data."""


def section(section_id: str) -> str:
    """A section's heading on its institution's page."""
    return f"section-{section_id}"


def not_covered_group(group_id: str) -> str:
    """A topic group's heading in the not-covered section of an institution page."""
    return f"not-covered-{group_id}"


def group(group_id: str) -> str:
    """A topic group's heading on the FAQ page."""
    return f"group-{group_id}"


def institution_faqs(institution_id: str) -> str:
    """An institution's own FAQ, on the FAQ page."""
    return f"faq-{institution_id}"


def template_text(template_id: str) -> str:
    """A template's text, on the templates page."""
    return f"{template_id}-text"


def template_field(template_id: str, number: int) -> str:
    """The input of a template's `number`th blank (from 1), on the templates page."""
    return f"{template_id}-field-{number}"
