"""The default PDF engine (pypdfium2): PDFium's text in content order, with the layout cues plain text loses.

PDFium's page text is fast but flat. From the characters' boxes we restore what the segmenter relies on, the
way pdfminer's layout analysis would: a line-end hyphen that PDFium folded into U+FFFE (and the line break it
swallowed), rows PDFium broke apart on one baseline (glyphs placed one by one), columns on one baseline kept
apart (a definitions table's term and meaning, a contents entry and its page number), paragraph breaks
(a vertical gap, or a jump to another column) as blank lines, and the place of a title drawn last or a footer
drawn first. Running headers and footers are found later, by repetition, wherever PDFium puts them.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from policy_audit.errors import InputError
from policy_audit.ingest.clean import normalise
from policy_audit.ingest.pdf import PdfText
from policy_audit.models import Line

_SPACES = re.compile(r" {2,}")
_ROW_BREAK = re.compile(r"\r\n|\r|\n|\ufffe")
_MARKER_ONLY = re.compile(r"^\s*(?:\(?[A-Za-z0-9]{1,4}[.)]|\d+(?:\.\d+)+\.?|[IVXivx]{1,5}\.|[•●▪◦‣∙·*–-])\s*$")
_PAGE_NUMBER = re.compile(r"^\s*\d{1,4}\s*$")

COLUMN_GAP = 3.0
"""A horizontal gap wider than this many line heights separates two columns on one baseline."""
WORD_GAP = 0.1
"""Rows re-joined on one baseline get a space between them when their gap is wider than this (line heights)."""
PARAGRAPH_PITCH = 1.4
"""A baseline step this many times the page's usual step is a paragraph break."""
OUT_OF_PLACE = 3
"""At most this many pieces at either end of a page's content are moved to where they stand."""
SAME_BASELINE = 0.25
"""Two rows whose baselines differ by less than this (line heights) sit on one line."""


def read_pages(data: bytes, where: str, password: str = "") -> PdfText:
    """Lines of every page, from the PDF's bytes; whole-document checks are left to the caller."""
    import pypdfium2 as pdfium

    document = _open(data, where, password)
    pages: list[tuple[Line, ...]] = []
    image_only: list[int] = []
    try:
        for number in range(1, len(document) + 1):
            page = document[number - 1]
            try:
                textpage = page.get_textpage()
                try:
                    lines = page_lines(textpage, number)
                finally:
                    textpage.close()
                if not any(line.text.strip() for line in lines) and _has_images(page):
                    image_only.append(number)
            finally:
                page.close()
            pages.append(lines)
    except pdfium.PdfiumError as error:
        raise InputError(where, f"corrupt or truncated PDF ({error})", "re-download the file or repair it") from error
    except (MemoryError, RecursionError):
        raise  # the worker names these with their own remedy
    except Exception as error:  # a page this reader cannot take apart: the file is named, the batch goes on
        raise InputError(
            where,
            f"page {len(pages) + 1} could not be read ({type(error).__name__}: {error})"[:300],
            "try --pdf-engine pdfminer, or re-save the PDF (e.g. `qpdf in.pdf out.pdf`)",
        ) from error
    finally:
        document.close()
    return PdfText(tuple(pages), tuple(image_only))


def _open(data: bytes, where: str, password: str) -> Any:
    try:
        import pypdfium2 as pdfium
    except ImportError as error:  # pragma: no cover - a broken install: pypdfium2 is a core dependency
        raise InputError(
            where, f"pypdfium2 is not importable ({error})", "reinstall policy-audit, or use --pdf-engine pdfminer"
        ) from error
    if b"%PDF-" not in data[:1024]:
        raise InputError(where, "not a PDF (no %PDF header)", "check the file is the policy itself, not an error page")
    try:
        return pdfium.PdfDocument(data, password=password or None)
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


@dataclass
class _Piece:
    """A run of text on one line of the page, with its loose box (font ascent to descent)."""

    text: str
    left: float
    right: float
    bottom: float
    top: float

    @property
    def height(self) -> float:
        return self.top - self.bottom


