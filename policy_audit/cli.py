"""The command line: options → audit → format → exit code. The only module that prints or exits.

Exit codes: 0 no gap at or above --fail-on (or --exit-zero); 1 gaps (or an unreadable document among readable
ones); 2 usage or input error, including "no document could be read".

Colour follows the conventions: on a terminal unless NO_COLOR is set; also when piped if FORCE_COLOR is set
(NO_COLOR wins). Report files never get colour. Everything written to the terminal or stderr from a document,
a checklist or a config goes through `terminal()` first: no escape sequence from a policy reaches the terminal.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from policy_audit import __version__
from policy_audit.cli_common import (
    FailOn,
    PdfEngine,
    emit,
    fatal,
    load_standards,
    say,
    terminal_width,
    wants_color,
)
from policy_audit.cli_review import diff_command, eval_command
from policy_audit.cli_standards import standards_app
from policy_audit.errors import PolicyAuditError
from policy_audit.formats import Format

if TYPE_CHECKING:
    from policy_audit.batch import RunOptions
    from policy_audit.config import OutputSpec
    from policy_audit.models import Report, Result, Standard

app = typer.Typer(
    help="Read police use-of-force policies and report which human-rights safeguards they provide.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.add_typer(standards_app, name="standards")
app.command("diff")(diff_command)
app.command("eval")(eval_command)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"policy-audit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Read police use-of-force policies and report which human-rights safeguards they provide."""


@app.command()
def scan(
    paths: Annotated[
        list[Path], typer.Argument(help="Policy files (.pdf, .docx, .html, .txt, .md) or folders to scan.")
    ],
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
        Optional[FailOn],  # noqa: UP045
        typer.Option("--fail-on", help="Exit 1 when an item is at or beyond this status [default: partial]."),
    ] = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="List every clause that touched an item, with its reading and cues.")
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar, no suggested wording, nothing on stderr but errors.")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="On stderr: the config and standards used, and each document read.")
    ] = False,
    exit_zero: Annotated[
        bool,
        typer.Option(
            "--exit-zero", help="Exit 0 even when gaps are found (unreadable documents and errors still fail)."
        ),
    ] = False,
    password: Annotated[str, typer.Option("--password", help="Password for encrypted PDFs.")] = "",
    include: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option("--include", help="Only files matching this glob, inside folders (repeatable)."),
    ] = None,
    exclude: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option("--exclude", help="Skip files matching this glob, inside folders (repeatable)."),
    ] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Documents scanned in parallel [default: all cores].")] = 0,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds allowed per document (0: no limit).")] = 600.0,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Do not read or write the result cache.")] = False,
    config_path: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--config", help="Config file (default: the scanned folder's policy-audit.toml or pyproject.toml)."
        ),
    ] = None,
    no_waivers: Annotated[bool, typer.Option("--no-waivers", help="Ignore the config's waivers.")] = False,
    pdf_engine: Annotated[
        Optional[PdfEngine],  # noqa: UP045
        typer.Option(
            "--pdf-engine",
            help="PDF text engine: pdfium (fast), or pdfminer (layout analysis, slower) [default: pdfium, or the config's].",
        ),
    ] = None,
    memory_limit: Annotated[
        int, typer.Option("--memory-limit", help="Megabytes of memory per document's worker (0: no limit).")
    ] = 1024,
    scheduler: Annotated[
        str, typer.Option("--scheduler", help="Run the documents on this Dask scheduler (tcp://host:8786).")
    ] = "",
    follow_symlinks: Annotated[
        bool, typer.Option("--follow-symlinks", help="Follow symlinks that lead out of a scanned folder.")
    ] = False,
) -> None:
    """Scan policies against one or more standards and report every safeguard with its deciding quote."""
    from dataclasses import replace

    from policy_audit import config as config_module
    from policy_audit.batch import RunOptions, check_memory_limit, check_timeout, default_cache_dir
    from policy_audit.discover import discover, skipped_line
    from policy_audit.waivers import apply_waivers

    try:
        settings = config_module.load(config_path or config_module.find_for(paths))
        loaded = load_standards(list(standard or settings.standards))
        timeout = check_timeout(timeout)
        memory_limit = check_memory_limit(memory_limit)
    except PolicyAuditError as error:
        fatal(error.line())
    if verbose and not quiet:
        say(f"config: {settings.path or '(none found)'}")
        say("standards: " + ", ".join(f"{item.id} ({len(item.items)} items, {item.path})" for item in loaded))
    formats, outputs = _outputs(fmt, output, settings.formats)
    found = discover(paths, include or settings.include, exclude or settings.exclude, follow_symlinks)
    skipped = skipped_line(found.skipped)
    if not found.files and not found.problems:
        fatal("no .pdf, .docx, .html, .txt or .md files found in the given paths" + (f"; {skipped}" if skipped else ""))
    cache_dir = None
    if not no_cache:
        try:
            cache_dir = default_cache_dir()
        except PolicyAuditError as error:  # a folder others could write: refused, the scan goes on without it
            typer.secho(f"policy-audit: {error.line()}", fg=typer.colors.YELLOW, err=True)
    options = RunOptions(
        jobs=jobs if jobs > 0 else (os.cpu_count() or 1),
        timeout=timeout,
        password=password,
        cache_dir=cache_dir,
        engine=pdf_engine.value if pdf_engine else settings.pdf_engine,
        memory_limit=memory_limit,
        scheduler=scheduler,
        explain=explain,
    )
    try:
        report = _run(found.files, found.problems, loaded, options, quiet)
    except PolicyAuditError as error:
        fatal(error.line())
    if skipped:
        report = replace(report, notes=(*report.notes, skipped))
    if settings.waivers and not no_waivers:
        report = apply_waivers(report, settings.waivers, settings.root, _today())
    if verbose and not quiet:
        _say_documents(report)
    _write_formats(report, formats, outputs, explain, quiet)
    threshold = fail_on or FailOn(settings.fail_on or FailOn.PARTIAL.value)
    code = exit_code(report, threshold, settings.require)
    if exit_zero and code == 1 and not any(document.error for document in report.documents):
        code = 0
    raise typer.Exit(code)


