"""The command line: options → audit → format → exit code. The only module that prints or exits.

Exit codes: 0 no gap at or above --fail-on; 1 gaps (or an unreadable document among readable ones);
2 usage or input error, including "no document could be read".
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, Optional

import typer

from policy_audit import __version__
from policy_audit.errors import PolicyAuditError
from policy_audit.formats import Format

if TYPE_CHECKING:
    from policy_audit.models import Report, Standard

app = typer.Typer(
    help="Read police use-of-force policies and report which human-rights safeguards they provide.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
standards_app = typer.Typer(help="List, show and validate the checklists (standards).", no_args_is_help=True)
app.add_typer(standards_app, name="standards")


class FailOn(str, Enum):
    """The weakest status that fails a run (partial < missing < contradicted)."""

    PARTIAL = "partial"
    MISSING = "missing"
    CONTRADICTED = "contradicted"


def _fatal(message: str, code: int = 2) -> NoReturn:
    typer.secho(f"policy-audit: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"policy-audit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Read police use-of-force policies and report which human-rights safeguards they provide."""


def _load_standards(references: list[str]) -> list[Standard]:
    from policy_audit import standards

    loaded = []
    seen = set()
    for reference in references or ["core"]:
        standard = standards.load(reference)
        if standard.id in seen:
            continue
        seen.add(standard.id)
        loaded.append(standard)
    return loaded


@app.command()
def scan(
    paths: Annotated[list[Path], typer.Argument(help="Policy files (.pdf, .txt, .md) or folders to scan.")],
    standard: Annotated[
        Optional[list[str]],  # noqa: UP045 - typer needs Optional here
        typer.Option("--standard", "-s", help="Standard id or YAML path (repeatable). Default: core."),
    ] = None,
    fmt: Annotated[
        Optional[list[Format]],  # noqa: UP045
        typer.Option("--format", "-f", help="Output format (repeatable, paired in order with --output)."),
    ] = None,
    output: Annotated[
        Optional[list[Path]],  # noqa: UP045
        typer.Option("--output", "-o", help="Write the report to this file instead of stdout (repeatable)."),
    ] = None,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Exit 1 when any item is at or beyond this status.")
    ] = FailOn.PARTIAL,
    explain: Annotated[
        bool, typer.Option("--explain", help="List every clause that touched an item, with its reading and cues.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no suggested wording.")] = False,
    password: Annotated[str, typer.Option("--password", help="Password for encrypted PDFs.")] = "",
) -> None:
    """Scan policies against one or more standards and report every safeguard with its deciding quote."""
    from policy_audit.discover import discover

    try:
        loaded = _load_standards(standard or [])
    except PolicyAuditError as error:
        _fatal(error.line())
    formats = fmt or [Format.TABLE]
    outputs = output or []
    if len(outputs) > len(formats):
        if len(formats) == 1 and not fmt:
            formats = [_format_for(path) for path in outputs]
        else:
            _fatal("more --output files than --format options; give one --format per --output")
    if sum(1 for index in range(len(formats)) if index >= len(outputs)) > 1:
        _fatal("only one format can go to stdout; give each other --format its own --output FILE")
    found = discover(paths)
    if not found.files and not found.problems:
        _fatal("no .pdf, .txt or .md files found in the given paths")
    report = _run(found.files, found.problems, loaded, password, quiet)
    _write_formats(report, formats, outputs, explain, quiet)
    raise typer.Exit(exit_code(report, fail_on))


def _format_for(path: Path) -> Format:
    suffix = path.suffix.lower().lstrip(".")
    aliases = {"txt": "table", "md": "table"}
    try:
        return Format(aliases.get(suffix, suffix))
    except ValueError:
        return Format.TABLE


def _run(
    files: tuple[Path, ...],
    problems: tuple[tuple[str, str], ...],
    standards: list[Standard],
    password: str,
    quiet: bool,
) -> Report:
    from policy_audit.audit import audit_path
    from policy_audit.decide import unreadable
    from policy_audit.models import DocumentReport, Report

    documents = [
        DocumentReport(
            path=where,
            sha256="",
            pages=0,
            results=tuple(result for standard in standards for result in unreadable(standard, what)),
            error=f"{where}: {what}",
        )
        for where, what in problems
    ]
    show_progress = not quiet and sys.stderr.isatty() and len(files) > 1
    if show_progress:
        from rich.console import Console
        from rich.progress import Progress

        with Progress(console=Console(stderr=True), transient=True) as progress:
            task = progress.add_task("Scanning", total=len(files))
            for path in files:
                progress.update(task, description=f"Scanning {path.name[:40]}")
                documents.append(audit_path(path, standards, password))
                progress.advance(task)
    else:
        documents.extend(audit_path(path, standards, password) for path in files)
    return Report(tuple(documents), tuple(standards))


def _write_formats(report: Report, formats: list[Format], outputs: list[Path], explain: bool, quiet: bool) -> None:
    from policy_audit.formats import RenderOptions, render

    for index, fmt in enumerate(formats):
        destination = outputs[index] if index < len(outputs) else None
        to_terminal = destination is None and sys.stdout.isatty()
        color = to_terminal and "NO_COLOR" not in os.environ
        width = _terminal_width() if to_terminal else 120
        text = render(report, fmt, RenderOptions(color=color, width=width, explain=explain, quiet=quiet))
        if destination is None:
            sys.stdout.write(text)
            sys.stdout.flush()
            continue
        try:
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_text(text, encoding="utf-8")
        except OSError as error:
            _fatal(
                f"{destination}: cannot write report ({error.strerror or error}) — check the folder exists and is writable"
            )
        for document in report.documents:
            if document.error and not quiet:
                typer.secho(f"policy-audit: {document.error}", fg=typer.colors.RED, err=True)


