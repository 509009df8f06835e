"""SARIF 2.1.0 for GitHub code scanning: one rule per checklist item, one result per gap (waived gaps suppressed).

A rule id is `<standard>/<item>`; an unreadable document gives one `policy-audit/unreadable` result. Locations
point at the policy file, with the deciding quote's line (for a PDF, the line on its page; the page is in
`region.properties.page`), or line 1 when there is no quote (GitHub shows a result only with a region). Output is deterministic: no timestamps, no absolute paths when the file sits under
the working folder.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote as url_quote

from policy_audit import __version__
from policy_audit.formats import RenderOptions
from policy_audit.formats.common import columns, deciding, is_gap, one_line, place, quote, waiver_text
from policy_audit.models import DocumentReport, Item, Report, Result, Status, Waiver

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
UNREADABLE_RULE = "policy-audit/unreadable"
FINGERPRINT = "policyAudit/v1"
LEVELS = {
    Status.CONTRADICTED: "error",
    Status.MISSING: "error",
    Status.PARTIAL: "warning",
    Status.UNREADABLE: "error",
    Status.MET: "none",
}


def render(report: Report, options: RenderOptions) -> str:
    return json.dumps(as_dict(report), indent=2, ensure_ascii=False) + "\n"


def as_dict(report: Report) -> dict[str, Any]:
    rules, index = _rules(report)
    results: list[dict[str, Any]] = []
    for document in report.documents:
        if document.error:
            results.append(_unreadable(document, index[UNREADABLE_RULE]))
            continue
        for result in document.results:
            if is_gap(result):
                rule_id = f"{result.standard}/{result.item}"
                results.append(_result(document, result, rule_id, index[rule_id]))
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "policy-audit",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def _rules(report: Report) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """One rule per item the results use (standards then items in file order), plus `unreadable` when needed."""
    items = {(standard.id, item.id): item for standard in report.standards for item in standard.items}
    used = {(result.standard, result.item) for document in report.documents for result in document.results}
    rules = []
    for standard, item_id, title in columns(report):
        if (standard, item_id) in used:
            rules.append(_rule(standard, item_id, title, items.get((standard, item_id))))
    if any(document.error for document in report.documents):
        rules.append(_unreadable_rule())
    return rules, {rule["id"]: number for number, rule in enumerate(rules)}


def _rule(standard: str, item_id: str, title: str, item: Item | None) -> dict[str, Any]:
    why = one_line(item.why) if item else title
    wording = one_line(item.model_language) if item else ""
    source = " — ".join(part for part in (item.source.document, item.source.section) if part) if item else ""
    text = why
    markdown = f"**{title}**\n\n{why}"
    if source:
        text += f"\n\nSource: {source}"
        markdown += f"\n\nSource: {source}"
    if wording:
        text += f"\n\nModel language: {wording}"
        markdown += f"\n\n**Model language** (to close the gap):\n\n> {wording}"
    tags = [standard] + ([item.kind.value] if item else [])
    return {
        "id": f"{standard}/{item_id}",
        "name": camel(item_id),
        "shortDescription": {"text": title},
        "fullDescription": {"text": why},
        "help": {"text": text, "markdown": markdown},
        "defaultConfiguration": {"level": "error"},
        "properties": {"tags": tags, "precision": "high"},
    }


def _unreadable_rule() -> dict[str, Any]:
    why = (
        "The document could not be read (no text layer, encrypted, corrupt …), so none of its safeguards could be "
        "checked. An unreadable document is never reported as missing."
    )
    fix = "Make the text readable (for a scanned PDF run OCR, e.g. `ocrmypdf in.pdf out.pdf`) and scan it again."
    return {
        "id": UNREADABLE_RULE,
        "name": "Unreadable",
        "shortDescription": {"text": "Policy document could not be read"},
        "fullDescription": {"text": why},
        "help": {"text": f"{why}\n\n{fix}", "markdown": f"{why}\n\n{fix}"},
        "defaultConfiguration": {"level": "error"},
        "properties": {"tags": ["policy-audit", "unreadable"], "precision": "high"},
    }


def _result(document: DocumentReport, result: Result, rule_id: str, rule_index: int) -> dict[str, Any]:
    evidence = deciding(result)
    message = f"{result.title}: {result.status.value} — {one_line(result.reason)}"
    uri = artifact_uri(document.path)
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri}, "region": {"startLine": 1}}
    properties: dict[str, Any] = {"standard": result.standard, "item": result.item, "status": result.status.value}
    if evidence is not None:
        where = f"{place(evidence)}, {one_line(evidence.section)}" if evidence.section else place(evidence)
        message += f". Deciding quote ({where}): “{quote(evidence, None)}”"
        region: dict[str, Any] = {"startLine": max(1, evidence.line)}
        if is_pdf(document.path):
            region["properties"] = {"page": evidence.page}
        physical["region"] = region
        properties["page"] = evidence.page
        properties["line"] = evidence.line
        if evidence.section:
            properties["section"] = evidence.section
    out: dict[str, Any] = {
        "ruleId": rule_id,
        "ruleIndex": rule_index,
        "level": LEVELS[result.status],
        "message": {"text": message},
        "locations": [{"physicalLocation": physical}],
        "partialFingerprints": {FINGERPRINT: fingerprint(rule_id, uri)},
        "properties": properties,
    }
    if result.waiver is not None:
        out["suppressions"] = [_suppression(result.waiver)]
    return out


def _unreadable(document: DocumentReport, rule_index: int) -> dict[str, Any]:
    uri = artifact_uri(document.path)
    out: dict[str, Any] = {
        "ruleId": UNREADABLE_RULE,
        "ruleIndex": rule_index,
        "level": LEVELS[Status.UNREADABLE],
        "message": {"text": f"unreadable — {one_line(document.error or '')}"},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": {"startLine": 1}}}],
        "partialFingerprints": {FINGERPRINT: fingerprint(UNREADABLE_RULE, uri)},
        "properties": {"status": Status.UNREADABLE.value, "items": len(document.results)},
    }
    waivers = [result.waiver for result in document.results]
    if waivers and all(waiver is not None for waiver in waivers):
        first = waivers[0]
        assert first is not None
        out["suppressions"] = [_suppression(first)]
    return out


def _suppression(waiver: Waiver) -> dict[str, Any]:
    justification = waiver_text(waiver).removeprefix("waived: ")
    if waiver.origin:
        justification += f" [{waiver.origin}]"
    return {"kind": "external", "status": "accepted", "justification": justification}


def fingerprint(rule_id: str, uri: str) -> str:
    """Stable across runs and line moves: the standard, the item and the path, nothing else."""
    return hashlib.sha256(f"{rule_id}\n{uri}".encode()).hexdigest()


def artifact_uri(path: str) -> str:
    """The document's path as a relative URI with forward slashes (a file: URI when outside the working folder)."""
    text = path.replace("\\", "/")
    if PurePosixPath(text).is_absolute() or re.match(r"^[A-Za-z]:/", text):
        try:
            text = Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix()
        except ValueError:
            return Path(path).resolve().as_uri()
    while text.startswith("./"):
        text = text[2:]
    return url_quote(text, safe="/")


def is_pdf(path: str) -> bool:
    return path.lower().endswith(".pdf")


def camel(item_id: str) -> str:
    """'warning-shots-banned' → 'WarningShotsBanned'."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", item_id) if part) or item_id
