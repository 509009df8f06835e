"""Web-page policies (.html, .htm), parsed with lxml.html: one line per block, numbered by its line in the file.

Why lxml.html: python-docx already requires lxml, so HTML costs no new dependency; its parser (libxml2) repairs
the broken markup real sites serve, honours a page's declared charset, never fetches anything, and records each
element's source line, which is what evidence must point at.

What the reader sees: headings as Markdown headings ("## Use of force", which the segmenter takes as sections),
list items with the label a browser shows ("1.", "b.", "•"), paragraphs and other blocks as lines, a table row as
one line (as for Word: `docx.table_row`), and `<br>` as a line break. Scripts, styles, navigation, forms and
hidden elements are dropped, and so are comments: none of them is policy text a reader of the page sees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from policy_audit.errors import InputError
from policy_audit.ingest.clean import normalise
from policy_audit.ingest.docx import roman_numeral, table_row
from policy_audit.models import Line

DROPPED = frozenset(
    "head script style noscript template nav iframe object embed svg canvas math form button select "
    "textarea input label menu dialog audio video map".split()
)
BLOCKS = frozenset(
    "address article aside blockquote body caption center dd details div dl dt fieldset figcaption figure footer "
    "h1 h2 h3 h4 h5 h6 header hgroup hr html li main ol p pre section summary table tbody tfoot thead tr ul".split()
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_LIST_TYPES = {"1": "decimal", "a": "lower", "A": "upper", "i": "lower-roman", "I": "upper-roman"}


def read_html(data: bytes, where: str) -> tuple[Line, ...]:
    """The page's visible blocks as lines, each numbered by the line of the file it starts on (blank lines between)."""
    import lxml.html
    from lxml import etree

    try:
        data.decode("utf-8")
        parser = lxml.html.HTMLParser(encoding="utf-8")  # valid UTF-8 (most pages) needs no guessing
    except UnicodeDecodeError:
        parser = lxml.html.HTMLParser()  # the page's <meta charset>, else libxml2's default
    try:
        root = lxml.html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError) as error:
        raise InputError(where, f"cannot parse the HTML ({error})", "save the page again from a browser") from error
    reader = _Reader()
    reader.walk(root, "")
    reader.flush()
    return tuple(reader.lines)


@dataclass
class _Reader:
    lines: list[Line] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    line: int = 1

    def add(self, text: str | None, line: int | None) -> None:
        if not text:
            return
        if not self.parts:
            if not text.strip():
                return
            self.line = line or self.line
        self.parts.append(text)

    def flush(self, blank: bool = True) -> None:
        text = " ".join(normalise("".join(self.parts)).split())
        self.parts = []
        if text:
            self.lines.append(Line(text, 1, self.line))
            if blank:
                self.lines.append(Line("", 1, self.line))

    def walk(self, element: Any, marker: str) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        tag = tag.lower()
        if not tag or tag in DROPPED or _hidden(element):  # comments, processing instructions, dropped elements
            self.add(element.tail, element.sourceline)
            return
        if tag == "br":
            self.flush(blank=False)
        elif tag == "tr":
            self.flush()
            self.add(table_row([_cell_text(cell) for cell in element]), element.sourceline)
            self.flush()
        elif tag in BLOCKS:
            self.flush()
            heading = tag[1] if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit() else ""
            prefix = "#" * int(heading) if heading else marker if tag == "li" else ""
            if prefix:
                self.add(prefix + " ", element.sourceline)
            self.add(element.text, element.sourceline)
            markers = _markers(element) if tag in ("ol", "ul") else {}
            for child in element:
                self.walk(child, markers.get(child, ""))
            self.flush()
        else:
            self.add(element.text, element.sourceline)
            for child in element:
                self.walk(child, "")
        self.add(element.tail, element.sourceline)


def _hidden(element: Any) -> bool:
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    return element.get("role") == "navigation" or bool(_HIDDEN_STYLE.search(element.get("style") or ""))


def _cell_text(cell: Any) -> str:
    """A table cell's visible text on one line (what it holds that a reader sees)."""
    if not isinstance(cell.tag, str) or cell.tag.lower() not in ("td", "th"):
        return ""
    inner = _Reader()
    inner.add(cell.text, cell.sourceline)
    for child in cell:
        inner.walk(child, "")
    inner.flush()
    return " ".join(line.text for line in inner.lines if line.text)


def _markers(listing: Any) -> dict[Any, str]:
    """The label a browser shows before each <li> of an <ol> or <ul> (type, start and value honoured)."""
    if listing.tag.lower() == "ul":
        return {child: "•" for child in listing if isinstance(child.tag, str) and child.tag.lower() == "li"}
    style = _LIST_TYPES.get(listing.get("type", "1"), "decimal")
    number = _integer(listing.get("start"), 1)
    markers = {}
    for child in listing:
        if not isinstance(child.tag, str) or child.tag.lower() != "li":
            continue
        number = _integer(child.get("value"), number)
        markers[child] = f"{_label(number, style)}."
        number += 1
    return markers


def _integer(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _label(number: int, style: str) -> str:
    if style in ("lower", "upper") and number >= 1:
        letters = ""
        while number:
            number, remainder = divmod(number - 1, 26)
            letters = chr(ord("a") + remainder) + letters
        return letters.upper() if style == "upper" else letters
    if style in ("lower-roman", "upper-roman") and 0 < number < 4000:
        roman = roman_numeral(number)
        return roman.lower() if style == "lower-roman" else roman
    return str(number)
