"""Formats: Report → text. One module per format; none of them prints (the CLI writes what they return)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from policy_audit.models import Report


class Format(str, Enum):
    """Output formats, as named on the command line."""

    TABLE = "table"
    JSON = "json"
    MARKDOWN = "markdown"
    SARIF = "sarif"
    JUNIT = "junit"
    CSV = "csv"
    HTML = "html"


@dataclass(frozen=True)
class RenderOptions:
    """What a renderer may vary: nothing that changes the findings, only how they are shown."""

    color: bool = False
    width: int = 120
    explain: bool = False
    quiet: bool = False


def renderer(fmt: Format) -> Callable[[Report, RenderOptions], str]:
    """The render function of a format (imported lazily: rich is only needed for tables)."""
    if fmt is Format.TABLE:
        from policy_audit.formats.table import render as render_table

        return render_table
    if fmt is Format.MARKDOWN:
        from policy_audit.formats.markdown import render as render_markdown

        return render_markdown
    if fmt is Format.SARIF:
        from policy_audit.formats.sarif import render as render_sarif

        return render_sarif
    if fmt is Format.JUNIT:
        from policy_audit.formats.junit import render as render_junit

        return render_junit
    if fmt is Format.CSV:
        from policy_audit.formats.csv_format import render as render_csv

        return render_csv
    if fmt is Format.HTML:
        from policy_audit.formats.html import render as render_html

        return render_html
    from policy_audit.formats.json_format import render as render_json

    return render_json


def render(report: Report, fmt: Format, options: RenderOptions | None = None) -> str:
    return renderer(fmt)(report, options or RenderOptions())
