"""The researchers' matrix: one row per document, one column per `<standard>:<item>` holding the status value.

`waived` lists the row's waived items ('core:hog-tie-ban: reason (expires 2027-06-30) [policy-audit.toml:12]',
separated by '; '). Every cell is neutralised for spreadsheets (a leading `=`, `+`, `-`, `@`, tab or CR gets an
apostrophe, as OWASP advises) and the csv module quotes any cell holding a comma, a quote, a CR or an LF; rows end in
CRLF as RFC 4180 says (with LF alone, the csv module would leave a lone CR unquoted, and a file name holding one
would split its row in a spreadsheet).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from policy_audit.formats import RenderOptions
from policy_audit.formats.common import columns, one_line, repository_root, spreadsheet_cell, waiver_text
from policy_audit.models import DocumentReport, Report


def render(report: Report, options: RenderOptions) -> str:
    keys = [(standard, item) for standard, item, _title in columns(report)]
    root = options.root or repository_root()
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # rows end in CRLF (RFC 4180): so a CR inside a cell is quoted too
    writer.writerow(["document", "error", "waived", *(f"{standard}:{item}" for standard, item in keys)])
    for document in report.documents:
        statuses = {(result.standard, result.item): result.status.value for result in document.results}
        row = [document.path, one_line(document.error or ""), _waived(document, root)]
        writer.writerow([spreadsheet_cell(cell) for cell in (*row, *(statuses.get(key, "") for key in keys))])
    return buffer.getvalue()


def _waived(document: DocumentReport, root: Path) -> str:
    entries = []
    for result in document.results:
        if result.waiver is None:
            continue
        text = waiver_text(result.waiver, root).removeprefix("waived: ")
        entries.append(f"{result.standard}:{result.item}: {text}")
    return "; ".join(entries)
