"""Load checklist files (YAML) into Standards, rejecting anything off-schema with `file:line` messages.

Checklists are data a policy expert edits, so the loader is strict and explains itself: unknown keys are named
with the allowed ones, duplicate ids point at both lines, and YAML is read with the safe loader only.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from policy_audit.errors import StandardError
from policy_audit.models import Item, Kind, Source, Standard, Status, Topic

STANDARD_KEYS = ("id", "title", "source", "url", "description", "items")
ITEM_KEYS = (
    "id",
    "title",
    "kind",
    "source",
    "why",
    "topic",
    "weaker",
    "elements",
    "full_when",
    "deadly_force_exception",
    "advisory_status",
    "met_exceptions",
    "model_language",
    "examples",
)
REQUIRED_ITEM_KEYS = ("id", "title", "kind", "source", "why", "topic", "model_language", "examples")
TOPIC_KEYS = ("phrases", "patterns", "context", "exclude", "fuzzy")
SOURCE_KEYS = ("document", "section", "example", "url")
EXAMPLE_STATUSES = ("met", "partial", "contradicted", "missing")
MIN_EXAMPLES = 2


class _Loader(yaml.SafeLoader):
    """The safe loader, except that only true/false are booleans: 'on', 'no' and 'yes' stay words."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


@dataclass(frozen=True)
class _Node:
    """A YAML value with the line it starts on (1-based)."""

    value: Any
    line: int


def bundled_paths() -> tuple[Path, ...]:
    """The standard files shipped with the tool, in a stable order."""
    folder = resources.files("policy_audit.bundled_standards")
    return tuple(sorted(Path(str(entry)) for entry in folder.iterdir() if entry.name.endswith(".yaml")))


def bundled_ids() -> tuple[str, ...]:
    return tuple(path.stem for path in bundled_paths())


def resolve(reference: str) -> Path:
    """A standard given by id (bundled) or by path."""
    candidate = Path(reference)
    if candidate.suffix.lower() in (".yaml", ".yml") or candidate.exists():
        if not candidate.is_file():
            raise StandardError(
                reference, "no such standard file", "check the path, or use an id from `policy-audit standards list`"
            )
        return candidate
    for path in bundled_paths():
        if path.stem == reference:
            return path
    known = ", ".join(bundled_ids())
    raise StandardError(reference, "unknown standard id", f"use one of: {known}, or a path to a .yaml file")


def load(reference: str) -> Standard:
    """Load and validate one standard (by id or path)."""
    path = resolve(reference)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise StandardError(
            str(path), f"cannot read ({error.strerror or error})", "check the path and permissions"
        ) from error
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise StandardError(str(path), "not UTF-8 text", "save the standard file as UTF-8") from error
    return parse(text, str(path), hashlib.sha256(raw).hexdigest())


