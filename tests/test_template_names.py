"""Template blanks named like JavaScript's built-in properties fill in as ordinary names.

A blank called `__proto__`, `constructor`, `toString`, `hasOwnProperty`,
`valueOf` or `__defineGetter__` must behave like `[Your name]`: shown as a
blank until filled, then the typed text; never "[object Object]" or a
function's source, and the copy warning lists it while it is empty. Tested
in Chromium on a real build of the fixture data with one suggested template added.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import copy_fixture_data, serve_folder
from test_writers_render import build_site

pytestmark = pytest.mark.browser

NAMES = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "__defineGetter__", "__lookupSetter__"]
TEMPLATE_ID = "built-in-names"


def template_yaml(institution: str, rule: str) -> str:
    body = "\n".join(f"      Line {i}: [{name}]" for i, name in enumerate(NAMES, start=1))
    blanks = "".join(f"      - name: {name}\n        label: Value of {name}\n        example: e{i}\n" for i, name in enumerate(NAMES))
    return (
        f"  - id: {TEMPLATE_ID}\n    title: Built-in names\n    when: Testing names.\n    institutions: [{institution}]\n"
        f"    origin: suggested\n    rules: [{rule}]\n    body: |-\n{body}\n    placeholders:\n{blanks}"
    )


@pytest.fixture(scope="module")
def names_url(tmp_path_factory):
    base = tmp_path_factory.mktemp("names")
    data = copy_fixture_data(base)
    first = yaml.safe_load((data / "templates.yaml").read_text(encoding="utf-8"))["templates"][0]
    path = data / "templates.yaml"
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + template_yaml(first["institutions"][0], first["rules"][0]), encoding="utf-8")
    # The small fixture data builds in a third of the real data's time; strict but for the
    # hand-written home page's links to the real data's topics (test_writers_render's build_site).
    result, warnings = build_site(data, base / "site")
    assert result.returncode == 0 and warnings == [], result.stderr
    url, server = serve_folder(base / "site")
    yield url
    server.shutdown()


def marks(tpl) -> dict[str, tuple[str, str]]:
    """{blank name: (class, shown text)} for every blank of the template's text."""
    return {
        m["name"]: (m["cls"], m["text"])
        for m in tpl.locator("mark[data-blank]").evaluate_all("ms => ms.map(m => ({name: m.dataset.blank, cls: m.className, text: m.textContent}))")
    }


def test_built_in_names_start_as_blanks(page, names_url) -> None:
    page.goto(names_url + "templates/")
    tpl = page.locator(f'.tpl[data-template="{TEMPLATE_ID}"]')
    assert marks(tpl) == {name: ("blank", f"[{name}]") for name in NAMES}


@pytest.mark.parametrize("filled", [NAMES, NAMES[:1], NAMES[1::2]], ids=["all", "__proto__ only", "every other"])
def test_built_in_names_fill_and_copy_like_any_name(context, names_url, filled: list[str]) -> None:
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(names_url + "templates/")
    tpl = page.locator(f'.tpl[data-template="{TEMPLATE_ID}"]')
    for name in filled:
        tpl.locator(f'input[data-blank="{name}"]').fill(f"value of {name}")
    expected = {name: ("filled", f"value of {name}") if name in filled else ("blank", f"[{name}]") for name in NAMES}
    assert marks(tpl) == expected
    tpl.locator("button.tpl-copy").click()
    page.wait_for_function(f"document.querySelector('[data-template=\"{TEMPLATE_ID}\"] .tpl-status').textContent.length > 0")
    copied = page.evaluate("navigator.clipboard.readText()")
    for i, name in enumerate(NAMES, start=1):
        assert f"Line {i}: " + expected[name][1] in copied
    assert "[object Object]" not in copied and "function" not in copied
    empty = [n for n in NAMES if n not in filled]
    status = tpl.locator(".tpl-status").inner_text()
    if empty:
        assert all(f"[{n}]" in status for n in empty), status
    else:
        assert status == "Copied to the clipboard."
