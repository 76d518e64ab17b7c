"""The source page: an institution's original text, line by line, draft deletions struck."""

from __future__ import annotations

from policykit.model import Institution
from policykit.render.md import esc, front_matter, heading, link, plain_title, rel, render_lines
from policykit.render.paths import institution_path, source_path


def source_page(inst: Institution) -> str:
    """The original text, line by line with line anchors; draft deletions shown struck."""
    page = source_path(inst.id)
    lines = inst.source_text.split("\n")
    body = []
    for number, text in enumerate(render_lines(lines), start=1):
        if text:
            body.append(f'<p class="src-line" id="L{number}"><span class="ln" aria-hidden="true">{number}</span> {text}</p>')
    return "\n".join(
        [
            front_matter(
                title=plain_title(f"{inst.short_name}: original text"),
                description=plain_title(f"The original text of {inst.document.title}, as received."),
                search={"exclude": True},
            ),
            heading(1, esc(f"{inst.short_name}: the original text")),
            f"The text of **{esc(inst.document.title)}** exactly as received, with its page furniture and slips. "
            f"The rules on the {link(f'{inst.short_name} page', rel(page, institution_path(inst.id)))} are quoted from it. "
            + ("Struck-through words were deleted in the draft. " if inst.document.is_draft else "")
            + "Line numbers are this site's.\n",
            '<div class="source-text">\n' + "\n".join(body) + "\n</div>\n",
        ]
    )
