"""Data files people edit (checklists, the cue file): YAML read safely, checked against a JSON Schema shipped in
the package, every error reported as `file:line` with a remedy.

The schema is the one description of each format: editors validate and complete a file through its
`# yaml-language-server: $schema=…` line, and this loader checks the same rules, so there are no hand-written
per-key checks. YAML aliases are refused (a file of them can grow without bound), and only true/false are
booleans, so that 'no', 'on' and 'yes' stay words in a phrase list.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from policy_audit.errors import StandardError

if TYPE_CHECKING:
    import yaml
    from jsonschema import ValidationError

JsonPath = tuple[str | int, ...]
_PLAIN_TAGS = tuple(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)


@lru_cache(maxsize=1)
def _loader() -> type[yaml.SafeLoader]:
    """The safe loader (libyaml's where PyYAML has it), except that only true/false are booleans."""
    import yaml

    safe: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(safe):  # type: ignore[valid-type,misc]
        pass

    Loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    Loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
    )
    return Loader


@lru_cache(maxsize=4)
def schema(name: str) -> dict[str, Any]:
    """A format's JSON Schema, shipped in `policy_audit/schemas/`."""
    text = (resources.files("policy_audit") / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def schema_path(name: str) -> Path:
    return Path(str(resources.files("policy_audit") / "schemas" / f"{name}.schema.json"))


def read_text(path: Path, remedy: str) -> tuple[str, bytes]:
    """A data file's text and bytes, or a StandardError naming it."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise StandardError(str(path), f"cannot read ({error.strerror or error})", remedy) from error
    try:
        return raw.decode("utf-8"), raw
    except UnicodeDecodeError as error:
        raise StandardError(str(path), "not UTF-8 text", "save the file as UTF-8") from error


def load(text: str, where: str, schema_name: str) -> tuple[Any, dict[JsonPath, int]]:
    """The YAML document in `text`, valid against the named schema, and the line (1-based) of every value in it."""
    import yaml

    try:
        root = yaml.compose(text, Loader=_loader())
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error)
        raise StandardError(
            f"{where}{line}", f"not valid YAML ({problem})", "check the indentation and quoting"
        ) from None
    if root is None:
        raise StandardError(where, "the file is empty", "see the format in the README")
    lines: dict[JsonPath, int] = {}
    data = _plain(root, (), lines, set(), where, _loader()(""))
    errors = sorted(
        _validator(schema_name).iter_errors(data), key=lambda error: _line_of(tuple(error.absolute_path), lines)
    )
    if errors:
        first = errors[0]
        what, remedy, path = _explain(first)
        raise StandardError(f"{where}:{_line_of(path, lines)}", what, remedy)
    return data, lines


def _plain(
    node: yaml.Node, path: JsonPath, lines: dict[JsonPath, int], seen: set[int], where: str, builder: Any
) -> Any:
    """A composed YAML node as plain values; an alias (a node reached twice) is refused."""
    import yaml

    if id(node) in seen:
        raise StandardError(
            f"{where}:{node.start_mark.line + 1}", "YAML aliases and anchors are not allowed", "write the value out"
        )
    seen.add(id(node))
    lines[path] = node.start_mark.line + 1
    if not node.tag.startswith(_PLAIN_TAGS):
        raise StandardError(f"{where}:{lines[path]}", f"unsupported YAML tag {node.tag}", "write plain values")
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in out:
                raise StandardError(
                    f"{where}:{key_node.start_mark.line + 1}",
                    f"duplicate key '{key}' (first on line {lines[(*path, key)]})",
                    "keep one",
                )
            out[key] = _plain(value_node, (*path, key), lines, seen, where, builder)
            lines[(*path, key)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_plain(child, (*path, index), lines, seen, where, builder) for index, child in enumerate(node.value)]
    return builder.construct_object(node)


@lru_cache(maxsize=4)
def _validator(schema_name: str) -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema(schema_name))


def _line_of(path: JsonPath, lines: dict[JsonPath, int]) -> int:
    wanted = path
    while wanted not in lines and wanted:
        wanted = wanted[:-1]
    return lines.get(wanted, 1)


def _explain(error: ValidationError) -> tuple[str, str, JsonPath]:
    """The schema error in a policy expert's words, a remedy drawn from the schema itself, and where it is."""
    path: JsonPath = tuple(error.absolute_path)
    where = _name(path)
    rule, value, instance = error.validator, cast(Any, error.validator_value), cast(Any, error.instance)
    sub: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    described = sub.get("description", "")
    if rule == "additionalProperties":
        unknown = sorted(set(instance) - set(sub.get("properties", {})))[0]
        allowed = ", ".join(sub.get("properties", {}))
        return f"unknown key '{unknown}' in {where}", f"allowed keys: {allowed}", (*path, unknown)
    if rule == "required":
        missing = [key for key in value if key not in instance]
        expected = f"expected keys: {', '.join(sub.get('properties', {}))}"
        return f"{where} is missing required key '{missing[0]}'", expected, path
    if rule == "enum":
        return f"unknown value {instance!r} for {where}", f"use one of: {', '.join(map(str, value))}", path
    if rule in ("minItems", "minProperties"):
        return f"{where} needs at least {value} entries", described, path
    if rule == "pattern":
        return f"{where}: {instance!r} is not in the expected form", described, path
    if rule == "minLength":
        return f"{where} must be non-empty text", "", path
    if rule == "type":
        wanted = " or ".join(value) if isinstance(value, list) else value
        return f"{where} must be {_TYPE_WORDS.get(wanted, wanted)}", described, path
    if rule in ("oneOf", "anyOf"):
        return f"{where} is not in any accepted form", described or error.message, path
    return f"{where}: {error.message}", described, path


_TYPE_WORDS = {
    "string": "text",
    "array": "a list",
    "object": "a mapping of keys",
    "boolean": "true or false",
    "integer": "a whole number",
    "string or object": "text or a mapping of keys",
}


def _name(path: Any) -> str:
    parts = [f"[{part}]" if isinstance(part, int) else f".{part}" for part in path]
    name = "".join(parts).lstrip(".")
    return f"'{name}'" if name else "the file"
