"""Project configuration: the scanned tree's own `.policy-audit.toml`, `policy-audit.toml` or `[tool.policy-audit]`
in `pyproject.toml`.

Strict like the standards loader: an unknown key is an error that lists the allowed ones, every value of the
wrong type is an error naming `file:line`, and a waiver without a reason is refused — a suppression nobody can
explain is the complaint this file exists to prevent. A config only speaks for its own tree: it is looked for
in the scanned folder and upwards to the root of its repository (the folder holding `.git`), never in any
parent folder of the machine, and the reports it writes stay inside its own folder.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from policy_audit.errors import PolicyAuditError
from policy_audit.ingest import DEFAULT_ENGINE as DEFAULT_PDF_ENGINE
from policy_audit.ingest import PDF_ENGINES
from policy_audit.models import Waiver

CONFIG_NAMES = (".policy-audit.toml", "policy-audit.toml")
KEYS = ("standards", "require", "fail-on", "include", "exclude", "formats", "pdf-engine", "waiver")
WAIVER_KEYS = ("item", "document", "reason", "expires", "standard")
FORMAT_KEYS = ("format", "output")
FAIL_ON = ("partial", "missing", "contradicted")


class ConfigError(PolicyAuditError):
    """A configuration file that cannot be used as written."""


@dataclass(frozen=True)
class OutputSpec:
    """A format and where it goes ('' for stdout; otherwise a path inside the config's folder)."""

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
        """The folder waiver paths and output paths are relative to."""
        return self.path.parent if self.path else Path.cwd()


def find_for(paths: Sequence[Path]) -> Path | None:
    """The config of the tree being scanned: looked for in the folder holding every scanned path, then in each
    folder above it up to the repository root (a folder holding `.git`); with no repository, in that folder only.
    """
    folders = []
    for path in paths:
        try:
            resolved = path.resolve()
        except (OSError, RuntimeError):
            continue
        folders.append(str(resolved if resolved.is_dir() else resolved.parent))
    if not folders:
        return None
    try:
        start = Path(os.path.commonpath(folders))
    except ValueError:  # different drives
        return None
    chain = (start, *start.parents)
    top = next((index for index, folder in enumerate(chain) if (folder / ".git").exists()), 0)
    for folder in chain[: top + 1]:
        found = _config_in(folder)
        if found is not None:
            return found
    return None


def find(start: Path) -> Path | None:
    """The config that `find_for` would use for a scan of `start`."""
    return find_for([start])


def _config_in(folder: Path) -> Path | None:
    for name in CONFIG_NAMES:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    pyproject = folder / "pyproject.toml"
    try:
        if pyproject.is_file() and _PYPROJECT_TABLE.search(pyproject.read_bytes()):
            return pyproject
    except OSError:
        return None
    return None


_PYPROJECT_TABLE = re.compile(rb'^\s*\[?\s*tool\s*\.\s*"?policy-audit|^\s*tool\s*=', re.MULTILINE)
"""A pyproject.toml that configures this tool ([tool.policy-audit], or a `tool` key, checked when loaded)."""


def load(path: Path | None) -> Config:
    """Read and validate a config file (None: defaults)."""
    if path is None:
        return Config()
    where = str(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ConfigError(
            where, f"cannot read config ({error.strerror or error})", "check the --config path"
        ) from error
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise ConfigError(f"{where}:{line}", "not UTF-8 text", "save the config file as UTF-8") from error
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(where, f"not valid TOML ({error})", "fix the syntax") from error
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        if not isinstance(tool, dict):
            raise ConfigError(_at(where, text, "tool"), "'tool' is not a table", "write it as [tool.policy-audit]")
        data = tool.get("policy-audit", {})
        if not isinstance(data, dict):
            raise ConfigError(
                _at(where, text, "policy-audit"),
                "[tool.policy-audit] is not a table",
                "write the settings under a [tool.policy-audit] header",
            )
        where = f"{where} [tool.policy-audit]"
    return _config(data, path, where, text)


def _config(data: dict[str, Any], path: Path, where: str, text: str) -> Config:
    _known(data, KEYS, where, text, "")
    fail_on = data.get("fail-on", "")
    if not isinstance(fail_on, str) or (fail_on and fail_on not in FAIL_ON):
        raise ConfigError(
            _at(where, text, "fail-on"), f"fail-on = {fail_on!r} is not a status", f"use one of: {', '.join(FAIL_ON)}"
        )
    engine = data.get("pdf-engine", DEFAULT_PDF_ENGINE)
    if not isinstance(engine, str) or engine not in PDF_ENGINES:
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
            raise ConfigError(
                _at(where, text, "formats"), "each formats entry is a name or {format, output}", 'e.g. "table"'
            )
        _known(entry, FORMAT_KEYS, where, text, "formats")
        name, output = entry.get("format", ""), entry.get("output", "")
        if not isinstance(name, str) or not isinstance(output, str):
            raise ConfigError(
                _at(where, text, "formats"),
                "format and output must be strings",
                '{format = "sarif", output = "a.sarif"}',
            )
        formats.append(OutputSpec(name, _output(output, path, where, text)))
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


def _output(value: str, path: Path, where: str, text: str) -> str:
    """An output path relative to the config's folder, as a path the CLI can write; refused when it is absolute
    or leaves that folder (by `..` or through a symlink)."""
    if not value:
        return ""
    location = _at(where, text, "output", value)
    folder = path.parent.resolve()
    candidate = Path(value)
    if candidate.is_absolute() or candidate.drive or ".." in candidate.parts:
        raise ConfigError(
            location,
            f"output {value!r} is not inside the config's folder ({folder})",
            'give a path relative to the config\'s folder, e.g. output = "reports/policy-audit.sarif"',
        )
    target = (folder / candidate).resolve()
    if not target.is_relative_to(folder):
        raise ConfigError(
            location,
            f"output {value!r} leads out of the config's folder through a symlink",
            "give a path inside the config's folder that is not a symlink",
        )
    return str(target)


def _waiver(entry: Any, index: int, where: str, text: str) -> Waiver:
    origin = _nth_line(text, "[[waiver]]", index)
    file = where.split(" ")[0]
    location = f"{file}:{origin}" if origin else where
    if not isinstance(entry, dict):
        raise ConfigError(location, "a waiver must be a table ([[waiver]])", "")
    _known(entry, WAIVER_KEYS, location, "", "waiver")

    def at(key: str) -> str:
        line = _line_after(text, key, origin)
        return f"{file}:{line}" if line else location

    for key in ("item", "document", "reason", "standard"):
        if key in entry and not isinstance(entry[key], str):
            raise ConfigError(at(key), f"waiver {key} = {entry[key]!r} is not a string", f'write it as {key} = "…"')
    item = str(entry.get("item", "")).strip()
    if not item:
        raise ConfigError(location, "waiver has no item", 'add item = "hog-tie-ban" (or "standard:item")')
    reason = str(entry.get("reason", "")).strip()
    if not reason:
        raise ConfigError(location, f"waiver for '{item}' has no reason", 'add reason = "…": every waiver must say why')
    expires = _expiry(entry.get("expires"), item, at("expires"))
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


def _expiry(value: Any, item: str, location: str) -> date | None:
    """A waiver's expiry: a TOML date (2027-06-30) or the same as a string; a date-time or a time is refused."""
    if value is None:
        return None
    if isinstance(value, (datetime, time)):
        raise ConfigError(
            location,
            f"waiver for '{item}': expires = {value.isoformat()} is a {'date-time' if isinstance(value, datetime) else 'time'}, not a date",
            "write the day alone, e.g. expires = 2027-06-30",
        )
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ConfigError(location, f"waiver for '{item}': expires = {value!r} is not a date", "write it as 2027-06-30")


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
        raise ConfigError(
            _at(where, text, key), f"every entry of '{key}' must be a string", f'write it as {key} = ["…"]'
        )
    return tuple(values)


def _at(where: str, text: str, key: str, value: str = "") -> str:
    """`file:line` of the first line that sets `key` (to `value`, when given), when it can be found."""
    if not text:
        return where
    file = where.split(" ")[0]
    pattern = re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*=", re.MULTILINE)
    if value:
        pattern = re.compile(rf"\b\"?{re.escape(key)}\"?\s*=\s*[\"']{re.escape(value)}[\"']", re.MULTILINE)
    match = pattern.search(text)
    if not match and key in ("tool", "policy-audit"):
        match = re.compile(rf"^\s*\[?\s*{re.escape(key)}\b", re.MULTILINE).search(text)
    if not match:
        return where
    return f"{file}:{text.count(chr(10), 0, match.start()) + 1}"


def _line_after(text: str, key: str, first: int) -> int:
    """The line that sets `key` at or after line `first` (inside one waiver), or 0."""
    pattern = re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*=")
    for number, line in enumerate(text.splitlines()[max(first - 1, 0) :], start=max(first, 1)):
        if number > first and line.strip().startswith("["):
            return 0
        if pattern.match(line):
            return number
    return 0


def _nth_line(text: str, marker: str, index: int) -> int:
    count = -1
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() == marker:
            count += 1
            if count == index:
                return number
    return 0
