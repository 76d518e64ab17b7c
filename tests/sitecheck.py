"""Read a built site: pages, their ids and links, resolved the way a browser would."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []  # (tag, url)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        for attr in ("href", "src"):
            if a.get(attr) is not None and not (tag == "link" and a.get("rel") in ("canonical",)):
                self.links.append((tag, a[attr]))


@dataclass
class Page:
    path: str  # site-relative file path, like "institutions/cms/index.html"
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str]] = field(default_factory=list)


def read_site(site: Path) -> dict[str, Page]:
    pages = {}
    for f in sorted(site.rglob("*.html")):
        rel = f.relative_to(site).as_posix()
        parser = _PageParser()
        parser.feed(f.read_text(encoding="utf-8"))
        pages[rel] = Page(rel, parser.ids, parser.links)
    return pages


def resolve(site: Path, page: str, url: str) -> tuple[str | None, str]:
    """(file path in the site or None if outside it, fragment) for a link on `page`."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None, parts.fragment
    if not parts.path:
        return page, unquote(parts.fragment)
    # A root-relative path (the 404 page uses them) starts from the top of the site.
    base = "" if parts.path.startswith("/") else posixpath.dirname(page)
    target = posixpath.normpath(posixpath.join(base, unquote(parts.path).lstrip("/")))
    if url.split("#")[0].split("?")[0].endswith("/") or (site / target).is_dir():
        target = posixpath.join(target, "index.html")
    return target, unquote(parts.fragment)


def broken_links(site: Path, pages: dict[str, Page]) -> list[str]:
    """Every internal link whose file or anchor does not exist."""
    problems = []
    for page in pages.values():
        for tag, url in page.links:
            if url.startswith(("mailto:", "javascript:void(0)", "data:")):
                continue
            target, fragment = resolve(site, page.path, url)
            if target is None:
                continue
            if target.startswith("../") or not (site / target).is_file():
                problems.append(f"{page.path}: <{tag}> {url} -> missing file {target}")
            elif fragment and target in pages and fragment not in pages[target].ids:
                problems.append(f"{page.path}: <{tag}> {url} -> no anchor #{fragment} in {target}")
    return problems


def external_resources(pages: dict[str, Page]) -> list[str]:
    """Scripts, styles, images and frames loaded from another host (links to read are fine)."""
    found = []
    for page in pages.values():
        for tag, url in page.links:
            if tag != "a" and urlsplit(url).netloc:
                found.append(f"{page.path}: <{tag}> {url}")
    return found
