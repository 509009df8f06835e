"""GitHub Actions workflow commands: one annotation per gap on the policy file's line, shown on the pull request.

`::error` for a contradicted or missing item and for an unreadable document, `::warning` for a partial one,
`::notice` for a waived gap, then one `::notice` with the summary. Paths are relative to the repository root,
as the runner's checkout is. Values are escaped as the runner's toolkit does (`%`, CR, LF; in properties also
`:` and `,`), so no text from a policy can end an annotation or start a command of its own.
"""

from __future__ import annotations

from policy_audit.formats import RenderOptions
from policy_audit.formats.common import (
    deciding,
    is_gap,
    one_line,
    place,
    quote,
    relative_path,
    repository_root,
    summary_line,
    terminal,
    waiver_text,
)
from policy_audit.models import Report, Status

LEVELS = {Status.CONTRADICTED: "error", Status.MISSING: "error", Status.PARTIAL: "warning", Status.UNREADABLE: "error"}


def render(report: Report, options: RenderOptions) -> str:
    root = options.root or repository_root()
    lines = []
    for document in report.documents:
        path = relative_path(document.path, root)
        if document.error:
            lines.append(_command("error", {"file": path, "title": "policy-audit: unreadable"}, document.error))
            continue
        for result in document.results:
            if not is_gap(result):
                continue
            evidence = deciding(result)
            properties = {"file": path}
            if evidence is not None:
                properties["line"] = str(max(1, evidence.line))
            properties["title"] = f"{result.standard}:{result.item} {result.status.value}"
            message = f"{result.title}: {result.status.value} — {one_line(result.reason)}"
            if evidence is not None:
                message += f". Deciding quote ({place(evidence)}): “{quote(evidence)}”"
            level = LEVELS[result.status]
            if result.waiver is not None:
                level, message = "notice", f"{message} ({waiver_text(result.waiver, root)})"
            lines.append(_command(level, properties, message))
    lines.append(_command("notice", {"title": "policy-audit"}, summary_line(report)))
    return "\n".join(lines) + "\n"


def _command(level: str, properties: dict[str, str], message: str) -> str:
    fields = ",".join(f"{key}={_property(value)}" for key, value in properties.items())
    return f"::{level} {fields}::{_data(message)}"


def _data(text: str) -> str:
    return terminal(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
