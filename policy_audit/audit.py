"""audit(): documents × standards → Report. No printing, no exiting: the testable core."""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from policy_audit.decide import decide, failed_report
from policy_audit.errors import PolicyAuditError
from policy_audit.ingest import DEFAULT_ENGINE, load
from policy_audit.models import Clause, Document, DocumentReport, Hit, Line, Report, Result, Standard
from policy_audit.segment import segment


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Reading a document makes millions of small objects and no reference cycles that outlive it; the cycle
    collector would walk the growing heap again and again for nothing (a third of the reading time). It is paused
    while one document is read and runs as usual between documents."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def audit_clauses(
    clauses: Sequence[Clause], standards: Sequence[Standard], guidance: bool = False
) -> tuple[Result, ...]:
    """Results for every item of every standard, from already segmented clauses, in document order.

    `guidance` reads a recommendation document (a standard's own source) in its own voice: there, "should"
    is what it asks for, so advice reads as the rule it recommends. Policies are never read this way.
    """
    from policy_audit.read.discourse import read_document

    results: list[Result] = []
    for standard, found in zip(standards, read_document(clauses, standards, guidance), strict=True):
        by_item: dict[str, list[Hit]] = defaultdict(list)
        for hit in found:
            by_item[hit.item_id].append(hit)
        results.extend(decide(standard, item, by_item.get(item.id, ())) for item in standard.items)
    return tuple(results)


@_cycle_collector_paused()
def audit_document(document: Document, standards: Sequence[Standard], guidance: bool = False) -> DocumentReport:
    results = audit_clauses(segment(document), standards, guidance)
    return DocumentReport(
        path=document.path, sha256=document.sha256, pages=document.pages, results=results, notes=document.notes
    )


@_cycle_collector_paused()
def audit_path(
    path: Path,
    standards: Sequence[Standard],
    password: str = "",
    engine: str = DEFAULT_ENGINE,
    guidance: bool = False,
) -> DocumentReport:
    """Audit one file; a file that cannot be read gives an error and `unreadable` results, never an exception."""
    try:
        document = load(path, password, engine)
    except PolicyAuditError as error:
        return failed_report(error, standards)
    return audit_document(document, standards, guidance)


def audit_text(text: str, standards: Sequence[Standard], name: str = "<text>") -> DocumentReport:
    """Audit a string (used by the example-sentence checks and the tests)."""
    from policy_audit.ingest.clean import rejoin_hyphenated

    lines = rejoin_hyphenated(tuple(Line(raw, 1, number) for number, raw in enumerate(text.split("\n"), start=1)))
    return audit_document(Document(name, "", 1, lines), standards)


def audit(paths: Iterable[Path], standards: Sequence[Standard], password: str = "") -> Report:
    return Report(tuple(audit_path(path, standards, password) for path in paths), tuple(standards))
