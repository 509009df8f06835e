"""Plain text and Markdown: decode any bytes without crashing, keep file line numbers."""

from __future__ import annotations

from policy_audit.errors import InputError
from policy_audit.ingest.clean import normalise
from policy_audit.models import Line

_BINARY_CONTROL = bytes([*range(0, 9), 11, *range(14, 32)])
"""Control bytes that plain text does not hold (tab, line feed, form feed and carriage return it does)."""


def decode(data: bytes, where: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252, else latin-1: never fails on bytes."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    sample = data[:65536]
    if sample and (len(sample) - len(sample.translate(None, _BINARY_CONTROL))) / len(sample) > 0.05:
        raise InputError(where, "binary data, not text", "convert the file to plain text or PDF first")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def read_lines(data: bytes, where: str) -> tuple[tuple[Line, ...], ...]:
    """Pages (split at form feeds) of numbered lines; line numbers count from the top of the file."""
    return split_lines(normalise(newlines(decode(data, where))))


def newlines(text: str) -> str:
    """CRLF and a lone CR (old Mac files) as LF: a CR-only file is many lines, not one."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def split_lines(text: str) -> tuple[tuple[Line, ...], ...]:
    """Pages (split at form feeds) of numbered lines of normalised text."""
    pages: list[tuple[Line, ...]] = []
    number = 0
    new = tuple.__new__  # Line() runs a Python frame per line; a text has hundreds of thousands
    for page_number, page_text in enumerate(text.split("\f"), start=1):
        page: list[Line] = []
        for raw in page_text.split("\n"):
            number += 1
            page.append(new(Line, (raw.rstrip(), page_number, number, False)))
        number -= 1  # a form feed sits on the line it ends, so the next page continues that line
        pages.append(tuple(page))
    return tuple(pages)
