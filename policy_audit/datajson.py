"""Frozen dataclasses and named tuples to JSON and back, checked against their type hints.

Reports cross from a worker process to this one, and lie in the cache between runs. Both are places where
bytes we did not just make come in, so they travel as JSON and are rebuilt here field by field, each value
checked against the field's declared type: a value of the wrong type, a missing or unknown field or an
unknown enum value raises ValueError, and the caller treats the whole thing as missing. Nothing in it can run
code. Driven by the models' own type hints, so a field added to a model needs nothing here.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from datetime import date, datetime
from enum import Enum
from typing import Any, TypeVar

T = TypeVar("T")

MAX_DEPTH = 32
"""Deeper nesting than the models have is refused (a hand-made entry cannot recurse without bound)."""


def dumps(value: Any) -> bytes:
    """`value` (a dataclass, named tuple, or plain value) as compact UTF-8 JSON."""
    return json.dumps(encode(value), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def loads(kind: type[T], data: bytes | str) -> T:
    """A `kind` rebuilt from JSON text; ValueError for anything that does not fit its type hints."""
    try:
        raw = json.loads(data)
    except (ValueError, RecursionError) as error:
        raise ValueError(f"not JSON ({error})") from None
    value: T = decode(kind, raw)
    return value


def encode(value: Any) -> Any:
    """JSON values for `value`: dataclasses and named tuples as objects of their fields, enums as their value,
    tuples and frozensets as arrays (frozensets sorted, for stable bytes), dates as ISO text."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: encode(getattr(value, field.name)) for field in dataclasses.fields(value)}
    fields = getattr(type(value), "_fields", None)
    if isinstance(value, tuple) and fields is not None:
        return {name: encode(item) for name, item in zip(fields, value, strict=True)}
    if isinstance(value, Enum):
        return encode(value.value)
    if isinstance(value, (tuple, list)):
        return [encode(item) for item in value]
    if isinstance(value, frozenset):
        return sorted((encode(item) for item in value), key=repr)
    if isinstance(value, datetime):
        raise TypeError("date-times are not model values")
    if isinstance(value, date):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"{type(value).__name__} cannot be stored as data")


def decode(kind: Any, raw: Any, depth: int = 0) -> Any:
    """`raw` (parsed JSON) as a value of type `kind`, or ValueError."""
    if depth > MAX_DEPTH:
        raise ValueError("nested too deeply")
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        errors = []
        for option in typing.get_args(kind):
            try:
                return decode(option, raw, depth + 1)
            except ValueError as error:
                errors.append(str(error))
        raise ValueError(" / ".join(errors))
    if kind is type(None):
        if raw is not None:
            raise ValueError("expected null")
        return None
    if origin is tuple:
        return _sequence(kind, raw, depth)
    if origin is frozenset:
        (item,) = typing.get_args(kind)
        return frozenset(_items(item, raw, depth))
    if kind is Any:
        raise ValueError("untyped field")
    if isinstance(kind, type):
        return _typed(kind, raw, depth)
    raise ValueError(f"unsupported type {kind!r}")


def _typed(kind: type, raw: Any, depth: int) -> Any:
    if kind is bool:
        if type(raw) is not bool:
            raise ValueError("expected true or false")
        return raw
    if kind is int:
        if type(raw) is not int:
            raise ValueError("expected an integer")
        return raw
    if kind is float:
        if type(raw) not in (int, float):
            raise ValueError("expected a number")
        return float(raw)
    if kind is str:
        if type(raw) is not str:
            raise ValueError("expected text")
        return raw
    if issubclass(kind, Enum):
        try:
            return kind(raw)
        except ValueError:
            raise ValueError(f"{raw!r} is not a {kind.__name__}") from None
    if kind is date:
        if type(raw) is not str:
            raise ValueError("expected a date")
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise ValueError(f"{raw!r} is not a date") from None
    hints = _hints(kind)
    if hints is None:
        raise ValueError(f"{kind.__name__} cannot be read as data")
    if type(raw) is not dict or set(raw) != set(hints):
        raise ValueError(f"expected the fields of {kind.__name__}")
    values = {name: decode(hint, raw[name], depth + 1) for name, hint in hints.items()}
    return kind(**values)


def _sequence(kind: Any, raw: Any, depth: int) -> tuple[Any, ...]:
    arguments = typing.get_args(kind)
    if len(arguments) == 2 and arguments[1] is Ellipsis:
        return tuple(_items(arguments[0], raw, depth))
    if type(raw) is not list or len(raw) != len(arguments):
        raise ValueError(f"expected {len(arguments)} values")
    return tuple(decode(item, value, depth + 1) for item, value in zip(arguments, raw, strict=True))


def _items(kind: Any, raw: Any, depth: int) -> list[Any]:
    if type(raw) is not list:
        raise ValueError("expected an array")
    return [decode(kind, value, depth + 1) for value in raw]


_HINTS: dict[type, dict[str, Any] | None] = {}


def _hints(kind: type) -> dict[str, Any] | None:
    """Field name → type for a dataclass or a named tuple (None for any other class)."""
    if kind not in _HINTS:
        fields = getattr(kind, "_fields", None)
        if dataclasses.is_dataclass(kind):
            hints = typing.get_type_hints(kind)
            _HINTS[kind] = {field.name: hints[field.name] for field in dataclasses.fields(kind) if field.init}
        elif issubclass(kind, tuple) and fields is not None:
            hints = typing.get_type_hints(kind)
            _HINTS[kind] = {name: hints[name] for name in fields}
        else:
            _HINTS[kind] = None
    return _HINTS[kind]
