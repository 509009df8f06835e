"""Rendering of `policy-audit diff`: per item, the status before and after with the deciding quotes."""

from __future__ import annotations

import io
import json
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from policy_audit.diff import Diff, ItemChange
from policy_audit.formats.common import markdown_text, terminal
from policy_audit.formats.table import STYLES, trim
from policy_audit.models import Result


def render_table(result: Diff, color: bool = False, width: int = 120, everything: bool = False) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=color,
        color_system="standard" if color else None,
        no_color=not color,
        highlight=False,
        markup=False,
        emoji=False,
    )
    for document in result.documents:
        title = terminal(f"{document.old or '(none)'} → {document.new or '(none)'}")
        if document.new is None:
            console.print(Text(f"✘ {title}: the document was removed; every safeguard it held is gone", style="red"))
            continue
        table = Table(title=title, title_justify="left")
        for column in ("item", "before", "after", "change", "deciding quote (after / before)"):
            table.add_column(column, overflow="fold")
        rows = [change for change in document.changes if everything or change.changed]
        for change in rows:
            row = (
                terminal(change.item),
                _status(change.before),
                _status(change.after),
                _verdict(change),
                _quotes(change),
            )
            table.add_row(*row)
        if rows:
            console.print(table)
        else:
            console.print(Text(f"{title}: no item changed", style="green"))
        for error in document.errors:
            console.print(Text(f"✘ {terminal(error)}", style="red"))
    worse = [change for document in result.documents for change in document.changes if change.worse]
    summary = f"{len(worse)} item(s) got worse" if worse else "no item got worse"
    console.print(Text(f"Summary: {summary}", style="bold red" if result.worse else "bold green"))
    return buffer.getvalue()


def render_markdown(result: Diff) -> str:
    """Each changed item with the new version's deciding quote and the old one's, each in its own column (a
    removed safeguard has no 'after' quote: its column is empty, never filled with the old one)."""
    lines = ["## policy-audit diff", ""]
    for document in result.documents:
        lines.append(f"### {markdown_text(document.old or '(none)')} → {markdown_text(document.new or '(none)')}")
        lines.append("")
        if document.new is None:
            lines += ["**Removed**: every safeguard this document held is gone.", ""]
            continue
        changed = [change for change in document.changes if change.changed]
        if not changed:
            lines += ["No item changed.", ""]
            continue
        lines += [
            "| item | before | after | change | deciding quote (after) | deciding quote (before) |",
            "|---|---|---|---|---|---|",
        ]
        for change in changed:
            after, before = _first_quote(change.after), _first_quote(change.before)
            lines.append(
                f"| {_cell(change.item)} | {_word(change.before)} | {_word(change.after)} | {_verdict(change)} | "
                f"{_cell(trim(after, 160)) if after else ''} | {_cell(trim(before, 160)) if before else ''} |"
            )
        lines.append("")
    lines.append("**Worse:** yes — a safeguard was lost or weakened." if result.worse else "**Worse:** no.")
    return "\n".join(lines) + "\n"


def render_json(result: Diff) -> str:
    data: dict[str, Any] = {
        "schema_version": 1,
        "worse": result.worse,
        "documents": [
            {
                "old": document.old,
                "new": document.new,
                "worse": document.worse,
                "errors": list(document.errors),
                "items": [_change(change) for change in document.changes],
            }
            for document in result.documents
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _change(change: ItemChange) -> dict[str, Any]:
    return {
        "standard": change.standard,
        "item": change.item,
        "before": change.before.status.value if change.before else None,
        "after": change.after.status.value if change.after else None,
        "worse": change.worse,
        "better": change.better,
        "before_quote": _first_quote(change.before),
        "after_quote": _first_quote(change.after),
    }


def _status(result: Result | None) -> Text:
    if result is None:
        return Text("—")
    return Text(f"{result.status.symbol} {result.status.value}", style=STYLES[result.status])


def _word(result: Result | None) -> str:
    return f"{result.status.symbol} {result.status.value}" if result else "—"


def _verdict(change: ItemChange) -> str:
    if change.worse:
        return "▼ worse"
    if change.better:
        return "▲ better"
    return "="


def _quotes(change: ItemChange) -> str:
    after, before = _first_quote(change.after), _first_quote(change.before)
    parts = []
    if after:
        parts.append(f"after: “{trim(after, 120)}”")
    if before and before != after:
        parts.append(f"before: “{trim(before, 120)}”")
    return terminal("\n".join(parts))


def _first_quote(result: Result | None) -> str:
    return result.evidence[0].quote if result and result.evidence else ""


def _cell(text: str) -> str:
    """One line of Markdown that cannot form a link, an image or HTML, with `|` escaped for the table."""
    return markdown_text(text).replace("|", "\\|")
