"""The JSON contract (schema_version 1): a stable shape other tools parse. See DESIGN.md."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from policy_audit import __version__
from policy_audit.formats import RenderOptions
from policy_audit.formats.common import repository_root, waived, waiver_origin
from policy_audit.models import DocumentReport, Evidence, Report, Result

SCHEMA_VERSION = 1


def render(report: Report, options: RenderOptions) -> str:
    return json.dumps(as_dict(report, options.explain, options.root), indent=2, ensure_ascii=False) + "\n"


def as_dict(report: Report, explain: bool = False, root: Path | None = None) -> dict[str, Any]:
    """The contract as a dict; `root` is the folder waiver origins are given relative to (default: the repository
    root above the working folder)."""
    counts = report.counts()
    base = root or repository_root()
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "policy-audit", "version": __version__},
        "standards": [
            {"id": standard.id, "title": standard.title, "items": len(standard.items), "sha256": standard.digest}
            for standard in report.standards
        ],
        "documents": [_document(document, explain, base) for document in report.documents],
        "summary": {
            "documents": len(report.documents),
            "errors": sum(1 for document in report.documents if document.error),
            **{status: count for status, count in counts.items()},
            "waived": waived(report),
        },
    }


def _document(document: DocumentReport, explain: bool, root: Path) -> dict[str, Any]:
    return {
        "path": document.path,
        "sha256": document.sha256 or None,
        "pages": document.pages,
        "error": document.error,
        "notes": list(document.notes),
        "results": [_result(result, explain, root) for result in document.results],
    }


def _result(result: Result, explain: bool, root: Path) -> dict[str, Any]:
    out: dict[str, Any] = {
        "standard": result.standard,
        "item": result.item,
        "title": result.title,
        "status": result.status.value,
        "reason": result.reason,
        "evidence": [_evidence(evidence) for evidence in result.evidence],
    }
    if result.model_language:
        out["model_language"] = result.model_language
    if result.waiver is not None:
        out["waiver"] = {
            "reason": result.waiver.reason,
            "expires": result.waiver.expires.isoformat() if result.waiver.expires else None,
            "declared_at": waiver_origin(result.waiver, root) or None,
        }
    if explain:
        out["hits"] = [
            {
                "quote": hit.clause.text,
                "topic": hit.topic,
                "page": hit.clause.page,
                "line": hit.clause.line,
                "section": hit.clause.section,
                "normative": hit.clause.normative,
                "reading": hit.reading.value,
                "cues": list(hit.cues),
                "verdict": hit.verdict.value if hit.verdict else None,
                "why": hit.why,
            }
            for hit in result.hits
        ]
    return out


def _evidence(evidence: Evidence) -> dict[str, Any]:
    out: dict[str, Any] = {
        "quote": evidence.quote,
        "page": evidence.page,
        "line": evidence.line,
        "section": evidence.section,
        "reading": evidence.reading.value,
        "cues": list(evidence.cues),
    }
    if evidence.lead:
        out["lead"] = evidence.lead
    return out
