"""Decide: an item's hits → one status, weakest wins, with the deciding clauses kept as evidence (LABELING.md)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from policy_audit.errors import PolicyAuditError
from policy_audit.models import DocumentReport, Evidence, Hit, Item, Kind, Reading, Result, Standard, Status


def decide(standard: Standard, item: Item, hits: Iterable[Hit]) -> Result:
    """Weakest wins: an express authorization over a restriction over a binding rule; advice only without a rule."""
    all_hits = tuple(hits)
    judged = [hit for hit in all_hits if hit.verdict is not None and hit.clause.normative]
    main = [hit for hit in judged if not hit.weaker]
    contradicted = [hit for hit in main if hit.verdict is Status.CONTRADICTED]
    met = [hit for hit in main if hit.verdict is Status.MET]
    # For a ban, a restriction that still allows the practice outweighs a ban elsewhere; for a duty or a
    # publication, one binding statement suffices and weaker wording elsewhere does not undo it.
    partial = [hit for hit in main if hit.verdict is Status.PARTIAL]
    restricted = [hit for hit in partial if hit.reading is not Reading.ADVISES] if item.kind is Kind.BAN else []
    advisory = sorted((hit for hit in partial if hit not in restricted), key=lambda hit: hit.reading is Reading.ADVISES)
    weaker = [hit for hit in judged if hit.weaker]

    def result(status: Status, deciding: list[Hit], reason: str) -> Result:
        return Result(
            standard=standard.id,
            item=item.id,
            title=item.title,
            status=status,
            evidence=tuple(_evidence(hit) for hit in deciding),
            reason=reason,
            model_language="" if status is Status.MET else item.model_language,
            hits=all_hits,
        )

    if contradicted:
        return result(Status.CONTRADICTED, contradicted + met, contradicted[0].why)
    if restricted:
        return result(Status.PARTIAL, restricted + met, restricted[0].why)
    if met:
        missing = _missing_parts(item, met)
        if missing:
            return result(Status.PARTIAL, met, f"binding, but does not cover: {', '.join(missing)}")
        everywhere = [hit for hit in met if not hit.limited]
        if not everywhere:
            return result(
                Status.PARTIAL, met, f"banned only in one setting ({met[0].clause.section or 'a limited setting'})"
            )
        return result(Status.MET, everywhere, everywhere[0].why)
    if advisory:
        return result(Status.PARTIAL, advisory, advisory[0].why)
    if weaker:
        return result(Status.PARTIAL, weaker, weaker[0].why)
    mentions = [hit for hit in all_hits if hit.clause.normative]
    reason = "only mentioned, never ruled on" if mentions else "nothing in the document addresses it"
    if not mentions and all_hits:
        reason = "mentioned only in a table of contents, definition or index"
    return result(Status.MISSING, [], reason)


def _missing_parts(item: Item, met: list[Hit]) -> list[str]:
    covered: set[str] = set()
    for hit in met:
        covered |= hit.parts
    return [name for name, _ in item.parts if name not in covered]


def _evidence(hit: Hit) -> Evidence:
    clause = hit.clause
    return Evidence(clause.text, clause.page, clause.line, clause.section, hit.reading, hit.cues, clause.lead)


def failed_report(error: PolicyAuditError, standards: Sequence[Standard]) -> DocumentReport:
    """The report of a document that could not be read: its error line, and every item `unreadable`."""
    results = tuple(result for standard in standards for result in unreadable(standard, error.what))
    return DocumentReport(path=error.where, sha256="", pages=0, results=results, error=error.line())


def unreadable(standard: Standard, reason: str) -> tuple[Result, ...]:
    """Results for a document that could not be read: never `missing`."""
    return tuple(
        Result(standard.id, item.id, item.title, Status.UNREADABLE, (), reason, item.model_language)
        for item in standard.items
    )