class _Boxes:
    """Character and text-run boxes of one text page, through PDFium's C calls with reused buffers (a page
    has hundreds of rows, and the wrappers' per-call allocations would cost more than the engine's own work)."""

    def __init__(self, textpage: Any) -> None:
        import ctypes

        import pypdfium2.raw as raw

        self._raw = raw
        self._page = textpage.raw
        self._rect = raw.FS_RECTF()
        self._rect_ref = ctypes.byref(self._rect)
        self._edges = [ctypes.c_double() for _ in range(4)]
        self._edge_refs = [ctypes.byref(edge) for edge in self._edges]

    def loose(self, index: int) -> tuple[float, float, float, float]:
        """(left, bottom, right, top) of the character's font box (ascent to descent: the same for a whole line)."""
        rect = self._rect
        if not self._raw.FPDFText_GetLooseCharBox(self._page, index, self._rect_ref):
            return (0.0, 0.0, 0.0, 0.0)
        return (rect.left, rect.bottom, rect.right, rect.top)

    def left(self, index: int) -> float:
        """The left edge of the character's glyph."""
        left, right, bottom, top = self._edge_refs
        self._raw.FPDFText_GetCharBox(self._page, index, left, right, bottom, top)
        return float(self._edges[0].value)

    def runs(self, start: int, count: int) -> list[tuple[float, float, float, float]]:
        """(left, bottom, right, top) of each run of text PDFium sees in characters start..start+count."""
        left, top, right, bottom = self._edge_refs
        out = []
        for index in range(self._raw.FPDFText_CountRects(self._page, start, count)):
            if self._raw.FPDFText_GetRect(self._page, index, left, top, right, bottom):
                edge = self._edges
                out.append((edge[0].value, edge[3].value, edge[2].value, edge[1].value))
        return out


def page_lines(textpage: Any, number: int) -> tuple[Line, ...]:
    """One page's lines in PDFium's order, with blank lines at paragraph breaks."""
    text = str(textpage.get_text_range())
    if len(text) != textpage.count_chars():  # characters outside the BMP: no index ↔ box mapping, plain lines
        rows = _ROW_BREAK.sub("\n", text.replace("\ufffe", "-\ufffe")).split("\n")
        return tuple(Line(_clean(row), number, index) for index, row in enumerate(rows, start=1))
    boxes = _Boxes(textpage)
    pieces: list[_Piece | None] = []
    for start, end, hyphen in _rows(text):
        if text[start:end].strip():
            pieces.extend(_split_columns(boxes, text, start, end, hyphen))
        else:
            pieces.append(None)
    placed = _reading_order([piece for piece in _join_baselines(pieces) if piece is not None])
    return _numbered(_layout(placed), number)


def _numbered(texts: list[str], page: int) -> tuple[Line, ...]:
    """Lines numbered as a reader counts them on the page: the blank lines that mark paragraphs count for none."""
    lines = []
    count = 0
    for text in texts:
        count += bool(text)
        lines.append(Line(text, page, max(count, 1)))
    return tuple(lines)


def _rows(text: str) -> Iterator[tuple[int, int, bool]]:
    """(start, end, ends with a folded hyphen) of each row PDFium emitted."""
    start = 0
    for match in _ROW_BREAK.finditer(text):
        yield start, match.start(), match.group() == "\ufffe"
        start = match.end()
    yield start, len(text), False


def _split_columns(boxes: _Boxes, text: str, start: int, end: int, hyphen: bool) -> list[_Piece]:
    """The row as pieces, cut where a gap wider than COLUMN_GAP line heights separates two columns."""
    whole = _piece(boxes, text, start, end, hyphen)
    if whole.height <= 0:
        return [whole]
    rects = boxes.runs(start, end - start)
    cuts = [
        after[0]
        for before, after in pairwise(rects)
        if min(before[3], after[3]) > max(before[1], after[1]) and after[0] - before[2] > COLUMN_GAP * whole.height
    ]
    if not cuts:
        return [whole]
    pieces: list[_Piece] = []
    begin = start
    for cut in cuts:
        index = next(
            (i for i in range(begin + 1, end) if not text[i].isspace() and boxes.left(i) >= cut - 0.5),
            None,
        )
        if index is None or not text[begin:index].strip():
            continue
        pieces.append(_piece(boxes, text, begin, index, False))
        begin = index
    pieces.append(_piece(boxes, text, begin, end, hyphen))
    return _rejoin_markers(pieces)


def _piece(boxes: _Boxes, text: str, start: int, end: int, hyphen: bool) -> _Piece:
    """Text start..end (cleaned, '-' restored where PDFium folded a hyphen) with its loose box."""
    chunk = text[start:end]
    first = start + len(chunk) - len(chunk.lstrip())
    last = max(first, start + len(chunk.rstrip()) - 1)
    left, bottom, _, top = boxes.loose(first)
    right = boxes.loose(last)[2]
    return _Piece(_clean(chunk).strip() + ("-" if hyphen else ""), left, right, bottom, top)


