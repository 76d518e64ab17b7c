"""Validate parsed YAML against the JSON Schemas in `policy_data/schema/`.

The schemas are the ones editors use as maintainers type; here `jsonschema`
checks them at build time and each error becomes one line with the file, line,
dotted field, what was expected and what was found.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from policykit.errors import Problem


class Locates(Protocol):
    """What turns a path in a file into a Problem at its line (`read.DataFile`, `yamlio.Marks`)."""

    def problem(self, path: Sequence[Any], message: str, *, key: bool = False) -> Problem: ...

# What a pattern means, in words a maintainer understands.
_PATTERN_WORDS = {
    "^[a-z0-9]+(-[a-z0-9]+)*$": "a lowercase id of letters, digits and single hyphens",
    "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$": "a date written YYYY-MM-DD (or YYYY-MM, or YYYY)",
    "\\S": "some text",
    "^(https?://[^\\s<>\"]+|mailto:[^\\s<>\"]+)$": "an http, https or mailto link",
    "^[a-z0-9][a-z0-9._-]*\\.txt$": "a file name in policy_data/sources/ ending in .txt",
    "^[^\\[\\]\\n]+$": "a name without brackets or line breaks",
}
_TYPE_WORDS = {
    "string": "text",
    "array": "a list",
    "object": "a mapping of fields",
    "null": "nothing",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
}


def describe(value: Any) -> str:
    """A found value, described briefly."""
    if value is None:
        return "an empty value"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return f"text {shown!r}" if value.strip() else "blank text"
    if isinstance(value, list):
        return f"a list of {len(value)} item{'s' if len(value) != 1 else ''}" if value else "an empty list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)


def did_you_mean(word: str, choices: list[str] | tuple[str, ...] | set[str]) -> str:
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


# When one field breaks several rules (an empty stance is neither text nor one of
# the stances), the message of the first rule here says the most.
_PREFERENCE = ["required", "additionalProperties", "enum", "type", "pattern", "minLength", "maxLength", "minItems", "uniqueItems"]


# The kinds of data file; each needs `<kind>.schema.json` in the schema folder.
KINDS = ("topics", "institution", "templates")


class SchemaFileError(ValueError):
    """A schema file is missing, is not JSON, or refers to a schema that is not there."""


def _read_schemas(schema_dir: Path) -> dict[str, Any]:
    """Every `*.schema.json` of the folder, parsed; a missing or broken one named in one line."""
    missing = [f"{kind}.schema.json" for kind in KINDS if not (schema_dir / f"{kind}.schema.json").is_file()]
    if missing:
        raise SchemaFileError(f"{', '.join(missing)}: file not found; expected a JSON Schema for each kind of data file")
    documents = {}
    for path in sorted(schema_dir.glob("*.schema.json")):
        try:
            documents[path.name] = json.loads(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            raise SchemaFileError(f"{path.name}: expected UTF-8 text; found bytes that are not UTF-8") from None
        except json.JSONDecodeError as exc:
            raise SchemaFileError(f"{path.name}:{exc.lineno}:{exc.colno}: expected JSON; found {exc.msg}") from None
    return documents


class SchemaSet:
    """The schemas of one data folder, ready to validate each kind of file."""

    def __init__(self, schema_dir: Path) -> None:
        documents = _read_schemas(schema_dir)
        # Each schema with its `$ref`s written out in place: jsonschema then
        # validates without resolving a reference for every value (ten times faster).
        self._validators = {
            name: Draft202012Validator(_without_annotations(_inline_refs(schema, name, documents)))
            for name, schema in documents.items()
        }

    def validate(self, kind: str, data: Any, marks: Locates) -> list[Problem]:
        """Problems of `data` against `<kind>.schema.json`: one per field, the most helpful."""
        best: dict[str, tuple[int, Problem]] = {}
        validator = self._validators.get(f"{kind}.schema.json")
        if validator is None:
            return [marks.problem((), f"expected a JSON Schema {kind}.schema.json in the schema folder; found none")]
        for error in validator.iter_errors(data):
            rank = _PREFERENCE.index(error.validator) if error.validator in _PREFERENCE else len(_PREFERENCE)
            for problem in _translate(error, marks):
                if problem.field not in best or rank < best[problem.field][0]:
                    best[problem.field] = (rank, problem)
        return [problem for _, problem in best.values()]


# Keywords for people and editors; they check nothing, yet jsonschema visits them at every value.
_ANNOTATIONS = {"title", "description", "markdownDescription", "default", "examples", "$comment", "$defs", "$id", "$schema"}


def _without_annotations(node: Any) -> Any:
    """A schema without its annotations; `properties` keeps every key, whatever it is called."""
    if isinstance(node, list):
        return [_without_annotations(item) for item in node]
    if not isinstance(node, dict):
        return node
    return {
        key: ({name: _without_annotations(sub) for name, sub in value.items()} if key == "properties" else _without_annotations(value))
        for key, value in node.items()
        if key not in _ANNOTATIONS
    }


def _inline_refs(node: Any, here: str, documents: dict[str, Any]) -> Any:
    """`node` with every `$ref` (to `other.schema.json#/...` or `#/...`) replaced by its target.

    The schemas are not recursive, so this ends. Keywords beside a `$ref`
    (a more specific title, say) win over the target's.
    """
    if isinstance(node, list):
        return [_inline_refs(item, here, documents) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _inline_refs(value, here, documents) for key, value in node.items() if key != "$ref"}
    if "$ref" in node:
        doc, _, pointer = node["$ref"].partition("#")
        doc = doc or here
        if doc not in documents:
            raise SchemaFileError(f"{here}: $ref {node['$ref']!r}: expected the schema file {doc}; found none")
        target: Any = documents[doc]
        for part in pointer.strip("/").split("/") if pointer.strip("/") else []:
            if not isinstance(target, dict) or part not in target:
                raise SchemaFileError(f"{here}: $ref {node['$ref']!r}: expected {part!r} in {doc}; found none")
            target = target[part]
        out = {**_inline_refs(target, doc, documents), **out}
    return out


def _translate(error: ValidationError, marks: Locates) -> list[Problem]:
    path = list(error.absolute_path)
    kind = error.validator
    value = error.instance
    if "propertyNames" in error.absolute_schema_path:
        # A key of a mapping broke the rule for keys: point at that key.
        words = _PATTERN_WORDS.get(error.validator_value, "a valid key") if kind == "pattern" else "a valid key"
        return [marks.problem(path + [value], f"expected a key that is {words}; found {describe(value)}", key=True)]
    if kind == "required":
        missing = [k for k in error.validator_value if isinstance(value, dict) and k not in value]
        return [marks.problem(path + [k], f"expected a required field {k!r}; found none") for k in missing[:1]] or [
            marks.problem(path, error.message)
        ]
    if kind == "additionalProperties" and isinstance(value, dict):
        allowed = set(error.schema.get("properties", {}))
        extras = [k for k in value if k not in allowed]
        return [
            marks.problem(
                path + [k],
                f"unknown field; expected one of {', '.join(sorted(allowed))}{did_you_mean(k, allowed)}",
                key=True,
            )
            for k in extras
        ]
    if kind == "enum":
        choices = [str(c) for c in error.validator_value]
        hint = did_you_mean(value, choices) if isinstance(value, str) else ""
        return [marks.problem(path, f"expected one of {', '.join(choices)}; found {describe(value)}{hint}")]
    if kind == "type":
        types = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        wanted = " or ".join(_TYPE_WORDS.get(t, t) for t in types)
        return [marks.problem(path, f"expected {wanted}; found {describe(value)}")]
    if kind == "pattern":
        words = _PATTERN_WORDS.get(error.validator_value, f"text matching {error.validator_value}")
        return [marks.problem(path, f"expected {words}; found {describe(value)}")]
    if kind == "minItems":
        return [marks.problem(path, f"expected at least {error.validator_value} item(s); found {describe(value)}")]
    if kind == "minLength":
        return [marks.problem(path, f"expected some text; found {describe(value)}")]
    if kind == "maxLength":
        return [marks.problem(path, f"expected at most {error.validator_value} characters (one line); found {len(value)}")]
    if kind == "uniqueItems":
        seen: set[str] = set()
        repeated = next((v for v in value if repr(v) in seen or seen.add(repr(v))), None)
        return [marks.problem(path, f"expected each item once; found {describe(repeated)} more than once")]
    return [marks.problem(path, error.message)]
