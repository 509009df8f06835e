"""Load checklist files (YAML) into Standards, rejecting anything off-schema with `file:line` messages.

Checklists are data a policy expert edits, so the loader is strict and explains itself: unknown keys are named
with the allowed ones, duplicate ids point at both lines, and YAML is read with the safe loader only. A profile
(`profile_of: cti-6.1`, `items: [id, …]`) selects items of another standard, so each item is defined once.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from policy_audit import yamldoc
from policy_audit.errors import StandardError
from policy_audit.models import Item, Kind, MetAlso, Source, Standard, Status, Topic
from policy_audit.yamldoc import LineError, Located, Node

STANDARD_KEYS = ("id", "title", "source", "url", "description", "profile_of", "items")
ITEM_KEYS = (
    "id",
    "title",
    "kind",
    "source",
    "why",
    "topic",
    "context",
    "other_senses",
    "parts",
    "weaker",
    "met_also",
    "model_language",
    "examples",
)
REQUIRED_ITEM_KEYS = ("id", "title", "kind", "source", "why", "topic", "model_language", "examples")
WEAKER_KEYS = ("topic", "context", "other_senses")
MET_ALSO_KEYS = ("deadly_force_exception", "advisory_wording", "exceptions")
SOURCE_KEYS = ("document", "section", "example", "url", "addition")
EXAMPLE_STATUSES = ("met", "partial", "contradicted", "missing")
MIN_EXAMPLES = 2


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
    text, digest = _read(path)
    return parse(text, str(path), digest)


def _read(path: Path) -> tuple[str, str]:
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
    return text, hashlib.sha256(raw).hexdigest()


def parse(text: str, where: str, digest: str = "") -> Standard:
    """Validate the text of a standard file and build the Standard."""
    digest = digest or hashlib.sha256(text.encode()).hexdigest()
    try:
        root = yamldoc.compose(text)
        if root is None:
            raise LineError(0, "empty standard file", "a standard needs id, title, source and items")
        return _standard(root, where, digest)
    except LineError as error:
        line = f":{error.line_number}" if error.line_number else ""
        raise StandardError(f"{where}{line}", error.what, error.remedy) from None


def _standard(document: Node, where: str, digest: str) -> Standard:
    top = yamldoc.mapping(document, "the standard", STANDARD_KEYS, ("id", "title", "source", "items"))
    standard_id = yamldoc.string(top["id"], "id")
    _check_id(top["id"], standard_id)
    items_node = top["items"]
    if not isinstance(items_node.value, list) or not items_node.value:
        raise LineError(items_node.line, "'items' must be a non-empty list")
    source_node = top["source"]
    source = source_node.value if isinstance(source_node.value, str) else _source(source_node).document
    profile_of = ""
    if "profile_of" in top:
        profile_of = yamldoc.string(top["profile_of"], "profile_of")
        items, base_digest = _profile_items(profile_of, items_node, where)
        digest = hashlib.sha256((digest + base_digest).encode()).hexdigest()
    else:
        items = _items(items_node)
    return Standard(
        id=standard_id,
        title=yamldoc.string(top["title"], "title"),
        source=source,
        items=items,
        path=where,
        digest=digest,
        profile_of=profile_of,
    )


def _items(items_node: Node) -> tuple[Item, ...]:
    items: list[Item] = []
    seen: dict[str, int] = {}
    for item_node in items_node.value:
        item = _item(item_node)
        if item.id in seen:
            raise LineError(
                item_node.line,
                f"duplicate item id '{item.id}' (first on line {seen[item.id]})",
                "give each item its own id",
            )
        seen[item.id] = item_node.line
        items.append(item)
    return tuple(items)


def _profile_items(base_reference: str, items_node: Node, where: str) -> tuple[tuple[Item, ...], str]:
    """The items a profile selects from its base standard, in the profile's order."""
    sibling = Path(where).parent / f"{base_reference}.yaml"
    try:
        base = load(str(sibling)) if sibling.is_file() else load(base_reference)
    except StandardError as error:
        raise LineError(items_node.line, f"profile_of '{base_reference}': {error.what}", error.remedy) from None
    if base.profile_of:
        raise LineError(
            items_node.line, f"'{base_reference}' is itself a profile", "point profile_of at a full standard"
        )
    chosen: list[Item] = []
    for node in items_node.value:
        item_id = yamldoc.string(node, "items")
        try:
            chosen.append(base.item(item_id))
        except KeyError:
            known = ", ".join(item.id for item in base.items)
            raise LineError(node.line, f"'{base_reference}' has no item '{item_id}'", f"its items: {known}") from None
    return tuple(chosen), base.digest


