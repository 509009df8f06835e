"""`policy-audit diff` and `policy-audit eval`: a revision against its predecessor, the tool against human coders."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from policy_audit.cli_common import PdfEngine, emit, fatal, load_standards, terminal_width, wants_color
from policy_audit.errors import PolicyAuditError


class DiffFormat(str, Enum):
    """Formats of `diff`."""

    TABLE = "table"
    JSON = "json"
    MARKDOWN = "markdown"


def diff_command(
    old: Annotated[Path, typer.Argument(help="The old policy file, or a folder of them.")],
    new: Annotated[Path, typer.Argument(help="The new policy file, or a folder matched to OLD by file name.")],
    standard: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option("--standard", "-s", help="Standard id or YAML path (repeatable). Default: core."),
    ] = None,
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help="table, json or markdown.")] = DiffFormat.TABLE,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,  # noqa: UP045
    everything: Annotated[bool, typer.Option("--all", help="List unchanged items too.")] = False,
    password: Annotated[str, typer.Option("--password", help="Password for encrypted PDFs.")] = "",
    pdf_engine: Annotated[
        PdfEngine, typer.Option("--pdf-engine", help="PDF text engine: pdfium (fast) or pdfminer (layout analysis).")
    ] = PdfEngine.PDFIUM,
) -> None:
    """What a revision gained and lost, item by item; exit 1 when any safeguard got worse."""
    from policy_audit.audit import audit_path
    from policy_audit.diff import diff
    from policy_audit.formats.diff_render import render_json, render_markdown, render_table

    for path in (old, new):
        if not path.exists():
            fatal(f"{path}: no such file or folder")
    if old.is_dir() != new.is_dir():
        fatal(f"{old} and {new}: give two files or two folders")
    try:
        loaded = load_standards(list(standard or []))
    except PolicyAuditError as error:
        fatal(error.line())
    result = diff(old, new, lambda path: audit_path(path, loaded, password, pdf_engine.value))
    if fmt is DiffFormat.JSON:
        text = render_json(result)
    elif fmt is DiffFormat.MARKDOWN:
        text = render_markdown(result)
    else:
        to_terminal = output is None and sys.stdout.isatty()
        color = output is None and wants_color(sys.stdout)
        text = render_table(result, color=color, width=terminal_width() if to_terminal else 120, everything=everything)
    emit(text, output)
    unreadable = [error for document in result.documents for error in document.errors]
    if unreadable and all(
        document.errors and len(document.errors) == (document.old is not None) + (document.new is not None)
        for document in result.documents
    ):
        fatal("no document could be read: " + "; ".join(unreadable))
    raise typer.Exit(1 if result.worse else 0)


class EvalFormat(str, Enum):
    """Formats of `eval`."""

    TABLE = "table"
    JSON = "json"


def eval_command(
    labels: Annotated[Path, typer.Argument(help="Labels: CSV (a 'file' column, one column per item) or JSON.")],
    docs: Annotated[Path, typer.Option("--docs", help="Folder holding the labelled documents.")],
    standard: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--standard", "-s", help="Standard id or YAML path (default: the one matching the label columns)."
        ),
    ] = None,
    only: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option(
            "--only", help="Keep CSV rows where COLUMN=VALUE (repeatable), e.g. version_match=likely_same_version."
        ),
    ] = None,
    fmt: Annotated[EvalFormat, typer.Option("--format", "-f", help="table or json.")] = EvalFormat.TABLE,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,  # noqa: UP045
    pdf_engine: Annotated[
        PdfEngine, typer.Option("--pdf-engine", help="PDF text engine: pdfium (fast) or pdfminer (layout analysis).")
    ] = PdfEngine.PDFIUM,
) -> None:
    """Measure agreement with human coders: overall, per item, confusion, precision/recall of met, disagreements."""
    from policy_audit import standards as standards_module
    from policy_audit.audit import audit_path
    from policy_audit.evaluate import best_standard, evaluate, label_columns, read_labels
    from policy_audit.formats.evaluation import render_json, render_text

    if not docs.is_dir():
        fatal(f"{docs}: --docs must be a folder holding the labelled documents")
    filters = []
    for entry in only or []:
        column, separator, value = entry.partition("=")
        if not separator:
            fatal(f"--only {entry!r}: write it as COLUMN=VALUE")
        filters.append((column.strip(), value.strip()))
    try:
        if standard:
            (chosen,) = load_standards([standard])
        else:
            candidates = [standards_module.load(str(path)) for path in standards_module.bundled_paths()]
            chosen = best_standard(label_columns(labels), candidates)
        label_set = read_labels(labels, [item.id for item in chosen.items], filters)
    except PolicyAuditError as error:
        fatal(error.line())
    evaluation = evaluate(label_set, chosen, docs, lambda path: audit_path(path, [chosen], engine=pdf_engine.value))
    if not evaluation.pairs:
        fatal(f"{labels}: no labelled document could be scored (check --docs and the 'file' column)")
    text = render_json(evaluation) if fmt is EvalFormat.JSON else render_text(evaluation)
    emit(text, output)