def _terminal_width() -> int:
    try:
        return max(80, min(os.get_terminal_size().columns, 200))
    except OSError:
        return 120


def exit_code(report: Report, fail_on: FailOn) -> int:
    """0 clean, 1 gaps at or beyond `fail_on` (an unreadable document counts), 2 when nothing could be read."""
    from policy_audit.models import Status

    if report.documents and all(document.error for document in report.documents):
        for document in report.documents:
            typer.secho(f"policy-audit: {document.error}", fg=typer.colors.RED, err=True)
        typer.secho("policy-audit: no document could be read", fg=typer.colors.RED, err=True)
        return 2
    threshold = Status(fail_on.value).severity
    failing = any(result.status.severity >= threshold for document in report.documents for result in document.results)
    return 1 if failing else 0


class EvalFormat(str, Enum):
    """Formats of `eval`."""

    TABLE = "table"
    JSON = "json"


@app.command("eval")
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
) -> None:
    """Measure agreement with human coders: overall, per item, confusion, precision/recall of met, disagreements."""
    from policy_audit import standards as standards_module
    from policy_audit.audit import audit_path
    from policy_audit.evaluate import best_standard, evaluate, label_columns, read_labels
    from policy_audit.formats.evaluation import render_json, render_text

    if not docs.is_dir():
        _fatal(f"{docs}: --docs must be a folder holding the labelled documents")
    filters = []
    for entry in only or []:
        column, separator, value = entry.partition("=")
        if not separator:
            _fatal(f"--only {entry!r}: write it as COLUMN=VALUE")
        filters.append((column.strip(), value.strip()))
    try:
        if standard:
            (chosen,) = _load_standards([standard])
        else:
            candidates = [standards_module.load(str(path)) for path in standards_module.bundled_paths()]
            chosen = best_standard(label_columns(labels), candidates)
        label_set = read_labels(labels, [item.id for item in chosen.items], filters)
    except PolicyAuditError as error:
        _fatal(error.line())
    evaluation = evaluate(label_set, chosen, docs, lambda path: audit_path(path, [chosen]))
    if not evaluation.pairs:
        _fatal(f"{labels}: no labelled document could be scored (check --docs and the 'file' column)")
    text = render_json(evaluation) if fmt is EvalFormat.JSON else render_text(evaluation)
    if output is None:
        sys.stdout.write(text)
    else:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as error:
            _fatal(f"{output}: cannot write ({error.strerror or error})")


@standards_app.command("list")
def standards_list() -> None:
    """List the bundled standards: id, title, item count and source."""
    from rich.console import Console
    from rich.table import Table

    from policy_audit import standards

    table = Table(show_lines=False)
    for column in ("id", "items", "title", "source"):
        table.add_column(column, overflow="fold")
    for path in standards.bundled_paths():
        try:
            loaded = standards.load(str(path))
        except PolicyAuditError as error:
            table.add_row(path.stem, "!", f"broken: {error.line()}", "")
            continue
        table.add_row(loaded.id, str(len(loaded.items)), loaded.title, loaded.source)
    Console(width=_terminal_width() if sys.stdout.isatty() else 160).print(table)


@standards_app.command("show")
def standards_show(reference: Annotated[str, typer.Argument(help="Standard id or YAML path.")]) -> None:
    """Show a standard's items: id, title, kind, source and model language."""
    from rich.console import Console
    from rich.table import Table

    try:
        (loaded,) = _load_standards([reference])
    except PolicyAuditError as error:
        _fatal(error.line())
    table = Table(title=f"{loaded.id}: {loaded.title}", title_justify="left", show_lines=True)
    for column in ("item", "kind", "source", "model language"):
        table.add_column(column, overflow="fold")
    for item in loaded.items:
        source = " — ".join(part for part in (item.source.document, item.source.section) if part)
        table.add_row(f"{item.id}\n{item.title}", item.kind.value, source, " ".join(item.model_language.split()))
    Console(width=_terminal_width() if sys.stdout.isatty() else 160).print(table)


@standards_app.command("validate")
def standards_validate(files: Annotated[list[Path], typer.Argument(help="Standard YAML files to check.")]) -> None:
    """Check standard files: schema (file:line), spaCy patterns, duplicate ids, and every example sentence."""
    from policy_audit import standards
    from policy_audit.matching import matcher_for
    from policy_audit.selfcheck import check_examples

    failed = False
    for path in files:
        try:
            loaded = standards.load(str(path))
            matcher_for(loaded)
        except PolicyAuditError as error:
            typer.secho(f"✘ {error.line()}", fg=typer.colors.RED, err=True)
            failed = True
            continue
        failures = check_examples(loaded)
        for failure in failures:
            typer.secho(f"✘ {path}: {failure.line()}", fg=typer.colors.RED, err=True)
        examples = sum(1 for _ in standards.iter_examples(loaded))
        if failures:
            failed = True
            typer.echo(f"{path}: {len(failures)} of {examples} examples fail")
        else:
            typer.echo(f"✔ {path}: {loaded.id}, {len(loaded.items)} items, all {examples} examples reach their status")
    raise typer.Exit(2 if failed else 0)


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        typer.secho("policy-audit: interrupted", fg=typer.colors.RED, err=True)
        sys.exit(130)
