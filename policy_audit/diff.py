"""Compare two versions of a policy (or two folders of policies): what each item was before and after.

An item got worse when its status moved away from `met` (met < partial < missing < contradicted): a revision
that drops or weakens a safeguard is what a reviewer must see first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from policy_audit.discover import discover
from policy_audit.models import DocumentReport, Result, Status

ORDER = {Status.MET: 0, Status.PARTIAL: 1, Status.MISSING: 2, Status.CONTRADICTED: 3, Status.UNREADABLE: 4}


@dataclass(frozen=True)
class ItemChange:
    """One item's status before and after."""

    standard: str
    item: str
    title: str
    before: Result | None
    after: Result | None

    @property
    def worse(self) -> bool:
        if self.before is None:
            return False
        if self.after is None:
            return True
        return ORDER[self.after.status] > ORDER[self.before.status]

    @property
    def better(self) -> bool:
        if self.before is None or self.after is None:
            return False
        return ORDER[self.after.status] < ORDER[self.before.status]

    @property
    def changed(self) -> bool:
        return self.worse or self.better or (self.before is None) != (self.after is None)


@dataclass(frozen=True)
class DocumentDiff:
    """The item changes between an old and a new version of one document (either side may be absent)."""

    old: str | None
    new: str | None
    changes: tuple[ItemChange, ...]
    errors: tuple[str, ...] = ()

    @property
    def worse(self) -> bool:
        return any(change.worse for change in self.changes) or (self.old is not None and self.new is None)


@dataclass(frozen=True)
class Diff:
    """Every document pair of a diff run."""

    documents: tuple[DocumentDiff, ...]

    @property
    def worse(self) -> bool:
        return any(document.worse for document in self.documents)


def pairs(old: Path, new: Path) -> list[tuple[Path | None, Path | None]]:
    """Two files → one pair; two folders → files matched by relative path, then by file name."""
    if old.is_file() and new.is_file():
        return [(old, new)]
    if old.is_dir() and new.is_dir():
        old_files = {path.relative_to(old).as_posix(): path for path in discover([old]).files}
        new_files = {path.relative_to(new).as_posix(): path for path in discover([new]).files}
        matched: list[tuple[Path | None, Path | None]] = []
        for key in sorted(set(old_files) & set(new_files)):
            matched.append((old_files.pop(key), new_files.pop(key)))
        by_name = {path.name: key for key, path in new_files.items()}
        for _key, path in sorted(old_files.items()):
            if path.name in by_name:
                matched.append((path, new_files.pop(by_name.pop(path.name))))
            else:
                matched.append((path, None))
        matched.extend((None, path) for _, path in sorted(new_files.items()))
        return matched
    raise ValueError("give two files or two folders")


def compare_documents(old: DocumentReport | None, new: DocumentReport | None) -> DocumentDiff:
    before = {(result.standard, result.item): result for result in old.results} if old else {}
    after = {(result.standard, result.item): result for result in new.results} if new else {}
    keys = list(before) + [key for key in after if key not in before]
    changes = tuple(
        ItemChange(
            standard=key[0],
            item=key[1],
            title=(before.get(key) or after[key]).title,
            before=before.get(key),
            after=after.get(key),
        )
        for key in keys
    )
    errors = tuple(report.error for report in (old, new) if report is not None and report.error)
    return DocumentDiff(old.path if old else None, new.path if new else None, changes, errors)


def diff(old: Path, new: Path, audit: Callable[[Path], DocumentReport]) -> Diff:
    documents = []
    for old_path, new_path in pairs(old, new):
        documents.append(
            compare_documents(audit(old_path) if old_path else None, audit(new_path) if new_path else None)
        )
    return Diff(tuple(documents))
