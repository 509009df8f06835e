"""The terminal report: one rich table per document; status in colour *and* symbol, so it reads without colour."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from policy_audit.formats import RenderOptions
from policy_audit.models import DocumentReport, Report, Result, Status

STYLES = {
    Status.MET: "green",
    Status.PARTIAL: "yellow",
    Status.CONTRADICTED: "bold red",
    Status.MISSING: "magenta",
    Status.UNREADABLE: "red",
}
QUOTE_LIMIT = 140


def render(report: Report, options: RenderOptions) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=options.width,
        force_terminal=options.color,
        color_system="standard" if options.color else None,
        no_color=not options.color,
        highlight=False,
        markup=False,
        emoji=False,
        legacy_windows=False,
    )
    for document in report.documents:
        _document(console, document, options)
    for note in report.notes:
        console.print(Text(f"Note: {note}", style="yellow"))
    console.print(summary_line(report))
    return buffer.getvalue()


def _document(console: Console, document: DocumentReport, options: RenderOptions) -> None:
    if document.error:
        console.print(Text(f"✘ {document.error}", style="red"))
        console.print()
        return
    pages = f"{document.pages} page{'s' if document.pages != 1 else ''}"
    table = Table(title=f"{document.path} ({pages})", title_justify="left", show_lines=False, expand=False)
    table.add_column("item", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("deciding quote", ratio=1)
    table.add_column("page:line", no_wrap=True, justify="right")
    table.add_column("section", max_width=28)
    for result in document.results:
        table.add_row(*_row(result))
    console.print(table)
    for note in document.notes:
        console.print(Text(f"Note: {note}", style="yellow"))
    gaps = [result for result in document.results if result.status is not Status.MET]
    if gaps and not options.quiet:
        console.print(Text("Suggested wording for the gaps:", style="bold"))
        for result in gaps:
            if result.model_language:
                console.print(
                    Text.assemble(("  • ", ""), (f"{result.item}: ", "bold"), " ".join(result.model_language.split()))
                )
    waived = [result for result in document.results if result.waiver is not None]
    if waived:
        console.print(Text("Waivers used:", style="bold"))
        for result in waived:
            waiver = result.waiver
            assert waiver is not None
            expiry = f", expires {waiver.expires.isoformat()}" if waiver.expires else ""
            origin = f" [{waiver.origin}]" if waiver.origin else ""
            console.print(f"  • {result.item} ({result.status.value}): {waiver.reason}{expiry}{origin}")
    if options.explain:
        _explain(console, document)
    console.print()


def _row(result: Result) -> tuple[str | Text, ...]:
    status = Text(f"{result.status.symbol} {result.status.value}", style=STYLES[result.status])
    if result.waiver is not None:
        status.append("\n(waived)", style="dim")
    item = f"{result.standard}:{result.item}" if result.standard != "core" else result.item
    if not result.evidence:
        return item, status, Text(result.reason, style="dim"), "", ""
    first = result.evidence[0]
    quote = trim(first.quote)
    if first.lead and first.lead not in first.quote:
        quote = f"{trim(first.lead, 70)} … {quote}"
    more = f" (+{len(result.evidence) - 1} more)" if len(result.evidence) > 1 else ""
    cell = Text.assemble(f"“{quote}”", (more, "dim"), ("\n" + result.reason, "dim"))
    return item, status, cell, f"p{first.page}:{first.line}", first.section


def _explain(console: Console, document: DocumentReport) -> None:
    console.print(Text("Every clause that touched an item (--explain):", style="bold"))
    for result in document.results:
        if not result.hits:
            continue
        console.print(Text.assemble(("  " + result.item, "bold"), f" → {result.status.value}: {result.reason}"))
        for hit in result.hits:
            clause = hit.clause
            verdict = hit.verdict.value if hit.verdict else "no verdict"
            flags = "" if clause.normative else " [non-normative: contents/definitions/index]"
            cues = ", ".join(f"'{cue}'" for cue in hit.cues) or "no cue"
            console.print(
                f"    p{clause.page}:{clause.line} {hit.reading.value} ({cues}) → {verdict}{flags}: {hit.why}",
                highlight=False,
            )
            console.print(Text(f"      “{trim(clause.text, 200)}”", style="dim"))


def trim(text: str, limit: int = QUOTE_LIMIT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def summary_line(report: Report) -> str:
    counts = report.counts()
    errors = sum(1 for document in report.documents if document.error)
    parts = [f"{counts[status.value]} {status.value}" for status in Status if counts[status.value]]
    documents = len(report.documents)
    text = f"{documents} document{'s' if documents != 1 else ''}"
    if errors:
        text += f" ({errors} unreadable)"
    return f"Summary: {text}; " + (", ".join(parts) if parts else "no results")
