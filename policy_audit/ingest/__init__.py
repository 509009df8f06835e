"""Ingest: any supported file → a Document of cleaned, numbered lines (or a PolicyAuditError that says why not)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from policy_audit.errors import InputError, UnreadableError
from policy_audit.ingest.clean import (
    aligned_tables,
    apply_redline,
    mark_furniture,
    mark_repeated_lines,
    open_grids,
    rejoin_hyphenated,
    settle_page_breaks,
    split_columns,
    strip_line_numbers,
    table_rows,
    unbox,
    without_web_marks,
)
from policy_audit.ingest.files import read_regular
from policy_audit.ingest.markdown import read_markdown_lines
from policy_audit.ingest.pdf import OCR_REMEDY, PdfText, checked
from policy_audit.ingest.text import read_lines
from policy_audit.models import Document, Line

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
TEXT_SUFFIXES = frozenset({".txt", ".text"}) | MARKDOWN_SUFFIXES
PDF_SUFFIXES = frozenset({".pdf"})
DOCX_SUFFIXES = frozenset({".docx"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | PDF_SUFFIXES | DOCX_SUFFIXES | HTML_SUFFIXES

_CID = re.compile(r"\(cid:\d+\)")
_WORDLIKE = re.compile(r"[A-Za-z]{2,}")


PDF_ENGINES = ("pdfium", "pdfminer")
DEFAULT_ENGINE = "pdfium"
"""pdfium (fast, PDFium's text with layout cues) by default; pdfminer for full layout analysis (slower)."""


def load(path: Path, password: str = "", engine: str = DEFAULT_ENGINE) -> Document:
    """Read a policy file into lines with page/line provenance (PDFs with pdfium, or pdfminer.six if asked).

    The file is read once, as bytes, and every engine works on those bytes: the document judged is the one
    hashed, even if the file changes meanwhile."""
    data = read_file(path)
    where = str(path)
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES:
        return pdf_document(where, data, read_pdf_pages(data, where, password, engine), engine)
    if suffix in DOCX_SUFFIXES | HTML_SUFFIXES:  # one page of numbered blocks (paragraph / line)
        if suffix in DOCX_SUFFIXES:
            from policy_audit.ingest.docx import read_docx as read_blocks
        else:
            from policy_audit.ingest.html import read_html as read_blocks
        return _document(where, data, 1, mark_repeated_lines(read_blocks(data, where)), is_pdf=False)
    pages = read_markdown_lines(data, where) if suffix in MARKDOWN_SUFFIXES else read_lines(data, where)
    flat = tuple(line for page in pages for line in page)
    lines = mark_repeated_lines(flat) if len(pages) == 1 else mark_furniture(pages)
    return _document(where, data, len(pages), lines, is_pdf=False)


def read_pdf_pages(data: bytes, where: str, password: str, engine: str) -> PdfText:
    """Every page of a PDF with the chosen engine."""
    if engine == "pdfminer":
        from policy_audit.ingest.pdf import read_pages
    else:
        from policy_audit.ingest.pdfium import read_pages
    return read_pages(data, where, password)


def pdf_document(where: str, data: bytes, text: PdfText, engine: str = DEFAULT_ENGINE) -> Document:
    """A Document from a PDF's pages (refused as unreadable when its text layer is glyph junk)."""
    extracted = checked(text, where)
    notes: tuple[str, ...] = ()
    if extracted.image_only_pages:
        listed = ", ".join(str(page) for page in extracted.image_only_pages)
        notes = (f"page(s) {listed} have no text layer (scanned images) and were not read — {OCR_REMEDY}",)
    lines = mark_furniture(extracted.pages)
    if engine != "pdfminer":  # pdfium marks paragraphs within a page only; pdfminer's boxes are kept as they are
        lines = settle_page_breaks(lines)
    return _document(where, data, len(extracted.pages), lines, is_pdf=True, notes=notes)


def read_file(path: Path) -> bytes:
    """The file's bytes, or an InputError naming the file and what to do (wrong type, not a regular file,
    unreadable, empty). Only regular files are read, and opening one never blocks (see ingest.files)."""
    where = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise InputError(
            where, f"unsupported file type '{suffix or '(none)'}'", "give a .pdf, .docx, .html, .txt or .md file"
        )
    data = read_regular(path)
    if not data.strip():
        raise InputError(where, "empty file", "re-export the policy; the file has no content")
    return data


def _document(
    where: str, data: bytes, pages: int, lines: tuple[Line, ...], is_pdf: bool, notes: tuple[str, ...] = ()
) -> Document:
    # Tables aligned with spaces are piped first, so that split_columns never takes their columns for prose.
    tabled = aligned_tables(without_web_marks(apply_redline(lines)))
    columned = tabled if is_pdf else split_columns(tabled)
    lines = rejoin_hyphenated(strip_line_numbers(table_rows(open_grids(unbox(columned)))))
    _refuse_garbage(lines, where, is_pdf)
    return Document(path=where, sha256=hashlib.sha256(data).hexdigest(), pages=pages, lines=lines, notes=notes)


def _refuse_garbage(lines: tuple[Line, ...], where: str, is_pdf: bool) -> None:
    """Text that is mostly `(cid:NN)` or replacement characters is a failed extraction, not a policy."""
    text = "\n".join(line.text for line in lines)
    cids = len(_CID.findall(text)) if "(cid:" in text else 0
    replacement = text.count("\ufffd")
    # Words are counted only against junk; in the usual case only "is there any word at all" matters.
    words = len(_WORDLIKE.findall(_CID.sub(" ", text))) if cids or replacement else int(bool(_WORDLIKE.search(text)))
    if cids and cids >= words:
        raise UnreadableError(
            where,
            f"text is mostly '(cid:NN)' glyph codes ({cids} of them): the font encoding could not be read",
            OCR_REMEDY if is_pdf else "re-extract the text from the original PDF with OCR (e.g. ocrmypdf)",
        )
    if replacement and replacement >= words:
        raise UnreadableError(where, "text is mostly replacement characters (wrong encoding)", "re-save it as UTF-8")
    if words == 0:
        raise UnreadableError(where, "no readable words in the text", OCR_REMEDY if is_pdf else "check the file")
