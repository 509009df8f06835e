"""Strict YAML for data files people edit (checklists, the cue lexicon): safe loading, every value with its line.

Unknown keys are named with the allowed ones, duplicate keys point at both lines, Python tags are refused, and
only true/false are booleans, so that 'on', 'no' and 'yes' stay words in a phrase list.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from policy_audit.cachefiles import cache_file, cached_marshal

if TYPE_CHECKING:
    import yaml

_FORMAT = 1
"""Bump when the cached form of a parsed file changes."""


@lru_cache(maxsize=1)
def _loader() -> type[yaml.SafeLoader]:
    """The safe loader (libyaml's where PyYAML has it: about five times faster), except that only true/false
    are booleans. PyYAML is imported only here: a data file parsed before is read from the cache."""
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


@dataclass(frozen=True)
class Node:
    """A YAML value with the line it starts on (1-based)."""

    value: Any
    line: int


class Located(dict[str, Node]):
    """A mapping that remembers the line of each key."""

    def __init__(self, mapping: dict[str, Node], key_lines: dict[str, int]) -> None:
        super().__init__(mapping)
        self.key_lines = key_lines


class LineError(Exception):
    """A problem at one line of a data file; the caller adds the file name."""

    def __init__(self, line: int, what: str, remedy: str = "") -> None:
        super().__init__(what)
        self.line_number = line
        self.what = what
        self.remedy = remedy


def compose(text: str) -> Node | None:
    """Parse YAML text into Nodes; raises LineError for syntax errors and unsafe tags.

    Start-up parses every checklist and the cue file: a text parsed before comes from the cache folder (keyed
    on its hash), which spares a one-page scan importing PyYAML and parsing them, a sixth of its time."""
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:40]
    return cached_marshal(cache_file(f"yaml-{digest}-{_FORMAT}"), lambda: _encoded(_parse(text)), _decoded)


def _parse(text: str) -> Node | None:
    import yaml

    try:
        root = yaml.compose(text, Loader=_loader())
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise LineError(
            mark.line + 1 if mark is not None else 0,
            f"not valid YAML ({problem})",
            "fix the YAML syntax (indentation, quotes, colons)",
        ) from error
    return None if root is None else _convert(root)


def _convert(node: yaml.Node) -> Node:
    import yaml

    line = node.start_mark.line + 1
    if not node.tag.startswith("tag:yaml.org,2002:") or node.tag.startswith("tag:yaml.org,2002:python"):
        raise LineError(line, f"unsupported YAML tag '{node.tag}'", "these files are plain data: remove the tag")
    if isinstance(node, yaml.MappingNode):
        mapping: dict[str, Node] = {}
        keys: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in keys:
                raise LineError(key_node.start_mark.line + 1, f"duplicate key '{key}' (first on line {keys[key]})")
            keys[key] = key_node.start_mark.line + 1
            mapping[key] = _convert(value_node)
        return Node(Located(mapping, keys), line)
    if isinstance(node, yaml.SequenceNode):
        return Node([_convert(child) for child in node.value], line)
    loader = _loader()("")
    try:
        return Node(loader.construct_object(node, deep=True), line)
    finally:
        loader.dispose()


def _encoded(node: Node | None) -> Any:
    """A Node tree as plain values marshal can hold: (kind, line, value[, key lines])."""
    if node is None:
        return None
    value = node.value
    if isinstance(value, Located):
        return ("map", node.line, {key: _encoded(child) for key, child in value.items()}, value.key_lines)
    if isinstance(value, list):
        return ("list", node.line, [_encoded(child) for child in value])
    if isinstance(value, datetime):
        return ("datetime", node.line, value.isoformat())
    if isinstance(value, date):
        return ("date", node.line, value.isoformat())
    return ("value", node.line, value)  # marshal refuses any other type: then the file is parsed every time


def _decoded(data: Any) -> Node | None:
    return None if data is None else _decoded_node(data)


def _decoded_node(data: Any) -> Node:
    kind, line, value = data[:3]
    if kind == "map":
        return Node(Located({key: _decoded_node(child) for key, child in value.items()}, dict(data[3])), line)
    if kind == "list":
        return Node([_decoded_node(child) for child in value], line)
    if kind == "datetime":
        return Node(datetime.fromisoformat(value), line)
    if kind == "date":
        return Node(date.fromisoformat(value), line)
    if kind != "value":
        raise ValueError(f"not a parsed YAML file: {kind!r}")
    return Node(value, line)


def mapping(node: Node, name: str, allowed: tuple[str, ...], required: tuple[str, ...] = ()) -> Located:
    """`node` as a mapping with only `allowed` keys and every `required` one."""
    if not isinstance(node.value, Located):
        raise LineError(node.line, f"{name} must be a mapping of keys", f"expected keys: {', '.join(allowed)}")
    found = node.value
    for key in found:
        if key not in allowed:
            raise LineError(
                found.key_lines[key], f"unknown key '{key}' in {name}", f"allowed keys: {', '.join(allowed)}"
            )
    for key in required:
        if key not in found:
            raise LineError(
                node.line, f"{name} is missing required key '{key}'", f"expected keys: {', '.join(allowed)}"
            )
    return found


def string(node: Node, name: str) -> str:
    if not isinstance(node.value, str) or not node.value.strip():
        raise LineError(node.line, f"'{name}' must be non-empty text")
    return node.value.strip()


def strings(node: Node, name: str) -> tuple[str, ...]:
    if not isinstance(node.value, list):
        raise LineError(node.line, f"'{name}' must be a list of strings", "write it as [a, b] or as '- a' lines")
    values = []
    for child in node.value:
        if not isinstance(child.value, str) or not child.value.strip():
            raise LineError(child.line, f"every entry of '{name}' must be non-empty text")
        values.append(child.value.strip())
    return tuple(values)


def boolean(node: Node, name: str) -> bool:
    if not isinstance(node.value, bool):
        raise LineError(node.line, f"'{name}' must be true or false")
    return node.value


def optional_string(found: Located, key: str, default: str = "") -> str:
    """The text under an optional key, or `default` when the key is absent."""
    return string(found[key], key) if key in found else default


def optional_strings(found: Located, key: str) -> tuple[str, ...]:
    return strings(found[key], key) if key in found else ()


def optional_boolean(found: Located, key: str) -> bool:
    """An optional flag: absent means false."""
    return boolean(found[key], key) if key in found else False