def _rejoin_markers(pieces: list[_Piece]) -> list[_Piece]:
    """A list marker set apart by a tab ("(d)      The effects …") stays with its item, as in pdfminer's reader;
    a contents entry keeps its page number on its line, after a wide gap ("Title    12")."""
    out: list[_Piece] = []
    for piece in pieces:
        if out and _MARKER_ONLY.match(out[-1].text):
            marker = out.pop()
            piece = _Piece(f"{marker.text} {piece.text}", marker.left, piece.right, marker.bottom, marker.top)
        elif out and _PAGE_NUMBER.match(piece.text):
            title = out.pop()
            piece = _Piece(f"{title.text}    {piece.text}", title.left, piece.right, title.bottom, title.top)
        out.append(piece)
    return out


def _join_baselines(pieces: list[_Piece | None]) -> list[_Piece | None]:
    """Re-join rows PDFium broke on one baseline (glyphs placed one by one) when they run on left to right."""
    out: list[_Piece | None] = []
    for piece in pieces:
        previous = out[-1] if out else None
        if piece is not None and previous is not None and _continues(previous, piece):
            gap = piece.left - previous.right
            joiner = " " if gap > WORD_GAP * previous.height else ""
            out[-1] = _Piece(
                previous.text + joiner + piece.text, previous.left, piece.right, previous.bottom, previous.top
            )
            continue
        out.append(piece)
    return out


def _continues(previous: _Piece, piece: _Piece) -> bool:
    height = max(previous.height, piece.height)
    if height <= 0 or abs(previous.bottom - piece.bottom) > SAME_BASELINE * height:
        return False
    gap = piece.left - previous.right
    return -WORD_GAP * height <= gap <= COLUMN_GAP * height and not previous.text.endswith("-")


def _reading_order(pieces: list[_Piece]) -> list[_Piece]:
    """Content order, except for a few pieces drawn out of place at either end of the page's content: a title
    drawn last but standing above (nearly) everything goes first; a footer drawn first but standing below
    (nearly) everything goes last. A second column's lines are many and start mid-way, so they never move."""
    head: list[_Piece] = []
    while len(head) < OUT_OF_PLACE and len(pieces) > 1 and _share(pieces[-1], pieces[:-1], above=True) >= 0.9:
        head.insert(0, pieces.pop())
    tail: list[_Piece] = []
    while len(tail) < OUT_OF_PLACE and len(pieces) > 1 and _share(pieces[0], pieces[1:], above=False) >= 0.9:
        tail.append(pieces.pop(0))
    return head + pieces + tail


def _share(piece: _Piece, others: list[_Piece], above: bool) -> float:
    """The share of `others` that `piece` stands wholly above (or below)."""
    count = sum(piece.bottom >= other.top if above else piece.top <= other.bottom for other in others)
    return count / len(others)


def _layout(pieces: list[_Piece]) -> list[str]:
    """Texts of the page's lines, with an empty line where a paragraph ends or the text jumps up the page."""
    steps = [
        before.bottom - after.bottom
        for before, after in pairwise(pieces)
        if 0 < before.bottom - after.bottom < 3 * before.height
    ]
    pitch = statistics.median(steps) if len(steps) >= 3 else None
    texts: list[str] = []
    previous: _Piece | None = None
    for piece in pieces:
        if previous is not None:
            step = previous.bottom - piece.bottom
            jumps_up = piece.bottom > previous.top
            far = step > PARAGRAPH_PITCH * pitch if pitch is not None else step > 2 * max(previous.height, 1.0)
            if jumps_up or far:
                texts.append("")
        texts.append(piece.text)
        previous = piece
    return texts


def _clean(text: str) -> str:
    if text.isascii():  # NFKC and the invisible characters are no-ops on ASCII: most rows skip them
        return _SPACES.sub(" ", text.replace("\t", " ").replace("\r", "").rstrip())
    return _SPACES.sub(" ", normalise(text).rstrip())


def _has_images(page: Any) -> bool:
    try:
        import pypdfium2.raw as raw

        return any(obj.type == raw.FPDF_PAGEOBJ_IMAGE for obj in page.get_objects())
    except Exception:  # object inspection is best effort: an unknown page just isn't flagged
        return False
