"""Load checklist files (YAML) into Standards: the format is `schemas/checklist.schema.json`, errors are `file:line`.

A profile (`profile_of: cti-6.1`, `items: [id, …]`) selects items of another standard, so each item is defined
once. A user's checklist may not reuse a bundled standard's id: two files with one id would make a report ambiguous.
"""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path
from typing import Any

from policy_audit import datafile
from policy_audit.errors import StandardError
from policy_audit.models import Item, Kind, MetAlso, Source, Standard, Status, Topic
from policy_audit.read.phrases import PatternError, check_phrase

EXAMPLE_STATUSES = ("met", "partial", "contradicted", "missing")
_READ_REMEDY = "check the path and permissions"


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
    text, raw = datafile.read_text(path, _READ_REMEDY)
    return parse(text, str(path), hashlib.sha256(raw).hexdigest())


def parse(text: str, where: str, digest: str = "") -> Standard:
    """Validate the text of a standard file and build the Standard."""
    data, lines = datafile.load(text, where, "checklist")
    digest = digest or hashlib.sha256(text.encode()).hexdigest()
    _refuse_bundled_id(data["id"], where)
    profile_of = data.get("profile_of", "")
    if profile_of:
        items, base_digest = _profile_items(profile_of, data["items"], where, lines)
        digest = hashlib.sha256((digest + base_digest).encode()).hexdigest()
    else:
        items = tuple(_item(entry, where, lines, ("items", index)) for index, entry in enumerate(data["items"]))
        _refuse_duplicates(items, where, lines)
    return Standard(
        id=data["id"],
        title=data["title"].strip(),
        source=data["source"].strip(),
        items=items,
        path=where,
        digest=digest,
        profile_of=profile_of,
        advisory=Status(data.get("advisory", "partial")),
    )


def _refuse_bundled_id(standard_id: str, where: str) -> None:
    bundled = {path.stem: path for path in bundled_paths()}
    if standard_id in bundled and Path(where).resolve() != bundled[standard_id].resolve():
        raise StandardError(
            where, f"id '{standard_id}' is already the bundled standard {bundled[standard_id]}", "give it another id"
        )


def _refuse_duplicates(items: tuple[Item, ...], where: str, lines: dict[datafile.JsonPath, int]) -> None:
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        line = lines[("items", index)]
        if item.id in seen:
            raise StandardError(
                f"{where}:{line}",
                f"duplicate item id '{item.id}' (first on line {seen[item.id]})",
                "give each its own id",
            )
        seen[item.id] = line


def _profile_items(
    base_reference: str, wanted: list[str], where: str, lines: dict[datafile.JsonPath, int]
) -> tuple[tuple[Item, ...], str]:
    """The items a profile selects from its base standard (bundled, or a file beside the profile), in order."""
    sibling = Path(where).parent / f"{base_reference}.yaml"
    at = f"{where}:{lines[('profile_of',)]}"
    if sibling.resolve() == Path(where).resolve():
        raise StandardError(at, "a profile cannot select from itself", "name a full standard")
    try:
        base = load(str(sibling)) if sibling.is_file() else load(base_reference)
    except StandardError as error:
        raise StandardError(at, f"profile_of '{base_reference}': {error.line()}", "name a full standard") from None
    if base.profile_of:
        raise StandardError(at, f"'{base_reference}' is itself a profile", "point profile_of at a full standard")
    chosen: list[Item] = []
    for index, item_id in enumerate(wanted):
        try:
            chosen.append(base.item(item_id))
        except KeyError:
            known = ", ".join(item.id for item in base.items)
            raise StandardError(
                f"{where}:{lines[('items', index)]}",
                f"'{base_reference}' has no item '{item_id}'",
                f"its items: {known}",
            ) from None
    return tuple(chosen), base.digest


def _item(data: dict[str, Any], where: str, lines: dict[datafile.JsonPath, int], path: datafile.JsonPath) -> Item:
    _check_phrases(data, where, lines, path)
    weaker = data.get("weaker")
    met_also = data.get("met_also", {})
    return Item(
        id=data["id"],
        title=data["title"].strip(),
        kind=Kind(data["kind"]),
        source=_source(data["source"]),
        why=data["why"].strip(),
        topic=_topic(data),
        model_language=data["model_language"].strip(),
        examples=tuple(
            (Status(status), tuple(sentence.strip() for sentence in data["examples"][status]))
            for status in EXAMPLE_STATUSES
            if status in data["examples"]
        ),
        parts=tuple((name, _phrases(phrases)) for name, phrases in data.get("parts", {}).items()),
        weaker=_topic(weaker) if weaker else None,
        narrowed_by=_phrases(data.get("narrowed_by", [])),
        met_also=MetAlso(
            deadly_force_exception=met_also.get("deadly_force_exception", False),
            exceptions=_phrases(met_also.get("exceptions", [])),
            feasibility=met_also.get("feasibility", False),
        ),
        advisory=Status(data["advisory"]) if "advisory" in data else None,
        every_officer=data.get("every_officer", False),
        permission_under_deadly_force=Status(data["permission_under_deadly_force"])
        if "permission_under_deadly_force" in data
        else None,
    )


def _check_phrases(
    data: dict[str, Any], where: str, lines: dict[datafile.JsonPath, int], path: datafile.JsonPath
) -> None:
    """Every phrase of an item in the notation, with a bounded matching cost (file:line otherwise)."""
    lists: list[tuple[datafile.JsonPath, list[str]]] = [
        ((key,), data[key]) for key in ("topic", "context", "other_senses", "narrowed_by") if key in data
    ]
    lists += [
        (("weaker", key), data["weaker"][key])
        for key in ("topic", "context", "other_senses")
        if key in data.get("weaker", {})
    ]
    lists += [(("parts", name), phrases) for name, phrases in data.get("parts", {}).items()]
    lists += [(("met_also", "exceptions"), data.get("met_also", {}).get("exceptions", []))]
    for key, phrases in lists:
        for index, phrase in enumerate(phrases):
            try:
                check_phrase(phrase)
            except PatternError as error:
                line = lines.get((*path, *key, index), lines[path])
                raise StandardError(f"{where}:{line}", str(error), "see the phrase notation in the README") from None


def _phrases(values: list[str]) -> tuple[str, ...]:
    return tuple(value.strip() for value in values)


def _topic(data: dict[str, Any]) -> Topic:
    return Topic(_phrases(data["topic"]), _phrases(data.get("context", [])), _phrases(data.get("other_senses", [])))


def _source(value: str | dict[str, Any]) -> Source:
    if isinstance(value, str):
        return Source(document=value.strip())
    return Source(
        document=value["document"].strip(),
        section=value.get("section", "").strip(),
        example=value.get("example", "").strip(),
        addition=value.get("addition", False),
    )
