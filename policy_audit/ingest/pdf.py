"""PDF text with page and line provenance, via pdfminer.six `extract_pages` (layout analysis keeps columns apart)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from policy_audit.errors import InputError, UnreadableError
from policy_audit.ingest.clean import normalise
from policy_audit.models import Line

OCR_REMEDY = "run OCR first (e.g. `ocrmypdf in.pdf out.pdf`) and scan the OCR'd copy"


@dataclass(frozen=True)
class PdfText:
    """The lines of each page, in reading order, and what the text layer looked like."""

    pages: tuple[tuple[Line, ...], ...]
    image_only_pages: tuple[int, ...]


def checked(text: PdfText, where: str) -> PdfText:
    """The whole document's checks: pages, a text layer, and a text layer that is text (not glyph codes)."""
    if not text.pages:
        raise InputError(where, "PDF has no pages", "re-download the file")
    if not any(line.text.strip() for page in text.pages for line in page):
        raise UnreadableError(where, "no text layer (a scanned image PDF)", OCR_REMEDY)
    junk = glyph_junk("\n".join(line.text for page in text.pages for line in page))
    if junk:
        raise UnreadableError(where, f"the text layer is glyph codes, not text ({junk})", GLYPH_REMEDY)
    return text


GLYPH_REMEDY = (
    "its fonts carry no map to Unicode: run OCR over the rendered pages (e.g. `ocrmypdf --force-ocr in.pdf out.pdf`), "
    "or re-export the PDF from its source with fonts embedded as text, and scan that copy"
)
_WORDS = re.compile(r"[^\W\d_]{2,}")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ue000-\uf8ff\ufffd\ufffe\uffff]")


def glyph_junk(text: str) -> str:
    """Why a PDF's text is glyph codes rather than words ('' when it reads as text).

    A font without a ToUnicode map (a CID font subset, typically) makes PDFium return the glyph numbers as
    characters: control characters, punctuation and stray capitals with no spaces, which the reader would report
    as "missing" everything. Text is refused when control characters make up 2% of it, or when few of its
    characters are letters, or when its letter runs are not words (too few vowels, or no spaces between them).
    """
    visible = "".join(text.split())
    if len(visible) < 40:
        return ""
    controls = _CONTROL.subn("", visible)[1]
    if controls >= 0.02 * len(visible):
        return f"{controls} control characters in {len(visible)}"
    letters = sum(map(str.isalpha, visible))
    if letters < 0.5 * len(visible):
        return f"only {letters} of {len(visible)} characters are letters"
    latin = sum(map(str.isalpha, visible.encode("ascii", "ignore").decode()))
    if latin >= 0.5 * letters:
        vowels = sum(map(visible.count, "aeiouyAEIOUY"))
        if not 0.2 <= vowels / latin <= 0.65:
            return f"{vowels} vowels in {latin} letters"
    words = _WORDS.findall(text)
    average = sum(map(len, words)) / len(words) if words else 0.0
    if average > 15:
        return f"runs of letters {average:.0f} long on average, without spaces"
    return ""


def read_pages(data: bytes, where: str, password: str = "") -> PdfText:
    """Lines of every page with pdfminer's layout analysis; no whole-document checks."""
    import io

    if b"%PDF-" not in data[:1024]:
        raise InputError(where, "not a PDF (no %PDF header)", "check the file is the policy itself, not an error page")
    try:
        from pdfminer.high_level import extract_pages
        from pdfminer.layout import LAParams
        from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    except ImportError as error:  # pragma: no cover - a broken install
        raise InputError(where, f"pdfminer.six is not importable ({error})", "reinstall policy-audit") from error
    pages: list[tuple[Line, ...]] = []
    image_only: list[int] = []
    try:
        layouts = extract_pages(io.BytesIO(data), password=password, laparams=LAParams(all_texts=True))
        for number, layout in enumerate(layouts, start=1):
            lines, images = _page_lines(layout, number)
            if not any(line.text.strip() for line in lines) and images:
                image_only.append(number)
            pages.append(lines)
    except PDFPasswordIncorrect as error:
        hint = "the password given is wrong" if password else "it is encrypted with a password"
        raise InputError(
            where, f"cannot open PDF: {hint}", "pass --password, or ask the force for an open copy"
        ) from error
    except PDFEncryptionError as error:
        raise InputError(
            where, f"unsupported PDF encryption ({error})", "save an unencrypted copy and scan that"
        ) from error
    except (MemoryError, RecursionError):
        raise  # the worker names these with their own remedy
    except Exception as error:  # pdfminer raises many unrelated types on damaged files
        raise InputError(
            where,
            f"corrupt or truncated PDF ({type(error).__name__}: {error})"[:300],
            "re-download the file or repair it (e.g. `qpdf in.pdf out.pdf`)",
        ) from error
    return PdfText(tuple(pages), tuple(image_only))


def _page_lines(layout: Any, page_number: int) -> tuple[tuple[Line, ...], bool]:
    """Lines of one page in pdfminer's reading order, and whether the page holds images."""
    from pdfminer.layout import LTImage, LTTextLine

    placed: list[_Placed] = []
    has_images = False
    for element in _walk(layout):
        if isinstance(element, LTTextLine):
            text = normalise(element.get_text()).rstrip("\n")
            for part in text.split("\n"):
                placed.append(_Placed(part.rstrip(), element.x0, element.y0, element.x1))
        elif isinstance(element, LTImage):
            has_images = True
    texts = _attach_markers(placed)
    lines = tuple(Line(_squeeze(text), page_number, index) for index, text in enumerate(texts, start=1))
    return lines, has_images


@dataclass
class _Placed:
    text: str
    x0: float
    y0: float
    x1: float


_MARKER_ONLY = re.compile(r"^\s*(?:\(?[A-Za-z0-9]{1,4}[.)]|[IVXivx]{1,5}\.|[•●▪◦‣∙·*–-])\s*$")


def _attach_markers(placed: list[_Placed]) -> list[str]:
    """Put a list marker that layout analysis boxed on its own ("1.") back in front of its item's text.

    Only a bare marker is moved, and only onto the line that starts just to its right on the same baseline, so
    two columns of text are never merged.
    """
    consumed: set[int] = set()
    prefix: dict[int, str] = {}
    for index, marker in enumerate(placed):
        if not _MARKER_ONLY.match(marker.text):
            continue
        best = None
        for other_index, other in enumerate(placed):
            if (
                other_index == index
                or other_index in consumed
                or _MARKER_ONLY.match(other.text)
                or not other.text.strip()
            ):
                continue
            gap = other.x0 - marker.x1
            if abs(other.y0 - marker.y0) <= 3.0 and -1.0 <= gap <= 40.0 and (best is None or gap < best[0]):
                best = (gap, other_index)
        if best is not None:
            consumed.add(index)
            prefix[best[1]] = marker.text.strip()
    return [
        f"{prefix[index]} {item.text}" if index in prefix else item.text
        for index, item in enumerate(placed)
        if index not in consumed
    ]


def _walk(element: Any) -> Iterator[Any]:
    from pdfminer.layout import LTTextLine

    yield element
    if isinstance(element, LTTextLine):
        return
    if isinstance(element, Iterable):
        for child in element:
            yield from _walk(child)


_SPACES = re.compile(r" {2,}")


def _squeeze(text: str) -> str:
    return _SPACES.sub(" ", text)
