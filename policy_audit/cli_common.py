"""What the command line's modules share: option types, and the one way to say something on stderr or stop.

Everything written to the terminal or stderr from a document, a checklist or a config goes through `terminal()`
first: no escape sequence from a policy reaches the terminal."""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

import typer

if TYPE_CHECKING:
    from policy_audit.models import Standard


class PdfEngine(str, Enum):
    """How PDFs are turned into text."""

    PDFIUM = "pdfium"
    PDFMINER = "pdfminer"


class FailOn(str, Enum):
    """The weakest status that fails a run (partial < missing < contradicted)."""

    PARTIAL = "partial"
    MISSING = "missing"
    CONTRADICTED = "contradicted"


def wants_color(stream: TextIO) -> bool:
    """Colour for a stream: NO_COLOR (set and not empty) turns it off, FORCE_COLOR turns it on when piped."""
    if os.environ.get("NO_COLOR"):
        return False
    return bool(os.environ.get("FORCE_COLOR")) or stream.isatty()


def say(message: str, fg: str | None = None) -> None:
    """One line on stderr, stripped of anything that could drive the terminal."""
    from policy_audit.formats.common import terminal

    typer.secho(f"policy-audit: {terminal(message)}", fg=fg, err=True, color=wants_color(sys.stderr))


def fatal(message: str, code: int = 2) -> NoReturn:
    say(message, typer.colors.RED)
    raise typer.Exit(code)


def load_standards(references: list[str]) -> list[Standard]:
    from policy_audit.api import load_standards

    return load_standards(references)


def emit(text: str, destination: Path | None) -> None:
    """Write a rendered report to stdout, or to a file (creating its folder)."""
    if destination is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(text, encoding="utf-8")
    except OSError as error:
        fatal(f"{destination}: cannot write ({error.strerror or error}) — check the folder exists and is writable")


def terminal_width() -> int:
    try:
        return max(80, min(os.get_terminal_size().columns, 200))
    except OSError:
        return 120
