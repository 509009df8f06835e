"""Scan results kept between runs, so that a second scan of the same folder reads no document again.

An entry is one document's report (without the reader's hits, which only --explain shows, and --explain does
not read the cache), stored as JSON in the private cache folder (`cachefiles`), authenticated, and keyed on
everything that decides it: the file's content, the tool's code and version, each checklist's full content,
the PDF engine and the password. On read an entry must pass the HMAC, name its own key and the content's hash,
decode field by field against the models' types, and hold exactly the items the checklists ask for; anything
else is a miss (and the entry is deleted), never an error. Only deterministic outcomes are stored: a report
the worker finished, on the content the key was made from; never a time-out, a memory kill or a crash.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from policy_audit import __version__, datajson
from policy_audit.cachefiles import CacheFolder, open_folder
from policy_audit.ingest.files import file_sha256
from policy_audit.models import DocumentReport, Standard

FORMAT = 1
PREFIX = "r-"
MAX_BYTES = 256 << 20
"""The results kept take at most this much space; the least recently used go first."""


@dataclass(frozen=True)
class Key:
    """What an entry is stored under: a digest of everything that decides the report, and the content's hash."""

    name: str
    content: str


class ResultCache:
    """The result entries of one run's settings (checklists, engine, password)."""

    def __init__(self, folder: CacheFolder, standards: Sequence[Standard], engine: str, password: str) -> None:
        self.folder = folder
        self.items = tuple((standard.id, item.id) for standard in standards for item in standard.items)
        settings = hashlib.sha256()
        for part in (str(FORMAT), __version__, code_digest(), engine, hashlib.sha256(password.encode()).hexdigest()):
            settings.update(part.encode() + b"\0")
        for standard in standards:
            settings.update(fingerprint(standard).encode() + b"\0")
        self.settings = settings.hexdigest()

    @classmethod
    def open(cls, path: Path | None, standards: Sequence[Standard], engine: str, password: str) -> ResultCache | None:
        """The cache in folder `path`, or None when there is none or it is refused (the CLI checked and said so)."""
        if path is None:
            return None
        from policy_audit.cachefiles import CacheRefused

        try:
            return cls(open_folder(path), standards, engine, password)
        except CacheRefused:
            return None

    def key(self, path: Path) -> Key | None:
        """The entry key for a file as it is now (None when it cannot be read: the worker names the problem)."""
        content = file_sha256(path)
        if content is None:
            return None
        name = hashlib.sha256(f"{self.settings}\0{path.suffix.lower()}\0{content}".encode()).hexdigest()
        return Key(f"{PREFIX}{name}.json", content)

    def get(self, key: Key, path: Path) -> DocumentReport | None:
        """The stored report for `key`, shown under `path`, or None (a miss)."""
        body = self.folder.read(key.name)
        if body is None:
            return None
        try:
            report = self._decoded(body, key, str(path))
        except (ValueError, RecursionError):
            report = None
        if report is None:
            self.folder.remove(key.name)
            return None
        self.folder.touch(key.name)
        return report

    def put(self, key: Key, report: DocumentReport) -> None:
        """Store a report the worker finished on the content `key` was made from (hits left out)."""
        error = report.error
        if error is not None:
            prefix = f"{report.path}: "
            if not error.startswith(prefix):
                return
            error = error[len(prefix) :]
        stored = replace(
            report, path="", error=error, results=tuple(replace(result, hits=()) for result in report.results)
        )
        body = {"format": FORMAT, "key": key.name, "content": key.content, "report": datajson.encode(stored)}
        self.folder.write(key.name, json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))

    def close(self) -> None:
        """Evict the least recently used entries beyond the size bound, and close the folder."""
        self.folder.evict(PREFIX, MAX_BYTES)
        self.folder.close()

    def _decoded(self, body: bytes, key: Key, path: str) -> DocumentReport | None:
        raw: Any = json.loads(body)
        if type(raw) is not dict or raw.get("format") != FORMAT:
            return None
        if raw.get("key") != key.name or raw.get("content") != key.content:
            return None
        report: DocumentReport = datajson.decode(DocumentReport, raw.get("report"))
        if report.path or report.sha256 not in ("", key.content):
            return None
        if tuple((result.standard, result.item) for result in report.results) != self.items:
            return None
        if any(result.hits or result.waiver is not None for result in report.results):
            return None
        error = f"{path}: {report.error}" if report.error is not None else None
        return replace(report, path=path, error=error)


def fingerprint(standard: Standard) -> str:
    """A digest of a checklist's full content (its items, topics, profile's items): an edit to any file it was
    built from changes it, where the file's own hash would miss an edit to the standard it is a profile of."""
    return hashlib.sha256(datajson.dumps(replace(standard, path="", digest=""))).hexdigest()


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A hash of the tool's own code and data (the reader's cue file included): an edited checkout or a new
    release never serves results cached by another reader."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for source in sorted([*package.rglob("*.py"), *package.rglob("*.yaml"), *package.rglob("*.json")]):
        try:
            digest.update(str(source.relative_to(package)).encode() + b"\0" + source.read_bytes())
        except OSError:
            continue
    return digest.hexdigest()
