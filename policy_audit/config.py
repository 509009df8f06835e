"""Project configuration: `policy-audit.toml` or `[tool.policy-audit]` in `pyproject.toml`, found upwards.

Strict like the standards loader: an unknown key is an error that lists the allowed ones, and a waiver without
a reason is refused — a suppression nobody can explain is the complaint this file exists to prevent.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from policy_audit.errors import PolicyAuditError
from policy_audit.ingest import DEFAULT_ENGINE as DEFAULT_PDF_ENGINE
from policy_audit.ingest import PDF_ENGINES
from policy_audit.models import Waiver

CONFIG_NAME = "policy-audit.toml"
KEYS = ("standards", "require", "fail-on", "include", "exclude", "formats", "pdf-engine", "waiver")
WAIVER_KEYS = ("item", "document", "reason", "expires", "standard")
FORMAT_KEYS = ("format", "output")
FAIL_ON = ("partial", "missing", "contradicted")


class ConfigError(PolicyAuditError):
    """A configuration file that cannot be used as written."""


@dataclass(frozen=True)
class OutputSpec:
    """A format and where it goes ('' for stdout)."""

    format: str
    output: str = ""


@dataclass(frozen=True)
class Config:
    """Settings for a run; every field has the CLI's default when the file does not set it."""

    path: Path | None = None
    standards: tuple[str, ...] = ()
    require: tuple[str, ...] = ()
    """Items that must not have gaps ('item' or 'standard:item'); empty means every item."""
    fail_on: str = ""
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    formats: tuple[OutputSpec, ...] = ()
    pdf_engine: str = DEFAULT_PDF_ENGINE
    """pdfium (fast) unless the project asks for pdfminer's layout analysis."""
    waivers: tuple[Waiver, ...] = ()

    @property
    def root(self) -> Path:
        """The folder waiver paths are relative to."""
        return self.path.parent if self.path else Path.cwd()


def find(start: Path) -> Path | None:
    """The nearest policy-audit.toml, or pyproject.toml with a [tool.policy-audit] table, from `start` upwards."""
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "[tool.policy-audit" in pyproject.read_text(encoding="utf-8", errors="replace"):
            return pyproject
    return None


def load(path: Path | None) -> Config:
    """Read and validate a config file (None: defaults)."""
    if path is None:
        return Config()
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(
            where, f"cannot read config ({error.strerror or error})", "check the --config path"
        ) from error
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(where, f"not valid TOML ({error})", "fix the syntax") from error
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("policy-audit", {})
        where = f"{where} [tool.policy-audit]"
    return _config(data, path, where, text)


def _config(data: dict[str, Any], path: Path, where: str, text: str) -> Config:
    _known(data, KEYS, where, text, "")
    fail_on = data.get("fail-on", "")
    if fail_on and fail_on not in FAIL_ON:
        raise ConfigError(
            _at(where, text, "fail-on"), f"fail-on = {fail_on!r} is not a status", f"use one of: {', '.join(FAIL_ON)}"
        )
    engine = data.get("pdf-engine", DEFAULT_PDF_ENGINE)
    if engine not in PDF_ENGINES:
        raise ConfigError(
            _at(where, text, "pdf-engine"),
            f"pdf-engine = {engine!r} is not an engine",
            f"use one of: {', '.join(PDF_ENGINES)}",
        )
    formats = []
    for entry in _list(data, "formats", where, text):
        if isinstance(entry, str):
            formats.append(OutputSpec(entry))
            continue
        if not isinstance(entry, dict):
            raise ConfigError(_at(where, text, "formats"), "each formats entry is a name or {format, output}", "")
        _known(entry, FORMAT_KEYS, where, text, "formats")
        formats.append(OutputSpec(str(entry.get("format", "")), str(entry.get("output", ""))))
    waivers = tuple(
        _waiver(entry, index, where, text) for index, entry in enumerate(_list(data, "waiver", where, text))
    )
    return Config(
        path=path,
        standards=_strings(data, "standards", where, text),
        require=_strings(data, "require", where, text),
        fail_on=fail_on,
        include=_strings(data, "include", where, text),
        exclude=_strings(data, "exclude", where, text),
        formats=tuple(formats),
        pdf_engine=engine,
        waivers=waivers,
    )


def _waiver(entry: Any, index: int, where: str, text: str) -> Waiver:
    origin = _nth_line(text, "[[waiver]]", index)
    location = f"{where.split(' ')[0]}:{origin}" if origin else where
    if not isinstance(entry, dict):
        raise ConfigError(location, "a waiver must be a table ([[waiver]])", "")
    _known(entry, WAIVER_KEYS, location, "", "waiver")
    item = str(entry.get("item", "")).strip()
    if not item:
        raise ConfigError(location, "waiver has no item", 'add item = "hog-tie-ban" (or "standard:item")')
    reason = str(entry.get("reason", "")).strip()
    if not reason:
        raise ConfigError(location, f"waiver for '{item}' has no reason", 'add reason = "…": every waiver must say why')
    expires = entry.get("expires")
    if expires is not None and not isinstance(expires, date):
        try:
            expires = date.fromisoformat(str(expires))
        except ValueError:
            raise ConfigError(
                location, f"waiver for '{item}': expires = {expires!r} is not a date", "write it as 2027-06-30"
            ) from None
    standard = str(entry.get("standard", "")).strip()
    if ":" in item and not standard:
        standard, item = item.split(":", 1)
    return Waiver(
        item=item,
        document=str(entry.get("document", "*")).strip() or "*",
        reason=reason,
        expires=expires,
        standard=standard,
        origin=location,
    )


def _known(data: dict[str, Any], allowed: tuple[str, ...], where: str, text: str, table: str) -> None:
    for key in data:
        if key not in allowed:
            label = f"[{table}] " if table else ""
            raise ConfigError(
                _at(where, text, key), f"unknown key {label}'{key}'", f"allowed keys: {', '.join(allowed)}"
            )


def _list(data: dict[str, Any], key: str, where: str, text: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise ConfigError(_at(where, text, key), f"'{key}' must be a list", f'write it as {key} = ["…"]')
    return value


def _strings(data: dict[str, Any], key: str, where: str, text: str) -> tuple[str, ...]:
    values = _list(data, key, where, text)
    if not all(isinstance(value, str) for value in values):
        raise ConfigError(_at(where, text, key), f"every entry of '{key}' must be a string", "")
    return tuple(values)


def _at(where: str, text: str, key: str) -> str:
    """`file:line` of the first line that sets `key`, when it can be found."""
    if not text:
        return where
    pattern = re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*=", re.MULTILINE)
    match = pattern.search(text)
    if not match:
        return where
    line = text.count("\n", 0, match.start()) + 1
    return f"{where.split(' ')[0]}:{line}"


def _nth_line(text: str, marker: str, index: int) -> int:
    count = -1
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() == marker:
            count += 1
            if count == index:
                return number
    return 0