def parse(text: str, where: str, digest: str = "") -> Standard:
    """Validate the text of a standard file and build the Standard."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise StandardError(
            f"{where}{line}", f"not valid YAML ({problem})", "fix the YAML syntax (indentation, quotes, colons)"
        ) from error
    if root is None:
        raise StandardError(where, "empty standard file", "a standard needs id, title, source and items")
    try:
        document = _convert(root)
    except _LineError as error:
        raise StandardError(f"{where}:{error.line_number}", error.what, error.remedy) from None
    return _standard(document, where, digest or hashlib.sha256(text.encode()).hexdigest())


def _convert(node: yaml.Node) -> _Node:
    """YAML nodes to plain values with line numbers; scalars are built by the safe constructor only."""
    line = node.start_mark.line + 1
    if not node.tag.startswith("tag:yaml.org,2002:") or node.tag.startswith("tag:yaml.org,2002:python"):
        raise _error_at(line, f"unsupported YAML tag '{node.tag}'", "standards are plain data: remove the tag")
    if isinstance(node, yaml.MappingNode):
        mapping: dict[str, _Node] = {}
        keys: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in keys:
                raise _error_at(key_node.start_mark.line + 1, f"duplicate key '{key}' (first on line {keys[key]})", "")
            keys[key] = key_node.start_mark.line + 1
            mapping[key] = _convert(value_node)
        return _Node(_Located(mapping, keys), line)
    if isinstance(node, yaml.SequenceNode):
        return _Node([_convert(child) for child in node.value], line)
    return _Node(_scalar(node), line)


class _Located(dict[str, _Node]):
    """A mapping that remembers the line of each key."""

    def __init__(self, mapping: dict[str, _Node], key_lines: dict[str, int]) -> None:
        super().__init__(mapping)
        self.key_lines = key_lines


def _scalar(node: yaml.Node) -> Any:
    loader = _Loader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


class _LineError(Exception):
    def __init__(self, line: int, what: str, remedy: str) -> None:
        super().__init__(what)
        self.line_number = line
        self.what = what
        self.remedy = remedy


def _error_at(line: int, what: str, remedy: str) -> _LineError:
    return _LineError(line, what, remedy)


def _standard(document: _Node, where: str, digest: str) -> Standard:
    try:
        top = _mapping(document, "the standard", STANDARD_KEYS, ("id", "title", "source", "items"))
        standard_id = _string(top["id"], "id")
        _check_id(top["id"], standard_id)
        items_node = top["items"]
        if not isinstance(items_node.value, list) or not items_node.value:
            raise _error_at(items_node.line, "'items' must be a non-empty list", "")
        items: list[Item] = []
        seen: dict[str, int] = {}
        for item_node in items_node.value:
            item = _item(item_node)
            if item.id in seen:
                raise _error_at(
                    item_node.line,
                    f"duplicate item id '{item.id}' (first on line {seen[item.id]})",
                    "give each item its own id",
                )
            seen[item.id] = item_node.line
            items.append(item)
        source_node = top["source"]
        source = source_node.value if isinstance(source_node.value, str) else _source(source_node).document
        return Standard(
            id=standard_id,
            title=_string(top["title"], "title"),
            source=source,
            items=tuple(items),
            path=where,
            digest=digest,
        )
    except _LineError as error:
        raise StandardError(f"{where}:{error.line_number}", error.what, error.remedy) from None
    except yaml.YAMLError as error:
        raise StandardError(where, f"not valid YAML ({error})", "fix the YAML syntax") from None


def _mapping(node: _Node, name: str, allowed: tuple[str, ...], required: tuple[str, ...]) -> _Located:
    if not isinstance(node.value, _Located):
        raise _error_at(node.line, f"{name} must be a mapping of keys", f"expected keys: {', '.join(allowed)}")
    mapping = node.value
    for key in mapping:
        if key not in allowed:
            raise _error_at(
                mapping.key_lines[key], f"unknown key '{key}' in {name}", f"allowed keys: {', '.join(allowed)}"
            )
    for key in required:
        if key not in mapping:
            raise _error_at(
                node.line, f"{name} is missing required key '{key}'", f"expected keys: {', '.join(allowed)}"
            )
    return mapping


def _string(node: _Node, name: str) -> str:
    if not isinstance(node.value, str) or not node.value.strip():
        raise _error_at(node.line, f"'{name}' must be non-empty text", "")
    return node.value.strip()


def _strings(node: _Node, name: str) -> tuple[str, ...]:
    if not isinstance(node.value, list):
        raise _error_at(node.line, f"'{name}' must be a list of strings", "write it as [a, b] or as '- a' lines")
    values = []
    for child in node.value:
        if not isinstance(child.value, str) or not child.value.strip():
            raise _error_at(child.line, f"every entry of '{name}' must be non-empty text", "")
        values.append(child.value.strip())
    return tuple(values)


def _check_id(node: _Node, value: str) -> None:
    if not re.fullmatch(r"[a-z0-9]+(?:[.-][a-z0-9]+)*", value):
        raise _error_at(
            node.line, f"id '{value}' is not kebab-case", "use lower-case words joined by '-' (e.g. duty-to-intervene)"
        )


def _source(node: _Node) -> Source:
    if isinstance(node.value, str):
        return Source(document=_string(node, "source"))
    mapping = _mapping(node, "source", SOURCE_KEYS, ("document",))
    return Source(
        document=_string(mapping["document"], "document"),
        section=_string(mapping["section"], "section") if "section" in mapping else "",
        example=_string(mapping["example"], "example") if "example" in mapping else "",
    )


def _topic(node: _Node, name: str) -> Topic:
    mapping = _mapping(node, name, TOPIC_KEYS, ())
    phrases = _strings(mapping["phrases"], "phrases") if "phrases" in mapping else ()
    patterns = _patterns(mapping["patterns"]) if "patterns" in mapping else ()
    if not phrases and not patterns:
        raise _error_at(node.line, f"{name} needs 'phrases' or 'patterns'", f"allowed keys: {', '.join(TOPIC_KEYS)}")
    fuzzy = 90
    if "fuzzy" in mapping:
        fuzzy_value = mapping["fuzzy"].value
        if not isinstance(fuzzy_value, int) or isinstance(fuzzy_value, bool) or not 50 <= fuzzy_value <= 100:
            raise _error_at(
                mapping["fuzzy"].line, "'fuzzy' must be a whole number from 50 to 100", "90 suits OCR damage"
            )
        fuzzy = fuzzy_value
    return Topic(
        phrases=phrases,
        patterns=patterns,
        context=_strings(mapping["context"], "context") if "context" in mapping else (),
        exclude=_strings(mapping["exclude"], "exclude") if "exclude" in mapping else (),
        fuzzy=fuzzy,
    )


def _patterns(node: _Node) -> tuple[tuple[dict[str, object], ...], ...]:
    if not isinstance(node.value, list):
        raise _error_at(
            node.line, "'patterns' must be a list of spaCy token patterns", "each pattern is a list of {LOWER: …} dicts"
        )
    patterns = []
    for pattern in node.value:
        if not isinstance(pattern.value, list) or not pattern.value:
            raise _error_at(
                pattern.line,
                "each pattern must be a non-empty list of token dicts",
                "e.g. [{LOWER: warning}, {LOWER: shot}]",
            )
        tokens = []
        for token in pattern.value:
            if not isinstance(token.value, dict):
                raise _error_at(token.line, "each token of a pattern must be a mapping", "e.g. {LOWER: warning}")
            tokens.append(_plain(token))
        patterns.append(tuple(tokens))
    return tuple(patterns)


def _plain(node: _Node) -> Any:
    if isinstance(node.value, dict):
        return {key: _plain(value) for key, value in node.value.items()}
    if isinstance(node.value, list):
        return [_plain(child) for child in node.value]
    return node.value


def _item(node: _Node) -> Item:
    mapping = _mapping(node, "an item", ITEM_KEYS, REQUIRED_ITEM_KEYS)
    item_id = _string(mapping["id"], "id")
    _check_id(mapping["id"], item_id)
    kind_text = _string(mapping["kind"], "kind")
    try:
        kind = Kind(kind_text)
    except ValueError:
        raise _error_at(
            mapping["kind"].line, f"unknown kind '{kind_text}'", f"use one of: {', '.join(k.value for k in Kind)}"
        ) from None
    elements: list[tuple[str, tuple[str, ...]]] = []
    if "elements" in mapping:
        element_node = mapping["elements"]
        if not isinstance(element_node.value, _Located):
            raise _error_at(element_node.line, "'elements' must map element names to phrase lists", "")
        for name, phrases in element_node.value.items():
            elements.append((name, _strings(phrases, f"elements.{name}")))
    exception = Status.PARTIAL
    if "deadly_force_exception" in mapping:
        text = _string(mapping["deadly_force_exception"], "deadly_force_exception")
        if text not in ("met", "partial"):
            raise _error_at(
                mapping["deadly_force_exception"].line, "'deadly_force_exception' must be met or partial", ""
            )
        exception = Status(text)
    advisory = Status.PARTIAL
    if "advisory_status" in mapping:
        text = _string(mapping["advisory_status"], "advisory_status")
        if text not in ("met", "partial"):
            raise _error_at(mapping["advisory_status"].line, "'advisory_status' must be met or partial", "")
        advisory = Status(text)
    return Item(
        id=item_id,
        title=_string(mapping["title"], "title"),
        kind=kind,
        source=_source(mapping["source"]),
        why=_string(mapping["why"], "why"),
        topic=_topic(mapping["topic"], "topic"),
        model_language=_string(mapping["model_language"], "model_language"),
        examples=_examples(mapping["examples"]),
        weaker=_topic(mapping["weaker"], "weaker") if "weaker" in mapping else None,
        elements=tuple(elements),
        full_when=_strings(mapping["full_when"], "full_when") if "full_when" in mapping else (),
        deadly_force_exception=exception,
        advisory_status=advisory,
        met_exceptions=_strings(mapping["met_exceptions"], "met_exceptions") if "met_exceptions" in mapping else (),
    )


def _examples(node: _Node) -> tuple[tuple[Status, tuple[str, ...]], ...]:
    mapping = _mapping(node, "examples", EXAMPLE_STATUSES, ())
    out = []
    for status in EXAMPLE_STATUSES:
        if status in mapping:
            sentences = _strings(mapping[status], f"examples.{status}")
            if len(sentences) < MIN_EXAMPLES:
                raise _error_at(mapping[status].line, f"examples.{status} needs at least {MIN_EXAMPLES} sentences", "")
            out.append((Status(status), sentences))
    if not out:
        raise _error_at(node.line, "an item needs examples", f"give at least {MIN_EXAMPLES} sentences for each status")
    return tuple(out)


def iter_examples(standard: Standard) -> Iterator[tuple[str, Status, int, str]]:
    """(item id, expected status, index, sentence) for every example in a standard."""
    for item in standard.items:
        for status, sentences in item.examples:
            for index, sentence in enumerate(sentences):
                yield item.id, status, index, sentence