def _say_documents(report: Report) -> None:
    """--verbose: each document, its pages and its statuses (or why it could not be read)."""
    for document in report.documents:
        if document.error:
            say(f"read {document.path}: unreadable")
            continue
        counts: dict[str, int] = {}
        for result in document.results:
            counts[result.status.value] = counts.get(result.status.value, 0) + 1
        statuses = ", ".join(f"{count} {status}" for status, count in counts.items())
        say(f"read {document.path} ({document.pages} page{'s' if document.pages != 1 else ''}): {statuses}")


def _today() -> date:
    """Today, or POLICY_AUDIT_TODAY (YYYY-MM-DD) so that waiver expiry can be tested and reproduced."""
    fixed = os.environ.get("POLICY_AUDIT_TODAY", "")
    if fixed:
        try:
            return date.fromisoformat(fixed)
        except ValueError:
            fatal(f"POLICY_AUDIT_TODAY={fixed!r} is not a date; write it as 2027-06-30")
    return date.today()


def _outputs(
    fmt: list[Format] | None, output: list[Path] | None, configured: tuple[OutputSpec, ...]
) -> tuple[list[Format], list[Path]]:
    """Pair formats with outputs (in order); the config's formats apply when the command line names none."""
    if not fmt and not output and configured:
        try:
            formats = [Format(spec.format) for spec in configured]
        except ValueError:
            names = ", ".join(item.value for item in Format)
            fatal(f"config: unknown format in formats ({', '.join(s.format for s in configured)}); use: {names}")
        paired = [Path(spec.output) for spec in configured if spec.output]
        if len(paired) not in (len(configured), len(configured) - 1) or any(
            not spec.output for spec in configured[: len(paired)]
        ):
            fatal("config: every format but the last needs an output file")
        return formats, paired
    outputs = list(output or [])
    if not fmt and outputs:
        return [_format_for(path) for path in outputs], outputs  # -o report.sarif: the suffix names the format
    formats = list(fmt or [Format.TABLE])
    if len(outputs) > len(formats):
        fatal("more --output files than --format options; give one --format per --output")
    if sum(1 for index in range(len(formats)) if index >= len(outputs)) > 1:
        fatal("only one format can go to stdout; give each other --format its own --output FILE")
    return formats, outputs


