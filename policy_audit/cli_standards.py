"""`policy-audit standards list | show | schema | validate`: the checklists, and a checklist's own check."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from policy_audit.cli_common import fatal, load_standards, terminal_width
from policy_audit.errors import PolicyAuditError

standards_app = typer.Typer(help="List, show and validate the checklists (standards).", no_args_is_help=True)


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
    Console(width=terminal_width() if sys.stdout.isatty() else 160, markup=False).print(table)


@standards_app.command("show")
def standards_show(reference: Annotated[str, typer.Argument(help="Standard id or YAML path.")]) -> None:
    """Show a standard's items: id, title, kind, the source section each comes from, and model language."""
    from rich.console import Console
    from rich.table import Table

    try:
        (loaded,) = load_standards([reference])
    except PolicyAuditError as error:
        fatal(error.line())
    title = f"{loaded.id}: {loaded.title}" + (f" (a profile of {loaded.profile_of})" if loaded.profile_of else "")
    table = Table(title=title, title_justify="left", show_lines=True)
    for column in ("item", "kind", "source", "model language"):
        table.add_column(column, overflow="fold")
    for item in loaded.items:
        source = " — ".join(part for part in (item.source.document, item.source.section) if part)
        if item.source.addition:
            source += " (our addition: the source does not ask for this)"
        table.add_row(f"{item.id}\n{item.title}", item.kind.value, source, " ".join(item.model_language.split()))
    Console(width=terminal_width() if sys.stdout.isatty() else 160, markup=False).print(table)


@standards_app.command("schema")
def standards_schema() -> None:
    """Print the path of the checklist format's JSON Schema (for an editor's `# yaml-language-server: $schema=`)."""
    from policy_audit.datafile import schema_path

    typer.echo(str(schema_path("checklist")))


@standards_app.command("validate")
def standards_validate(files: Annotated[list[Path], typer.Argument(help="Standard YAML files to check.")]) -> None:
    """Check standard files: schema (file:line), phrases, duplicate ids, and every example sentence."""
    from policy_audit import cases, standards

    failed = False
    for path in files:
        try:
            loaded = standards.load(str(path))
            failures = list(cases.failing(loaded))
        except PolicyAuditError as error:
            typer.secho(f"✘ {error.line()}", fg=typer.colors.RED, err=True)
            failed = True
            continue
        for case, got in failures:
            typer.secho(f"✘ {path}: {case.id} reads {got}: {case.text!r}", fg=typer.colors.RED, err=True)
        examples = len(cases.checklist_cases(loaded))
        if failures:
            failed = True
            typer.echo(f"{path}: {len(failures)} of {examples} examples fail")
        else:
            typer.echo(f"✔ {path}: {loaded.id}, {len(loaded.items)} items, all {examples} examples reach their status")
    raise typer.Exit(2 if failed else 0)
