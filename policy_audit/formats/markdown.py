"""Markdown for pull-request comments: a summary line, one GitHub-flavoured table per document, gaps' wording, errors.

A comment bot posts this text as it is, so nothing from a policy may become markup: no HTML, no links, no
images (see `common.markdown_text`); a table cell also escapes `|`.
"""

from __future__ import annotations

from pathlib import Path

from policy_audit.formats import RenderOptions
from policy_audit.formats.common import (
    deciding,
    errors,
    is_gap,
    item_label,
    markdown_text,
    place,
    quote,
    repository_root,
    summary_line,
    waiver_text,
)
from policy_audit.models import DocumentReport, Report, Result, Status

QUOTE_LIMIT = 160


def render(report: Report, options: RenderOptions) -> str:
    root = options.root or repository_root()
    lines = ["## policy-audit", "", f"**{summary_line(report)}**", ""]
    if report.notes:
        lines += ["**Notes:**", ""] + [f"- {inline(note)}" for note in report.notes] + [""]
    for document in report.documents:
        if not document.error:
            lines += _document(document, options, root)
    unread = errors(report)
    if unread:
        lines += ["### Errors", ""]
        lines += [f"- {inline(document.error or '')}" for document in unread]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _document(document: DocumentReport, options: RenderOptions, root: Path) -> list[str]:
    pages = f"{document.pages} page{'s' if document.pages != 1 else ''}"
    lines = [f"### {inline(document.path)} ({pages})", ""]
    lines.append("| item | status | deciding quote | page:line | section |")
    lines.append("|---|---|---|---|---|")
    lines += [_row(result, root) for result in document.results]
    lines.append("")
    wording = [result for result in document.results if is_gap(result) and result.model_language]
    wording = [result for result in wording if result.status is not Status.UNREADABLE]
    if wording and not options.quiet:
        lines += ["Suggested wording for the gaps:", ""]
        for result in wording:
            waived = " (waived)" if result.waiver is not None else ""
            lines.append(f"- **{inline(result.item)}**{waived}: {inline(result.model_language)}")
        lines.append("")
    return lines


def _row(result: Result, root: Path) -> str:
    status = f"{result.status.symbol} {result.status.value}"
    if result.waiver is not None:
        status += f" — {waiver_text(result.waiver, root)}"
    evidence = deciding(result)
    reason = f"_{cell(result.reason)}_" if result.reason.strip() else ""
    if evidence is None:
        cells = [cell(item_label(result)), cell(status), reason, "", ""]
    else:
        more = f" (+{len(result.evidence) - 1} more)" if len(result.evidence) > 1 else ""
        text = f"“{cell(quote(evidence, QUOTE_LIMIT))}”{more}" + (f"<br>{reason}" if reason else "")
        cells = [cell(item_label(result)), cell(status), text, place(evidence), cell(evidence.section)]
    return "| " + " | ".join(cells) + " |"


def inline(text: str) -> str:
    """Text on one line that cannot open an HTML tag or comment, nor form a link or an image."""
    return markdown_text(text)


def cell(text: str) -> str:
    """Text for a table cell: one line (newlines would end the row), `|` escaped (it would split the cell)."""
    return inline(text).replace("|", "\\|")
