"""GitLab Code Quality: a JSON array of issues (the CodeClimate subset GitLab reads), one per gap.

Each issue has a description, a check_name (`standard/item`), a fingerprint that stays put when lines move (the
rule and the path, as SARIF's), a severity (contradicted: critical, missing: major, partial: minor, unreadable:
blocker, waived: info) and a location: the path relative to the repository root, and the deciding quote's line.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from policy_audit.formats import RenderOptions
from policy_audit.formats.common import (
    deciding,
    is_gap,
    one_line,
    place,
    quote,
    relative_path,
    repository_root,
    waiver_text,
)
from policy_audit.models import Report, Status

SEVERITY = {
    Status.CONTRADICTED: "critical",
    Status.MISSING: "major",
    Status.PARTIAL: "minor",
    Status.UNREADABLE: "blocker",
}


def render(report: Report, options: RenderOptions) -> str:
    root = options.root or repository_root()
    issues: list[dict[str, Any]] = []
    for document in report.documents:
        path = relative_path(document.path, root)
        if document.error:
            issues.append(
                _issue("policy-audit/unreadable", f"unreadable — {one_line(document.error)}", "blocker", path, 1)
            )
            continue
        for result in document.results:
            if not is_gap(result):
                continue
            evidence = deciding(result)
            description = f"{result.title}: {result.status.value} — {one_line(result.reason)}"
            if evidence is not None:
                description += f". Deciding quote ({place(evidence)}): “{quote(evidence)}”"
            severity = SEVERITY[result.status]
            if result.waiver is not None:
                severity = "info"
                description += f" ({waiver_text(result.waiver, root)})"
            line = max(1, evidence.line) if evidence is not None else 1
            issues.append(_issue(f"{result.standard}/{result.item}", description, severity, path, line))
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"


def _issue(check: str, description: str, severity: str, path: str, line: int) -> dict[str, Any]:
    return {
        "type": "issue",
        "check_name": check,
        "description": description,
        "categories": ["Compliance"],
        "severity": severity,
        "fingerprint": hashlib.sha256(f"{check}\n{path}".encode()).hexdigest(),
        "location": {"path": path, "lines": {"begin": line}},
    }
