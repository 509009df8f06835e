"""The researchers' matrix: one row per document, one column per `<standard>:<item>` holding the status value."""

from __future__ import annotations

import csv
import io

from policy_audit.formats import RenderOptions
from policy_audit.formats.common import columns, one_line
from policy_audit.models import Report


def render(report: Report, options: RenderOptions) -> str:
    keys = [(standard, item) for standard, item, _title in columns(report)]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["document", "error", *(f"{standard}:{item}" for standard, item in keys)])
    for document in report.documents:
        statuses = {(result.standard, result.item): result.status.value for result in document.results}
        writer.writerow([document.path, one_line(document.error or ""), *(statuses.get(key, "") for key in keys)])
    return buffer.getvalue()
