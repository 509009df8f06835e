"""SARIF 2.1.0 for GitHub code scanning: one rule per checklist item, one result per gap (waived gaps suppressed).

A rule id is `<standard>/<item>`; an unreadable document gives one `policy-audit/unreadable` result. Locations
point at the policy file, with the deciding quote's line (for a PDF, the line on its page; the page is in
`region.properties.page`), or line 1 when there is no quote (GitHub shows a result only with a region).

A file inside the repository (the git top level above the working folder, else the working folder) is a URI
relative to it with `uriBaseId` `%SRCROOT%`, whatever folder the scan ran from and however the path was given,
so code scanning finds it; only a file outside it is an absolute `file:` URI. `originalUriBaseIds` names
`%SRCROOT%` without its absolute URI, which would differ from machine to machine. Output is deterministic: no
timestamps, no absolute paths for files in the repository, waiver origins relative too.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote as url_quote

from policy_audit import HOMEPAGE, __version__
from policy_audit.formats import RenderOptions
from policy_audit.formats.common import (
    columns,
    deciding,
    is_gap,
    one_line,
    place,
    quote,
    repository_root,
    waived,
    waiver_text,
)
from policy_audit.models import DocumentReport, Item, Report, Result, Standard, Status, Waiver

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
ROOT_ID = "%SRCROOT%"
STATUSES_HELP = f"{HOMEPAGE}#the-statuses"
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
    return json.dumps(as_dict(report, options.root), indent=2, ensure_ascii=False) + "\n"


def as_dict(report: Report, root: Path | None = None) -> dict[str, Any]:
    """The SARIF log; `root` is the folder URIs are relative to (default: the repository root, see module doc)."""
    base = root or repository_root()
    rules, index = _rules(report)
    results: list[dict[str, Any]] = []
    for document in report.documents:
        if document.error:
            results.append(_unreadable(document, index[UNREADABLE_RULE], base))
            continue
        for result in document.results:
            if is_gap(result):
                rule_id = f"{result.standard}/{result.item}"
                results.append(_result(document, result, rule_id, index[rule_id], base))
    counts = report.counts()
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
                        "informationUri": HOMEPAGE,
                        "rules": rules,
                    }
                },
                "originalUriBaseIds": {
                    ROOT_ID: {
                        "description": {
                            "text": "The repository root: the git top level above the folder policy-audit ran in, "
                            "else that folder."
                        }
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
                "properties": {"summary": {"documents": len(report.documents), **counts, "waived": waived(report)}},
            }
        ],
    }


def _rules(report: Report) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """One rule per item the results use (standards then items in file order), plus `unreadable` when needed."""
    items = {(standard.id, item.id): item for standard in report.standards for item in standard.items}
    help_uris = {standard.id: _help_uri(standard) for standard in report.standards}
    used = {(result.standard, result.item) for document in report.documents for result in document.results}
    rules = []
    for standard, item_id, title in columns(report):
        if (standard, item_id) in used:
            rule = _rule(standard, item_id, title, items.get((standard, item_id)))
            rules.append({**rule, "helpUri": help_uris.get(standard, STATUSES_HELP)})
    if any(document.error for document in report.documents):
        rules.append(_unreadable_rule())
    return rules, {rule["id"]: number for number, rule in enumerate(rules)}


def _help_uri(standard: Standard) -> str:
    """A bundled standard's YAML file at this release (a profile's items are defined in the standard it selects
    from); a user's own checklist has no public address, so its rules point at what the statuses mean."""
    from policy_audit.standards import bundled_paths

    bundled = {path.resolve() for path in bundled_paths()}
    try:
        is_bundled = Path(standard.path).resolve() in bundled
    except OSError:
        is_bundled = False
    if not is_bundled:
        return STATUSES_HELP
    return f"{HOMEPAGE}/blob/v{__version__}/standards/{url_quote(standard.profile_of or standard.id)}.yaml"


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
        "helpUri": STATUSES_HELP,
        "defaultConfiguration": {"level": "error"},
        "properties": {"tags": ["policy-audit", "unreadable"], "precision": "high"},
    }


def _result(document: DocumentReport, result: Result, rule_id: str, rule_index: int, root: Path) -> dict[str, Any]:
    evidence = deciding(result)
    message = f"{result.title}: {result.status.value} — {one_line(result.reason)}"
    location = artifact_location(document.path, root)
    uri = location["uri"]
    physical: dict[str, Any] = {"artifactLocation": location, "region": {"startLine": 1}}
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
        out["suppressions"] = [_suppression(result.waiver, root)]
    return out


def _unreadable(document: DocumentReport, rule_index: int, root: Path) -> dict[str, Any]:
    location = artifact_location(document.path, root)
    uri = location["uri"]
    out: dict[str, Any] = {
        "ruleId": UNREADABLE_RULE,
        "ruleIndex": rule_index,
        "level": LEVELS[Status.UNREADABLE],
        "message": {"text": f"unreadable — {one_line(document.error or '')}"},
        "locations": [{"physicalLocation": {"artifactLocation": location, "region": {"startLine": 1}}}],
        "partialFingerprints": {FINGERPRINT: fingerprint(UNREADABLE_RULE, uri)},
        "properties": {"status": Status.UNREADABLE.value, "items": len(document.results)},
    }
    waivers = [result.waiver for result in document.results]
    if waivers and all(waiver is not None for waiver in waivers):
        first = waivers[0]
        assert first is not None
        out["suppressions"] = [_suppression(first, root)]
    return out


def _suppression(waiver: Waiver, root: Path) -> dict[str, Any]:
    justification = waiver_text(waiver, root).removeprefix("waived: ")
    return {"kind": "external", "status": "accepted", "justification": justification}


def fingerprint(rule_id: str, uri: str) -> str:
    """Stable across runs and line moves: the standard, the item and the path, nothing else."""
    return hashlib.sha256(f"{rule_id}\n{uri}".encode()).hexdigest()


def artifact_location(path: str, root: Path) -> dict[str, str]:
    """{uri, uriBaseId} relative to the repository root, or an absolute `file:` URI for a file outside it."""
    target = Path(path.replace("\\", "/"))
    try:
        relative = target.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError):
        return {"uri": target.resolve().as_uri()}
    return {"uri": url_quote(relative, safe="/"), "uriBaseId": ROOT_ID}


def is_pdf(path: str) -> bool:
    return path.lower().endswith(".pdf")


def camel(item_id: str) -> str:
    """'warning-shots-banned' → 'WarningShotsBanned'."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", item_id) if part) or item_id
