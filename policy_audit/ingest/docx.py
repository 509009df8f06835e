"""Word (.docx) policies, read with python-docx: one numbered line per paragraph, so evidence names the paragraph.

Word keeps structure in styles and numbering definitions, not in the text the reader sees. So a paragraph in a
heading style ("Heading 2", "Title") is written as a Markdown heading ("## Use of force"), which the segmenter
takes as a section; an automatically numbered paragraph gets the label Word shows ("(a)", "4.1.", "•"), so a
list item keeps its lead-in ("Officers shall not: (a) use a chokehold"); a table row is one line (see
`table_row`). Every line's number is the paragraph's (table cells' paragraphs counted), on page 1: a .docx has
no fixed pages.

The numbering part is read through python-docx's public element access (`ElementProxy.element`, the part's
`element`) with XPath, as python-docx has no numbering API of its own.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from policy_audit.errors import InputError
from policy_audit.ingest.clean import normalise
from policy_audit.models import Line

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.table import Table
    from docx.text.paragraph import Paragraph

_NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
_HEADING_STYLE = re.compile(r"^heading ([1-9])$", re.IGNORECASE)
REMEDY = "open it in Word or LibreOffice and save it as a Word document (.docx), or export it as PDF"


def read_docx(data: bytes, where: str) -> tuple[Line, ...]:
    """The document's paragraphs and table rows, in body order, as numbered lines (blank lines between)."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as error:
        raise InputError(
            where, "not a readable Word .docx file (corrupt, or another format renamed)", REMEDY
        ) from error
    return tuple(_lines(document))


def _lines(document: WordDocument) -> Iterator[Line]:
    from docx.table import Table

    numbering = _Numbering.of(document)
    paragraph_number = 0
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row_text, paragraphs in _rows(block):
                if row_text:
                    yield Line(row_text, 1, paragraph_number + 1)
                    yield Line("", 1, paragraph_number + 1)
                paragraph_number += paragraphs
            continue
        paragraph_number += 1
        texts = [" ".join(normalise(part).split()) for part in block.text.split("\n")]
        texts = [text for text in texts if text]
        if not texts:
            continue
        prefix = _prefix(block, numbering)
        texts[0] = f"{prefix} {texts[0]}" if prefix else texts[0]
        for text in texts:
            yield Line(text, 1, paragraph_number)
        yield Line("", 1, paragraph_number)


def _rows(table: Table) -> Iterator[tuple[str, int]]:
    """Each row's text (merged cells once) and how many paragraphs its cells hold."""
    for row in table.rows:
        cells: list[str] = []
        paragraphs = 0
        previous: object = None
        for cell in row.cells:
            if cell == previous:  # a merged cell is returned once per grid column it spans
                continue
            previous = cell
            paragraphs += len(cell.paragraphs)
            text = " ".join(normalise(cell.text).split())
            if text and (not cells or cells[-1] != text):
                cells.append(text)
        yield table_row(cells), paragraphs


def table_row(cells: list[str]) -> str:
    """A table row as one statement: its cells joined by " | ", ended with a full stop when the last cell has no
    stop of its own, so that "Hog-tying | Prohibited" is read as a rule and never taken for a section heading."""
    text = " | ".join(cell for cell in cells if cell)
    return text if not text or text.endswith((".", ";", ":", "!", "?")) else text + "."


def _prefix(paragraph: Paragraph, numbering: _Numbering) -> str:
    """'#'s for a heading style, else the list label Word would show (empty for an unnumbered paragraph)."""
    style = paragraph.style
    name = style.name if style is not None and style.name else ""
    heading = _HEADING_STYLE.match(name)
    if heading or name.lower() == "title":
        return "#" * (int(heading.group(1)) if heading else 1)
    return numbering.label(paragraph)


@dataclass
class _Numbering:
    """Word's list numbering: which list and level a paragraph is in, and the label that level shows."""

    root: Any = None
    """The numbering part's <w:numbering> element (None: the document numbers nothing)."""
    counters: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, document: WordDocument) -> _Numbering:
        from docx.opc.constants import RELATIONSHIP_TYPE

        try:
            part = document.part.part_related_by(RELATIONSHIP_TYPE.NUMBERING)
        except KeyError:
            return cls()
        return cls(getattr(part, "element", None))

    def label(self, paragraph: Paragraph) -> str:
        if self.root is None:
            return ""
        found = _num_pr(paragraph)
        if found is None:
            return ""
        num_id, level = found
        levels = self._levels(num_id)
        if not levels or level >= len(levels):
            return ""
        counters = self.counters.setdefault(num_id, [0] * len(levels))
        for deeper in range(level + 1, len(counters)):
            counters[deeper] = 0
        for shallower in range(level):  # an item at level 2 with no level-1 item above it still counts as 1
            counters[shallower] = counters[shallower] or levels[shallower].start
        counters[level] = counters[level] + 1 if counters[level] else levels[level].start
        if levels[level].fmt == "bullet":
            return "•"
        if levels[level].fmt == "none":
            return ""
        text = levels[level].text
        for index, spec in enumerate(levels):
            if f"%{index + 1}" in text:
                text = text.replace(f"%{index + 1}", _format(counters[index], spec.fmt))
        return text.strip()

    def _levels(self, num_id: str) -> list[_Level]:
        abstract = _xpath(self.root, f'w:num[@w:numId="{num_id}"]/w:abstractNumId/@w:val')
        if not abstract:
            return []
        definitions = _xpath(self.root, f'w:abstractNum[@w:abstractNumId="{abstract[0]}"]/w:lvl')
        levels: list[_Level] = []
        for element in sorted(definitions, key=lambda lvl: int(lvl.get(f"{{{_NS['w']}}}ilvl", "0"))):
            fmt = _xpath(element, "w:numFmt/@w:val")
            text = _xpath(element, "w:lvlText/@w:val")
            start = _xpath(element, "w:start/@w:val")
            levels.append(_Level(fmt[0] if fmt else "decimal", text[0] if text else "", int(start[0]) if start else 1))
        return levels


@dataclass(frozen=True)
class _Level:
    fmt: str
    text: str
    start: int


def _num_pr(paragraph: Paragraph) -> tuple[str, int] | None:
    """(numId, level) from the paragraph's own properties, else from its style or the styles it is based on."""
    element = paragraph.paragraph_format.element
    sources = [_xpath(element, "w:pPr/w:numPr")]
    style = paragraph.style
    while style is not None:
        sources.append(_xpath(style.element, "w:pPr/w:numPr"))
        style = style.base_style
    for found in sources:
        if not found:
            continue
        num_id = _xpath(found[0], "w:numId/@w:val")
        level = _xpath(found[0], "w:ilvl/@w:val")
        if num_id and num_id[0] != "0":  # numId 0 switches numbering off
            return num_id[0], int(level[0]) if level else 0
        return None
    return None


def _xpath(element: Any, path: str) -> list[Any]:
    """XPath with the `w:` prefix, on python-docx's element classes and on plain lxml elements alike."""
    from lxml import etree

    found = etree.XPath(path, namespaces=_NS)(element)
    return list(found) if isinstance(found, list) else []


def _format(number: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        roman = roman_numeral(number)
        return roman.lower() if fmt == "lowerRoman" else roman
    if fmt == "decimalZero":
        return f"{number:02d}"
    return str(number)


def roman_numeral(number: int) -> str:
    """1994 → 'MCMXCIV' (Word's and the browsers' roman list labels)."""
    out = ""
    for value, symbol in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while number >= value:
            out += symbol
            number -= value
    return out
