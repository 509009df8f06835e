"""Formats: Report → text. One module per format; none of them prints (the CLI writes what they return)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the CLI imports Format at start-up; the models are needed only once something is rendered
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
    GITHUB = "github"
    GITLAB = "gitlab"


@dataclass(frozen=True)
class RenderOptions:
    """What a renderer may vary: nothing that changes the findings, only how they are shown."""

    color: bool = False
    width: int = 120
    explain: bool = False
    quiet: bool = False
    root: Path | None = None
    """The folder paths in a report are made relative to (SARIF URIs, waiver origins): None for the repository
    root above the working folder (see `common.repository_root`)."""


_MODULES = {
    Format.TABLE: "table",
    Format.JSON: "json_format",
    Format.MARKDOWN: "markdown",
    Format.SARIF: "sarif",
    Format.JUNIT: "junit",
    Format.CSV: "csv_format",
    Format.HTML: "html",
    Format.GITHUB: "github",
    Format.GITLAB: "gitlab",
}


def renderer(fmt: Format) -> Callable[[Report, RenderOptions], str]:
    """The render function of a format, imported only when used (rich is only needed for tables)."""
    module = importlib.import_module(f"policy_audit.formats.{_MODULES[fmt]}")
    render_function: Callable[[Report, RenderOptions], str] = module.render
    return render_function


def render(report: Report, fmt: Format, options: RenderOptions | None = None) -> str:
    return renderer(fmt)(report, options or RenderOptions())
