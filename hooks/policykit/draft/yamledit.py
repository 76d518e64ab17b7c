"""Edit a YAML file's text in place, line by line, keeping its comments and layout.

PyYAML's node marks say where each value starts and ends; an edit replaces
or inserts whole lines there. Edits are collected, then applied from the end of
the file up, so every mark stays valid while they are applied.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml


@dataclass(frozen=True)
class Edit:
    """Replace lines [start, end) (0-based) by `lines`; start == end inserts."""

    start: int
    end: int
    lines: tuple[str, ...]


@dataclass
class YamlText:
    """A YAML document's lines and its node tree, for edits by position."""

    text: str
    root: yaml.MappingNode = field(init=False)
    edits: list[Edit] = field(default_factory=list)

    def __post_init__(self) -> None:
        node = yaml.compose(self.text, Loader=yaml.SafeLoader)
        if not isinstance(node, yaml.MappingNode):
            raise ValueError("expected a mapping at the top of the file")
        self.root = node

    @staticmethod
    def get(node: yaml.Node, key: str) -> tuple[yaml.Node, yaml.Node] | None:
        """(key node, value node) of `key` in a mapping node, or None."""
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == key:
                    return k, v
        return None

    def item(self, sequence_key: str, index: int) -> yaml.Node:
        found = self.get(self.root, sequence_key)
        assert found is not None and isinstance(found[1], yaml.SequenceNode)
        return found[1].value[index]

    @staticmethod
    def end_line(node: yaml.Node) -> int:
        """The 0-based line after the node's last line."""
        mark = node.end_mark
        return mark.line if mark.column == 0 else mark.line + 1

    def replace_value(self, mapping: yaml.Node, key: str, lines: list[str]) -> None:
        """Replace `key: value` (all its lines) in `mapping` by `lines`."""
        found = self.get(mapping, key)
        assert found is not None
        k, v = found
        self.edits.append(Edit(k.start_mark.line, max(self.end_line(v), k.start_mark.line + 1), tuple(lines)))

    def set_in_mapping(self, mapping: yaml.Node, key: str, lines: list[str]) -> None:
        """Replace `key` in `mapping`, or add it after the mapping's last line."""
        if self.get(mapping, key) is not None:
            self.replace_value(mapping, key, lines)
        else:
            self.edits.append(Edit(self._last_content_line(mapping), self._last_content_line(mapping), tuple(lines)))

    def _last_content_line(self, node: yaml.Node) -> int:
        """The line after the node's last value (before trailing comments and blank lines)."""
        last = node
        while isinstance(last, (yaml.MappingNode, yaml.SequenceNode)) and last.value:
            last = last.value[-1][1] if isinstance(last, yaml.MappingNode) else last.value[-1]
        return self.end_line(last)

    def insert_after(self, node: yaml.Node, lines: list[str]) -> None:
        at = self._last_content_line(node)
        self.edits.append(Edit(at, at, tuple(lines)))

    def insert_before(self, node: yaml.Node, lines: list[str]) -> None:
        """Insert lines before the line a node starts on (a sequence item's `- ` line)."""
        self.edits.append(Edit(node.start_mark.line, node.start_mark.line, tuple(lines)))

    def indent_of(self, node: yaml.Node) -> str:
        return " " * node.start_mark.column

    def apply(self) -> str:
        lines = self.text.split("\n")
        # From the end up; edits at one place in the order they were made.
        order = sorted(range(len(self.edits)), key=lambda i: (self.edits[i].start, self.edits[i].end, i), reverse=True)
        for i in order:
            edit = self.edits[i]
            lines[edit.start: edit.end] = list(edit.lines)
        return "\n".join(lines)
