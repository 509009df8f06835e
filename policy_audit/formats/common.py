"""Helpers the file formats share (markdown, SARIF, JUnit, CSV, HTML): no rich, no I/O, nothing that varies by run."""

from __future__ import annotations

import re

from policy_audit.models import DocumentReport, Evidence, Report, Result, Status, Waiver

QUOTE_LIMIT = 140

MEANINGS = {
    Status.MET: "a binding provision fully provides the safeguard",
    Status.PARTIAL: "addressed, but weaker: advisory wording, an exception, or a required element absent",
    Status.CONTRADICTED: "the policy expressly authorizes what the safeguard bans, or refuses what it requires",
    Status.MISSING: "nothing in the document addresses it",
    Status.UNREADABLE: "the file could not be read (never reported as missing)",
}

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """Drop characters XML 1.0 cannot hold (form feeds and other controls a PDF may leave)."""
    return _NOT_XML.sub("", text)


def one_line(text: str) -> str:
    return " ".join(clean(text).split())


def trim(text: str, limit: int = QUOTE_LIMIT) -> str:
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def deciding(result: Result) -> Evidence | None:
    """The evidence that decided the status (the first), or None."""
    return result.evidence[0] if result.evidence else None


def quote(evidence: Evidence, limit: int | None = QUOTE_LIMIT) -> str:
    """The deciding quote on one line, after its list lead-in when the rule sits there; trimmed unless limit is None."""
    text = one_line(evidence.quote) if limit is None else trim(evidence.quote, limit)
    if evidence.lead and evidence.lead not in evidence.quote:
        lead = one_line(evidence.lead) if limit is None else trim(evidence.lead, 70)
        text = f"{lead} … {text}"
    return text


def place(evidence: Evidence) -> str:
    return f"p{evidence.page}:{evidence.line}"


def waiver_text(waiver: Waiver) -> str:
    """'waived: reason (expires 2027-06-30)'."""
    expiry = f" (expires {waiver.expires.isoformat()})" if waiver.expires else ""
    return f"waived: {one_line(waiver.reason)}{expiry}"


def is_gap(result: Result) -> bool:
    return result.status is not Status.MET


def item_label(result: Result) -> str:
    return f"{result.standard}:{result.item}" if result.standard != "core" else result.item


def columns(report: Report) -> list[tuple[str, str, str]]:
    """(standard, item, title) for every item: standards then items in file order, then any result not in them."""
    seen: dict[tuple[str, str], str] = {}
    for standard in report.standards:
        for item in standard.items:
            seen.setdefault((standard.id, item.id), item.title)
    for document in report.documents:
        for result in document.results:
            seen.setdefault((result.standard, result.item), result.title)
    return [(standard, item, title) for (standard, item), title in seen.items()]


def model_language(report: Report) -> dict[tuple[str, str], str]:
    """The model language of every item, from the standards and, failing that, from the results."""
    found: dict[tuple[str, str], str] = {}
    for standard in report.standards:
        for item in standard.items:
            if item.model_language:
                found[(standard.id, item.id)] = one_line(item.model_language)
    for document in report.documents:
        for result in document.results:
            if result.model_language:
                found.setdefault((result.standard, result.item), one_line(result.model_language))
    return found


def errors(report: Report) -> list[DocumentReport]:
    return [document for document in report.documents if document.error]


def summary_line(report: Report) -> str:
    """'Summary: 3 documents (1 unreadable); 4 met, 2 partial …; 1 waived' (as the table's, plus waivers)."""
    counts = report.counts()
    unread = len(errors(report))
    parts = [f"{counts[status.value]} {status.value}" for status in Status if counts[status.value]]
    documents = len(report.documents)
    text = f"{documents} document{'s' if documents != 1 else ''}"
    if unread:
        text += f" ({unread} unreadable)"
    text = f"Summary: {text}; " + (", ".join(parts) if parts else "no results")
    waived = sum(1 for document in report.documents for result in document.results if result.waiver is not None)
    if waived:
        text += f"; {waived} waived"
    return text
