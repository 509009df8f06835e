"""Helpers the file formats share (markdown, SARIF, JUnit, CSV, HTML): no rich, no I/O, nothing that varies by run."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

from policy_audit.models import DocumentReport, Evidence, Report, Result, Status, Waiver

QUOTE_LIMIT = 140

MEANINGS = {
    Status.MET: "a binding provision fully provides the safeguard",
    Status.PARTIAL: "addressed, but weaker: advisory wording, an exception, or a required element absent",
    Status.CONTRADICTED: "the policy expressly authorizes what the safeguard bans, or refuses what it requires",
    Status.MISSING: "nothing in the document addresses it",
    Status.UNREADABLE: "the file could not be read (never reported as missing)",
}

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """Drop characters XML 1.0 cannot hold (form feeds and other controls a PDF may leave)."""
    return _NOT_XML.sub("", text)


_ESCAPE_SEQUENCES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, erase
    r"|\x1b[\]PX^_].*?(?:\x07|\x1b\\|$)"  # OSC (titles, OSC-8 links), DCS, SOS, PM, APC: up to their terminator
    r"|\x1b[ -/]*[0-~]?"  # any other escape
    r"|\x9b[0-?]*[ -/]*[@-~]",  # the 8-bit CSI
    re.DOTALL,
)
_TERMINAL_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Control characters (line feed and tab kept), DEL, C1 controls, and the bidi controls that reorder what is shown."""


def terminal(text: str) -> str:
    """Text that cannot drive a terminal: escape sequences (ANSI colours, OSC-8 links, window titles) and control
    characters removed, so a policy's text or a file's name cannot rewrite what the user sees."""
    if "\x1b" in text or "\x9b" in text:
        text = _ESCAPE_SEQUENCES.sub("", text)
    return _TERMINAL_CONTROLS.sub("", text)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(text: str) -> str:
    """A CSV cell a spreadsheet will not run: one that opens like a formula gets a leading apostrophe (OWASP's
    CSV-injection advice; the csv module quotes what needs quoting)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def markdown_text(text: str) -> str:
    """Text on one line for Markdown meant for pull-request comments: it cannot open an HTML tag or comment, and
    with its brackets escaped it cannot form a link or an image (`[x](javascript:…)`, `![](http://…)`)."""
    text = one_line(text).replace("\\", "\\\\")
    return text.replace("[", "\\[").replace("]", "\\]").replace("<", "&lt;")


def one_line(text: str) -> str:
    return " ".join(clean(text).split())


def trim(text: str, limit: int = QUOTE_LIMIT) -> str:
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def deciding(result: Result) -> Evidence | None:
    """The evidence that decided the status (the first), or None."""
    return result.evidence[0] if result.evidence else None


def quote(evidence: Evidence, limit: int | None = QUOTE_LIMIT) -> str:
    """The deciding quote on one line, after its list lead-in when the rule sits there; trimmed unless limit is None."""
    text = one_line(evidence.quote) if limit is None else trim(evidence.quote, limit)
    if evidence.lead and evidence.lead not in evidence.quote:
        lead = one_line(evidence.lead) if limit is None else trim(evidence.lead, 70)
        text = f"{lead} … {text}"
    return text


def place(evidence: Evidence) -> str:
    return f"p{evidence.page}:{evidence.line}"


def waiver_text(waiver: Waiver, root: Path | None = None) -> str:
    """'waived: reason (expires 2027-06-30) [policy-audit.toml:12]': where it was declared, relative to `root`
    (default: the repository root), so a reader can find it."""
    expiry = f" (expires {waiver.expires.isoformat()})" if waiver.expires else ""
    origin = f" [{waiver_origin(waiver, root or repository_root())}]" if waiver.origin else ""
    return f"waived: {one_line(waiver.reason)}{expiry}{origin}"


def repository_root(start: Path | None = None) -> Path:
    """The folder report paths are relative to: the git top level above `start` (the working folder), else it.

    Found by looking for `.git` (a folder, or a worktree's file) upwards, as git does, without running git."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return here


def relative_path(path: str, root: Path) -> str:
    """A document path relative to `root` with forward slashes ('./' dropped); unchanged when outside it."""
    text = path.replace("\\", "/")
    candidate = Path(path)
    with contextlib.suppress(ValueError, OSError):
        text = candidate.resolve().relative_to(root.resolve()).as_posix()
    while text.startswith("./"):
        text = text[2:]
    return text


def waiver_origin(waiver: Waiver, root: Path) -> str:
    """Where the waiver was declared, 'policy-audit.toml:12', relative to `root` (never an absolute path when the
    config sits inside the repository)."""
    path, separator, line = waiver.origin.rpartition(":")
    if not separator or not line.isdigit():
        return relative_path(waiver.origin, root) if waiver.origin else ""
    return f"{relative_path(path, root)}:{line}"


def waived(report: Report) -> int:
    return sum(1 for document in report.documents for result in document.results if result.waiver is not None)


def is_gap(result: Result) -> bool:
    return result.status is not Status.MET


def item_label(result: Result) -> str:
    return f"{result.standard}:{result.item}" if result.standard != "core" else result.item


def columns(report: Report) -> list[tuple[str, str, str]]:
    """(standard, item, title) for every item: standards then items in file order, then any result not in them."""
    seen: dict[tuple[str, str], str] = {}
    for standard in report.standards:
        for item in standard.items:
            seen.setdefault((standard.id, item.id), item.title)
    for document in report.documents:
        for result in document.results:
            seen.setdefault((result.standard, result.item), result.title)
    return [(standard, item, title) for (standard, item), title in seen.items()]


def model_language(report: Report) -> dict[tuple[str, str], str]:
    """The model language of every item, from the standards and, failing that, from the results."""
    found: dict[tuple[str, str], str] = {}
    for standard in report.standards:
        for item in standard.items:
            if item.model_language:
                found[(standard.id, item.id)] = one_line(item.model_language)
    for document in report.documents:
        for result in document.results:
            if result.model_language:
                found.setdefault((result.standard, result.item), one_line(result.model_language))
    return found


def errors(report: Report) -> list[DocumentReport]:
    return [document for document in report.documents if document.error]


def summary_line(report: Report) -> str:
    """'Summary: 3 documents (1 unreadable); 4 met, 2 partial …; 1 waived' (as the table's, plus waivers)."""
    counts = report.counts()
    unread = len(errors(report))
    parts = [f"{counts[status.value]} {status.value}" for status in Status if counts[status.value]]
    documents = len(report.documents)
    text = f"{documents} document{'s' if documents != 1 else ''}"
    if unread:
        text += f" ({unread} unreadable)"
    text = f"Summary: {text}; " + (", ".join(parts) if parts else "no results")
    count = waived(report)
    if count:
        text += f"; {count} waived"
    return text
