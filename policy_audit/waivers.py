"""Apply waivers to a report: a waived gap stays in the report (marked), an expired waiver says so and waives nothing."""

from __future__ import annotations

import fnmatch
from dataclasses import replace
from datetime import date
from pathlib import Path, PurePath

from policy_audit.models import Report, Result, Status, Waiver


def apply_waivers(report: Report, waivers: tuple[Waiver, ...], root: Path, today: date) -> Report:
    """Mark every gap a live waiver covers; note every expired or unused waiver."""
    notes = list(report.notes)
    live = []
    for waiver in waivers:
        if waiver.expires is not None and waiver.expires < today:
            notes.append(
                f"waiver for {_label(waiver)} on {waiver.document} expired on {waiver.expires.isoformat()} and no "
                f"longer waives anything ({waiver.origin})"
            )
        else:
            live.append(waiver)
    used: set[int] = set()
    documents = []
    for document in report.documents:
        relative = _relative(document.path, root)
        results = []
        for result in document.results:
            match = _matching(result, relative, live) if result.status is not Status.MET else None
            if match is not None:
                used.add(id(match))
                result = replace(result, waiver=match)
            results.append(result)
        documents.append(replace(document, results=tuple(results)))
    for waiver in live:
        if id(waiver) not in used:
            notes.append(f"waiver for {_label(waiver)} on {waiver.document} matched no gap ({waiver.origin})")
    return replace(report, documents=tuple(documents), notes=tuple(notes))


def _matching(result: Result, relative: str, waivers: list[Waiver]) -> Waiver | None:
    for waiver in waivers:
        if waiver.item != result.item or (waiver.standard and waiver.standard != result.standard):
            continue
        pattern = waiver.document.replace("\\", "/")
        if pattern in ("*", "**") or relative == pattern or fnmatch.fnmatch(relative, pattern):
            return waiver
        if PurePath(relative).name == pattern:
            return waiver
    return None


def _relative(path: str, root: Path) -> str:
    candidate = Path(path)
    try:
        return candidate.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError):
        return candidate.as_posix()


def _label(waiver: Waiver) -> str:
    return f"{waiver.standard}:{waiver.item}" if waiver.standard else waiver.item
