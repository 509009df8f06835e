"""Ingest: any supported file → a Document of cleaned, numbered lines (or a PolicyAuditError that says why not)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from policy_audit.errors import InputError, UnreadableError
from policy_audit.ingest.clean import mark_furniture, mark_repeated_lines, rejoin_hyphenated
from policy_audit.ingest.pdf import OCR_REMEDY, read_pdf
from policy_audit.ingest.text import read_lines
from policy_audit.models import Document, Line

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})
PDF_SUFFIXES = frozenset({".pdf"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | PDF_SUFFIXES

_CID = re.compile(r"\(cid:\d+\)")
_WORDLIKE = re.compile(r"[A-Za-z]{2,}")


PDF_ENGINES = ("pdfminer", "pdfium")


def load(path: Path, password: str = "", engine: str = "pdfminer") -> Document:
    """Read a policy file into lines with page/line provenance (PDFs with pdfminer.six, or pdfium if asked)."""
    where = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise InputError(where, f"unsupported file type '{suffix or '(none)'}'", "give a .pdf, .txt or .md file")
    try:
        data = path.read_bytes()
    except IsADirectoryError as error:
        raise InputError(where, "is a directory", "pass the folder itself to scan it recursively") from error
    except PermissionError as error:
        raise InputError(where, "permission denied", "make the file readable (chmod +r) or run as its owner") from error
    except OSError as error:
        raise InputError(where, f"cannot read file ({error.strerror or error})", "check the path") from error
    if not data.strip():
        raise InputError(where, "empty file", "re-export the policy; the file has no content")
    digest = hashlib.sha256(data).hexdigest()
    notes: tuple[str, ...] = ()
    if suffix in PDF_SUFFIXES:
        if engine == "pdfium":
            from policy_audit.ingest.pdfium import read_pdf_pdfium

            extracted = read_pdf_pdfium(path, password)
        else:
            extracted = read_pdf(path, password)
        page_count = len(extracted.pages)
        lines = mark_furniture(extracted.pages)
        if extracted.image_only_pages:
            listed = ", ".join(str(page) for page in extracted.image_only_pages)
            notes = (f"page(s) {listed} have no text layer (scanned images) and were not read — {OCR_REMEDY}",)
    else:
        pages = read_lines(data, where)
        page_count = len(pages)
        flat = tuple(line for page in pages for line in page)
        lines = mark_repeated_lines(flat) if page_count == 1 else mark_furniture(pages)
    lines = rejoin_hyphenated(lines)
    _refuse_garbage(lines, where, suffix in PDF_SUFFIXES)
    return Document(path=where, sha256=digest, pages=page_count, lines=lines, notes=notes)


def _refuse_garbage(lines: tuple[Line, ...], where: str, is_pdf: bool) -> None:
    """Text that is mostly `(cid:NN)` or replacement characters is a failed extraction, not a policy."""
    text = "\n".join(line.text for line in lines)
    cids = len(_CID.findall(text))
    words = len(_WORDLIKE.findall(_CID.sub(" ", text)))
    replacement = text.count("\ufffd")
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