def _format_for(path: Path) -> Format:
    suffix = path.suffix.lower().lstrip(".")
    aliases = {"txt": "table", "md": "markdown", "xml": "junit", "htm": "html"}
    try:
        return Format(aliases.get(suffix, suffix))
    except ValueError:
        return Format.TABLE


def _run(
    files: tuple[Path, ...],
    problems: tuple[tuple[str, str], ...],
    standards: list[Standard],
    options: RunOptions,
    quiet: bool,
) -> Report:
    from policy_audit.api import audit_files

    if not quiet and sys.stderr.isatty() and len(files) > 1:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=Console(stderr=True, markup=False), transient=True) as progress:
            task = progress.add_task("Scanning", total=len(files))
            return audit_files(files, problems, standards, options, lambda path: progress.advance(task))
    return audit_files(files, problems, standards, options)


def _write_formats(report: Report, formats: list[Format], outputs: list[Path], explain: bool, quiet: bool) -> None:
    from policy_audit.formats import RenderOptions, render
    from policy_audit.formats.common import summary_line

    for index, fmt in enumerate(formats):
        destination = outputs[index] if index < len(outputs) else None
        to_stdout = destination is None
        color = to_stdout and wants_color(sys.stdout)
        width = terminal_width() if to_stdout and sys.stdout.isatty() else 120
        emit(render(report, fmt, RenderOptions(color=color, width=width, explain=explain, quiet=quiet)), destination)
        if destination is not None and not quiet:
            say(f"wrote {destination} ({fmt.value})")
    everything_failed = bool(report.documents) and all(document.error for document in report.documents)
    if outputs and not quiet and not everything_failed:  # (exit_code names those)
        if len(outputs) == len(formats):  # nothing on stdout: name the unreadable files on stderr
            for document in report.documents:
                if document.error:
                    say(document.error, typer.colors.RED)
        say(summary_line(report).removeprefix("Summary: "))


def exit_code(report: Report, fail_on: FailOn, require: tuple[str, ...] = ()) -> int:
    """0 clean, 1 gaps at or beyond `fail_on` (an unreadable document counts; waived gaps do not), 2 nothing read."""
    from policy_audit.models import Status

    for note in report.notes:
        say(note, typer.colors.YELLOW)
    if report.documents and all(document.error for document in report.documents):
        for document in report.documents:
            say(document.error or "", typer.colors.RED)
        say("no document could be read", typer.colors.RED)
        return 2
    threshold = Status(fail_on.value).severity

    def counts(result: Result) -> bool:
        if result.waiver is not None or result.status.severity < threshold:
            return False
        return not require or result.item in require or f"{result.standard}:{result.item}" in require

    return 1 if any(counts(result) for document in report.documents for result in document.results) else 0


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        say("interrupted", typer.colors.RED)
        sys.exit(130)
    except Exception as error:  # a bug of ours: one line, never a traceback, unless asked for
        if os.environ.get("POLICY_AUDIT_DEBUG"):
            raise
        say(
            f"internal error ({type(error).__name__}: {error}) — please report it; "
            "rerun with POLICY_AUDIT_DEBUG=1 to see the traceback",
            typer.colors.RED,
        )
        sys.exit(2)
