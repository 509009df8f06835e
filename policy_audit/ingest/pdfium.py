"""The optional fast PDF engine (pypdfium2, `pip install policy-audit[fast]`): same lines, no layout analysis.

PDFium returns each page's text in content order with line breaks, which is what the rest of the pipeline needs;
running headers and footers are found the same way (by repetition at the page edges).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from policy_audit.errors import InputError, UnreadableError
from policy_audit.ingest.clean import normalise
from policy_audit.ingest.pdf import OCR_REMEDY, PdfText
from policy_audit.models import Line

_SPACES = re.compile(r" {2,}")


def read_pdf_pdfium(path: Path, password: str = "") -> PdfText:
    where = str(path)
    try:
        import pypdfium2 as pdfium
    except ImportError as error:
        raise InputError(
            where,
            "the pdfium engine is not installed",
            "pip install 'policy-audit[fast]', or use --pdf-engine pdfminer",
        ) from error
    with path.open("rb") as handle:
        if b"%PDF-" not in handle.read(1024):
            raise InputError(
                where, "not a PDF (no %PDF header)", "check the file is the policy itself, not an error page"
            )
    try:
        document = pdfium.PdfDocument(str(path), password=password or None)
    except pdfium.PdfiumError as error:
        message = str(error)
        if "password" in message.lower():
            hint = "the password given is wrong" if password else "it is encrypted with a password"
            raise InputError(
                where, f"cannot open PDF: {hint}", "pass --password, or ask the force for an open copy"
            ) from error
        raise InputError(
            where,
            f"corrupt or truncated PDF ({message})",
            "re-download the file or repair it (e.g. `qpdf in.pdf out.pdf`)",
        ) from error
    pages: list[tuple[Line, ...]] = []
    image_only: list[int] = []
    try:
        for number in range(1, len(document) + 1):
            page = document[number - 1]
            text = _page_text(page)
            lines = tuple(
                Line(_SPACES.sub(" ", normalise(raw).rstrip()), number, index)
                for index, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1)
            )
            if not any(line.text.strip() for line in lines) and _has_images(page):
                image_only.append(number)
            pages.append(lines)
    except pdfium.PdfiumError as error:
        raise InputError(where, f"corrupt or truncated PDF ({error})", "re-download the file or repair it") from error
    finally:
        document.close()
    if not pages:
        raise InputError(where, "PDF has no pages", "re-download the file")
    if not any(line.text.strip() for page in pages for line in page):
        raise UnreadableError(where, "no text layer (a scanned image PDF)", OCR_REMEDY)
    return PdfText(tuple(pages), tuple(image_only))


def _page_text(page: Any) -> str:
    textpage = page.get_textpage()
    try:
        return str(textpage.get_text_range())
    finally:
        textpage.close()


def _has_images(page: Any) -> bool:
    try:
        import pypdfium2.raw as raw

        return any(obj.type == raw.FPDF_PAGEOBJ_IMAGE for obj in page.get_objects())
    except Exception:  # object inspection is best effort: an unknown page just isn't flagged
        return False