def _check_id(node: Node, value: str) -> None:
    if not re.fullmatch(r"[a-z0-9]+(?:[.-][a-z0-9]+)*", value):
        raise LineError(
            node.line, f"id '{value}' is not kebab-case", "use lower-case words joined by '-' (e.g. duty-to-intervene)"
        )


def _source(node: Node) -> Source:
    if isinstance(node.value, str):
        return Source(document=yamldoc.string(node, "source"))
    found = yamldoc.mapping(node, "source", SOURCE_KEYS, ("document",))
    return Source(
        document=yamldoc.string(found["document"], "document"),
        section=yamldoc.optional_string(found, "section"),
        example=yamldoc.optional_string(found, "example"),
        addition=yamldoc.optional_boolean(found, "addition"),
    )


def _item(node: Node) -> Item:
    found = yamldoc.mapping(node, "an item", ITEM_KEYS, REQUIRED_ITEM_KEYS)
    item_id = yamldoc.string(found["id"], "id")
    _check_id(found["id"], item_id)
    kind_text = yamldoc.string(found["kind"], "kind")
    try:
        kind = Kind(kind_text)
    except ValueError:
        raise LineError(
            found["kind"].line, f"unknown kind '{kind_text}'", f"use one of: {', '.join(k.value for k in Kind)}"
        ) from None
    parts: list[tuple[str, tuple[str, ...]]] = []
    if "parts" in found:
        parts_node = found["parts"]
        if not isinstance(parts_node.value, Located) or not parts_node.value:
            raise LineError(parts_node.line, "'parts' must map part names to phrase lists", "e.g. airway: [chokehold]")
        parts = [(name, yamldoc.strings(phrases, f"parts.{name}")) for name, phrases in parts_node.value.items()]
    return Item(
        id=item_id,
        title=yamldoc.string(found["title"], "title"),
        kind=kind,
        source=_source(found["source"]),
        why=yamldoc.string(found["why"], "why"),
        topic=Topic(
            yamldoc.strings(found["topic"], "topic"),
            yamldoc.optional_strings(found, "context"),
            yamldoc.optional_strings(found, "other_senses"),
        ),
        model_language=yamldoc.string(found["model_language"], "model_language"),
        examples=_examples(found["examples"]),
        parts=tuple(parts),
        weaker=_weaker(found["weaker"]) if "weaker" in found else None,
        met_also=_met_also(found["met_also"]) if "met_also" in found else MetAlso(),
    )


def _weaker(node: Node) -> Topic:
    found = yamldoc.mapping(node, "weaker", WEAKER_KEYS, ("topic",))
    return Topic(
        yamldoc.strings(found["topic"], "weaker.topic"),
        yamldoc.optional_strings(found, "context"),
        yamldoc.optional_strings(found, "other_senses"),
    )


def _met_also(node: Node) -> MetAlso:
    found = yamldoc.mapping(node, "met_also", MET_ALSO_KEYS)
    return MetAlso(
        deadly_force_exception=yamldoc.optional_boolean(found, "deadly_force_exception"),
        advisory_wording=yamldoc.optional_boolean(found, "advisory_wording"),
        exceptions=yamldoc.optional_strings(found, "exceptions"),
    )


def _examples(node: Node) -> tuple[tuple[Status, tuple[str, ...]], ...]:
    found = yamldoc.mapping(node, "examples", EXAMPLE_STATUSES)
    out = []
    for status in EXAMPLE_STATUSES:
        if status in found:
            sentences = yamldoc.strings(found[status], f"examples.{status}")
            if len(sentences) < MIN_EXAMPLES:
                raise LineError(found[status].line, f"examples.{status} needs at least {MIN_EXAMPLES} sentences")
            out.append((Status(status), sentences))
    if not out:
        raise LineError(node.line, "an item needs examples", f"give at least {MIN_EXAMPLES} sentences for each status")
    return tuple(out)


def iter_examples(standard: Standard) -> Iterator[tuple[str, Status, int, str]]:
    """(item id, expected status, index, sentence) for every example in a standard."""
    for item in standard.items:
        for status, sentences in item.examples:
            for index, sentence in enumerate(sentences):
                yield item.id, status, index, sentence
