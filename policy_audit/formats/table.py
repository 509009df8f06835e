"""The terminal report: one rich table per document; status in colour *and* symbol, so it reads without colour.

Under 100 columns a table squeezes each quote into a few characters, so the layout is stacked instead: the item
and its status on one line, then the quote, the reason and page:line · section at full width. Every text that
comes from a document, a checklist or a config goes through `terminal()`: it cannot drive the terminal.
"""

from __future__ import annotations

import io

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from policy_audit.formats import RenderOptions
from policy_audit.formats.common import repository_root, summary_line, terminal, waiver_text
from policy_audit.models import DocumentReport, Report, Result, Status

STYLES = {
    Status.MET: "green",
    Status.PARTIAL: "yellow",
    Status.CONTRADICTED: "bold red",
    Status.MISSING: "magenta",
    Status.UNREADABLE: "red",
}
QUOTE_LIMIT = 140
STACKED_BELOW = 100
"""Terminal widths under this get the stacked layout."""


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
        console.print(Text(f"✘ {terminal(document.error)}", style="red"))
        console.print()
        return
    pages = f"{document.pages} page{'s' if document.pages != 1 else ''}"
    title = f"{terminal(document.path)} ({pages})"
    if options.width < STACKED_BELOW:
        console.print(Text(title, style="bold"))
        for result in document.results:
            _stacked(console, result)
    else:
        table = Table(title=title, title_justify="left", show_lines=False, expand=False)
        table.add_column("item", no_wrap=True)
        table.add_column("status", no_wrap=True)
        table.add_column("deciding quote", ratio=1)
        table.add_column("page:line", no_wrap=True, justify="right")
        table.add_column("section", max_width=28)
        for result in document.results:
            table.add_row(*_row(result))
        console.print(table)
    for note in document.notes:
        console.print(Text(f"Note: {terminal(note)}", style="yellow"))
    gaps = [result for result in document.results if result.status is not Status.MET]
    if gaps and not options.quiet:
        console.print(Text("Suggested wording for the gaps:", style="bold"))
        for result in gaps:
            if result.model_language:
                console.print(
                    Text.assemble(
                        ("  • ", ""),
                        (f"{terminal(result.item)}: ", "bold"),
                        terminal(" ".join(result.model_language.split())),
                    )
                )
    waived = [result for result in document.results if result.waiver is not None]
    if waived:
        root = options.root or repository_root()
        console.print(Text("Waivers used:", style="bold"))
        for result in waived:
            waiver = result.waiver
            assert waiver is not None
            text = waiver_text(waiver, root).removeprefix("waived: ")
            console.print(Text(terminal(f"  • {result.item} ({result.status.value}): {text}")))
    if options.explain:
        _explain(console, document)
    console.print()


def _status(result: Result) -> Text:
    status = Text(f"{result.status.symbol} {result.status.value}", style=STYLES[result.status])
    if result.waiver is not None:
        status.append("\n(waived)", style="dim")
    return status


def _stacked(console: Console, result: Result) -> None:
    """One result in the narrow layout: item and status, then quote, reason and place at full width."""
    status = _status(result)
    status.plain = status.plain.replace("\n", " ")
    console.print(Text.assemble((_item(result), "bold"), "  ", status))
    if result.evidence:
        first = result.evidence[0]
        more = f" (+{len(result.evidence) - 1} more)" if len(result.evidence) > 1 else ""
        console.print(Padding(Text.assemble(f"“{_quote(result)}”", (more, "dim")), (0, 0, 0, 2), expand=False))
        console.print(Padding(Text(terminal(result.reason), style="dim"), (0, 0, 0, 2), expand=False))
        place = " · ".join(part for part in (f"p{first.page}:{first.line}", terminal(first.section)) if part)
        console.print(Padding(Text(place, style="dim"), (0, 0, 0, 2), expand=False))
    else:
        console.print(Padding(Text(terminal(result.reason), style="dim"), (0, 0, 0, 2), expand=False))


def _item(result: Result) -> str:
    return terminal(f"{result.standard}:{result.item}" if result.standard != "core" else result.item)


def _quote(result: Result) -> str:
    first = result.evidence[0]
    quote = trim(terminal(first.quote))
    if first.lead and first.lead not in first.quote:
        quote = f"{trim(terminal(first.lead), 70)} … {quote}"
    return quote


def _row(result: Result) -> tuple[str | Text, ...]:
    status = _status(result)
    if not result.evidence:
        return _item(result), status, Text(terminal(result.reason), style="dim"), "", ""
    first = result.evidence[0]
    more = f" (+{len(result.evidence) - 1} more)" if len(result.evidence) > 1 else ""
    cell = Text.assemble(f"“{_quote(result)}”", (more, "dim"), ("\n" + terminal(result.reason), "dim"))
    return _item(result), status, cell, f"p{first.page}:{first.line}", terminal(first.section)


def _explain(console: Console, document: DocumentReport) -> None:
    console.print(Text("Every clause that touched an item (--explain):", style="bold"))
    for result in document.results:
        if not result.hits:
            continue
        console.print(
            Text.assemble(("  " + _item(result), "bold"), terminal(f" → {result.status.value}: {result.reason}"))
        )
        for hit in result.hits:
            clause = hit.clause
            verdict = hit.verdict.value if hit.verdict else "no verdict"
            flags = "" if clause.normative else " [non-normative: contents/definitions/index]"
            cues = ", ".join(f"'{cue}'" for cue in hit.cues) or "no cue"
            topic = " ".join(hit.topic.split())
            named = f"topic '{topic}', " if topic else ""
            line = f"    p{clause.page}:{clause.line} {named}{hit.reading.value} ({cues}) → {verdict}{flags}: {hit.why}"
            console.print(Text(terminal(line)))
            console.print(Text(f"      “{trim(terminal(clause.text), 200)}”", style="dim"))


def trim(text: str, limit: int = QUOTE_LIMIT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
