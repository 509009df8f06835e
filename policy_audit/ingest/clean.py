"""Text clean-up shared by every input type: NFKC, line numbers, line-break hyphens, running headers and footers.

These steps decide what the matcher sees, so they are conservative: a line is only ever shortened or joined
with its neighbour, never reworded, and every quote stays a substring of the cleaned document.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence

from policy_audit.models import Line

_SOFT_HYPHEN = "\u00ad"
_FORMAT_CONTROLS = re.compile(
    "[\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)
"""Unicode format characters (category Cf) but the soft hyphen, which the line-break rejoining reads: zero-width
spaces and joiners, byte-order marks, and the bidirectional controls (U+200E/F, U+202A–202E, U+2066–2069) that
can show a reader "shall not" while the text says something else. Invisible; never part of a rule."""
_TRAILING_BREAK = re.compile(r"([A-Za-z]{2,})[-\u2010\u00ad]$")
_BREAK_CHARACTERS = ("-", "\u2010", "\u00ad")
_LEADING_WORD = re.compile(r"^([a-z]{2,})([^\s]*)(.*)$", re.DOTALL)
_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(r"^(page\s*)?[-–—(]*\s*\d+\s*(of\s*\d+)?\s*[-–—)]*$", re.IGNORECASE)
_LETTERS_AND_HYPHENS_ONLY = bytes(byte if chr(byte) in "abcdefghijklmnopqrstuvwxyz-" else 32 for byte in range(256))
"""A byte table that keeps the bytes of `[a-z-]` and makes every other byte a space (runs of `[a-z-]+`, found
by `bytes.split`, twice as fast as the regular expression on a whole document)."""
_HYPHENS_REPEATED = re.compile(r"--+")
_MARKER_ONLY = re.compile(r"\s*(?:\(?[0-9A-Za-z]{1,4}(?:\.[0-9]{1,3})*[.)]|[-•*])?\s*")
"""Nothing but a list marker (or nothing at all) before a word broken at the line's end."""

# Words that keep their hyphen when broken across lines (hog-tie, less-lethal, self-defence …).
_COMPOUND_HEADS = frozenset(
    "self non less hog well co ex anti multi cross follow high low semi post pre long short "
    "life four two three full part off on by counter de sub use".split()
)


def normalise(text: str) -> str:
    """NFKC (ligatures such as ﬁ, full-width forms, no-break spaces), and format and bidi controls removed."""
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        text = _FORMAT_CONTROLS.sub("", text)
    return text.replace("\t", " ").replace("\r", "")


_REDLINE_TAG = re.compile(r"\[(?:(?P<deleted>DELETED|DELETE|REMOVED|STRICKEN|STRUCK)|INSERTED|INSERT|ADDED):\s*|[\[\]]")
"""A revision's marks ("[DELETED: old words]", "[INSERTED: new words]") and the brackets that close them."""


_BRACKETS_LEGEND = re.compile(
    r"\b(?:deleted|deletions?|removed|repealed|struck|stricken|superseded)\b[^.;:]{0,80}?\b(?P<double>double\s+)?"
    r"(?:square\s+)?brackets\b"
    r"|\b(?P<double_after>double\s+)?(?:square\s+)?brackets\b[^.;:]{0,80}?"
    r"\b(?:is|are|has been|have been|was|were)\s+(?:deleted|removed|repealed|struck|stricken)\b",
    re.IGNORECASE,
)
"""A legend saying which brackets hold deleted words ("Deleted text is shown between double square brackets")."""


def _declared_deletions(lines: Sequence[Line]) -> Sequence[Line]:
    """An amending order whose legend says deleted words stand in (double) brackets marks them as a redline does:
    "[[The LVNR is an approved technique.]]" has no force once the order takes effect. Without a legend,
    brackets are only brackets."""
    legend = _BRACKETS_LEGEND.search(" ".join(line.text for line in lines))
    if legend is None:
        return lines
    if legend.group("double") or legend.group("double_after"):
        return tuple(line._replace(text=line.text.replace("[[", "[DELETED: ").replace("]]", "]")) for line in lines)
    return tuple(line._replace(text=re.sub(r"\[(?![A-Z]+:)", "[DELETED: ", line.text)) for line in lines)


def apply_redline(lines: Sequence[Line]) -> tuple[Line, ...]:
    """A redline shows what a revision takes out ("[DELETED: Warning shots may be fired …]") and puts in
    ("[INSERTED: Warning shots are prohibited.]"): the deleted words are dropped (they have no effect), the inserted
    ones kept without their mark. A mark may run over several lines; brackets inside it are counted. When a
    deletion never closes, the text is left as it is rather than dropping the rest of the document."""
    lines = _declared_deletions(lines)
    if not any("DELETED:" in line.text or "INSERTED:" in line.text for line in lines):
        return tuple(lines)  # no redline: nothing to copy
    out = []
    marks: list[str] = []  # the brackets open: "delete", "insert" or "plain"
    for line in lines:
        kept, position = [], 0
        for tag in _REDLINE_TAG.finditer(line.text):
            deleting = "delete" in marks
            if not deleting:
                kept.append(line.text[position : tag.start()])
            position = tag.end()
            if tag.group() == "[":
                marks.append("plain")
                kept.append("" if deleting else "[")
            elif tag.group() == "]":
                closed = marks.pop() if marks else "plain"
                if closed == "plain" and "delete" not in marks:
                    kept.append("]")
            else:
                marks.append("delete" if tag.group("deleted") or deleting else "insert")
        if "delete" not in marks:
            kept.append(line.text[position:])
        out.append(line._replace(text="".join(kept).rstrip()))
    return tuple(lines) if "delete" in marks else tuple(out)


def rejoin_hyphenated(lines: Sequence[Line]) -> tuple[Line, ...]:
    """Rejoin words split across a line break ("Warn-⏎ing" → "Warning"), keeping real compounds ("hog-tie")."""
    vocabulary: frozenset[str] | None = None  # made at the first break: most texts have none
    out = list(lines)
    for index in range(len(out) - 1):
        current = out[index]
        stripped = current.text.rstrip()
        if not stripped.endswith(_BREAK_CHARACTERS):
            continue
        match = _TRAILING_BREAK.search(stripped)
        if not match:
            continue
        following = out[index + 1]
        head = following.text.lstrip()
        word_match = _LEADING_WORD.match(head)
        if not word_match or (following.page != current.page and following.furniture):
            continue
        left, right = match.group(1), word_match.group(1)
        if vocabulary is None:
            vocabulary = _vocabulary(lines)
        keep_hyphen = _keeps_hyphen(left, right, vocabulary)
        joiner = "-" if keep_hyphen else ""
        tail = word_match.group(2)
        rest = word_match.group(3).lstrip()
        before, word = stripped[: match.start(1)], left + joiner + right + tail
        if _MARKER_ONLY.fullmatch(before):
            # "3. Warn- ⏎ ing shots are prohibited.": the word goes down to its sentence, not up to the marker,
            # where "3. Warning" would read as a heading.
            out[index] = Line(before.rstrip(), current.page, current.number, current.furniture)
            out[index + 1] = Line(f"{word} {rest}".rstrip(), following.page, following.number, following.furniture)
            continue
        out[index] = Line(before + word, current.page, current.number, current.furniture)
        out[index + 1] = Line(rest, following.page, following.number, following.furniture)
    return tuple(out)


def _vocabulary(lines: Sequence[Line]) -> frozenset[str]:
    """The document's words: letters, joined by single hyphens ("hog-tie"); a word never spans a line break.

    The words `[a-z]+(?:-[a-z]+)*` finds, found faster: runs of letters and hyphens, split where hyphens double.
    """
    words: set[str] = set()
    text = "\n".join(line.text for line in lines).lower()
    # [a-z-] are ASCII, and UTF-8 writes no other character with an ASCII byte: every other byte separates runs
    runs = text.encode("utf-8", "surrogatepass").translate(_LETTERS_AND_HYPHENS_ONLY).split()
    for run in {found.decode("ascii") for found in set(runs)}:
        if "-" not in run:
            words.add(run)
            continue
        words.update(piece for part in _HYPHENS_REPEATED.split(run) if (piece := part.strip("-")))
    return frozenset(words)


def _keeps_hyphen(left: str, right: str, vocabulary: frozenset[str]) -> bool:
    compound = f"{left}-{right}".lower()
    joined = f"{left}{right}".lower()
    if compound in vocabulary and joined not in vocabulary:
        return True
    if joined in vocabulary:
        return False
    return left.lower() in _COMPOUND_HEADS


def mark_furniture(pages: Sequence[Sequence[Line]], edge: int = 3) -> tuple[Line, ...]:
    """Mark running headers and footers as furniture and drop page numbers.

    A line counts as furniture when it sits within `edge` lines of the top or bottom of its page and the same
    text (digits ignored) sits there on at least half the pages, or on three pages or more at the page edge (a
    manual's per-chapter header such as "Temporary Custody of Adults - 520"). Every copy is kept and marked: the
    segmenter shows the first and uses the others to know which chapter a clause sits in.
    """
    if len(pages) < 2:
        return tuple(line for page in pages for line in page)
    key_of = _furniture_keys(line.text for page in pages for line in page)
    seen_on, repeated, threshold = _repeated_keys(pages, key_of, edge)
    kept: list[Line] = []
    for page in pages:
        edge_ids = {id(line) for line in _edges(page, edge)}
        for line in page:
            key = key_of[line.text]
            if id(line) in edge_ids and _is_page_number(line.text):
                continue
            if key in repeated and (id(line) in edge_ids or seen_on[key] >= threshold):
                kept.append(Line(line.text, line.page, line.number, furniture=True))
                continue
            kept.append(line)
    return tuple(kept)


def _repeated_keys(
    pages: Sequence[Sequence[Line]], key_of: dict[str, str], edge: int
) -> tuple[Counter[str], set[str], int]:
    """(on how many pages each key is, the keys repeated as headers or footers, the 'most pages' threshold)."""
    page_count = len(pages)
    seen_on: Counter[str] = Counter()
    at_edge: Counter[str] = Counter()
    for page in pages:
        counted = {key_of[line.text] for line in page if len(line.text) <= 120}
        seen_on.update(key for key in counted if key and len(key) >= 4)
        at_edge.update({key_of[line.text] for line in _edges(page, edge) if 8 <= len(line.text.strip()) <= 90})
    threshold = max(2, (page_count + 1) // 2)
    # Repeated on most pages: a header or footer wherever the engine put it (pdfium emits footers first).
    repeated = {key for key, count in seen_on.items() if count >= threshold and (count >= 3 or page_count == 2)}
    repeated |= {key for key, count in at_edge.items() if count >= 3 and any(c.isalpha() for c in key)}
    return seen_on, repeated, threshold


_BOX_BORDER = re.compile(r"^\s*\+[-=]{3,}\+\s*$")
_BOX_LINE = re.compile(r"^\s*\|(?P<inner>[^|]*)\|\s*$")


_TOGGLE = re.compile(r"^(\s*)(?:\([+-]\)|\[[+-]\]|[v>+▸▾►▼])\s+(?=(?:\d+(?:\.\d+)*|[IVXLC]+)\.?\s+[A-Z])")
"""A web page's accordion toggle before a numbered heading ("v 4.05.06 DEADLY FORCE", "(+) 7. Reporting")."""
_ANCHOR = re.compile(r"\s*[\[(](?:anchor:\s*)?#[\w.-]+[\])]\s*$", re.I)
"""A web page's section anchor after a heading ("(#40506)", "[anchor: #reporting]", "[#300.2.2]")."""


def without_web_marks(lines: Sequence[Line]) -> tuple[Line, ...]:
    """A policy exported from a web portal keeps its accordion toggles and section anchors on its headings; they are
    dropped so that "v 4.05.06 DEADLY FORCE      (#40506)" reads as the heading "4.05.06 DEADLY FORCE"."""
    return tuple(
        line._replace(text=_ANCHOR.sub("", _TOGGLE.sub(r"\1", line.text))) if "#" in line.text or _TOGGLE.match(line.text)
        else line
        for line in lines
    )


def unbox(lines: Sequence[Line]) -> tuple[Line, ...]:
    """A paragraph drawn in a box ("+-----+" above and below, "| … |" on each line; a commentary or a note) is prose,
    not a table of one-cell rows: its frame is dropped so that it is read as sentences under its own title."""
    if not any(_BOX_BORDER.match(line.text) for line in lines):
        return tuple(lines)  # no box: nothing to copy
    out = []
    for line in lines:
        if _BOX_BORDER.match(line.text):
            out.append(line._replace(text=""))
        elif (box := _BOX_LINE.match(line.text)) is not None:
            out.append(line._replace(text=box.group("inner").strip()))
        else:
            out.append(line)
    return tuple(out)


_TABLE_BORDER = re.compile(r"^\s*\+(?:[-=]{3,}\+){2,}\s*$|^\s*\|?(?:\s*:?-{3,}:?\s*\|)+\s*(?::?-{3,}:?)?\s*$")
"""A grid table's rule ("+----+----+") or a Markdown table's separator ("|---|---|")."""
_TABLE_ROW = re.compile(r"^\s*\|(?P<inner>.*\|.*)\|\s*$")
"""A line of a table of two or more cells ("| Warning shots | Prohibited |")."""


_COLUMN_GAP = 2
"""Spaces that must stand before the right column on every line of a page set in two columns."""
_COLUMN_LINES = 4
_LEFT_FILL = 0.7
"""How full the left column's lines are, on average, as a share of its width: prose is, a table's cells are not."""
_COLUMN_WIDTH = 25
"""The narrowest left column taken for prose."""


def split_columns(lines: Sequence[Line]) -> tuple[Line, ...]:
    """A page set in two columns and extracted across ("1. Members shall intervene, when it is       1. Supervisors
    shall respond to") is read column by column: the left column's lines, then the right's. Lines count as two
    columns only when at least four in a row have text on both sides of one gap and the left side is full like
    prose, so a table of short cells aligned with spaces is left to aligned_tables."""
    cuts = [_column_starts(line.text) for line in lines]
    out: list[Line] = []
    index = 0
    while index < len(lines):
        best, best_end = 0, index
        for cut in cuts[index]:
            end = index
            while end < len(lines) and cut in cuts[end]:
                end += 1
            if end > best_end:
                best, best_end = cut, end
        run = lines[index:best_end]
        if len(run) >= _COLUMN_LINES and _prose_columns([line.text[:best].rstrip() for line in run], best):
            out += [line._replace(text=line.text[:best].rstrip()) for line in run]
            out.append(run[-1]._replace(text=""))
            out += [line._replace(text=line.text[best:].strip()) for line in run]
            index = best_end
        else:
            out.append(lines[index])
            index += 1
    return tuple(out)


def _prose_columns(left: list[str], width: int) -> bool:
    """Is the left side of a run prose set in a column (lines filled to its width), rather than a form's labels
    ("Policy Number:     1.08") or a table's short cells?"""
    filled = width >= _COLUMN_WIDTH and sum(map(len, left)) >= _LEFT_FILL * width * len(left)
    return filled and not any(text.endswith(":") or not text.strip("- ") for text in left)


def _column_starts(text: str) -> frozenset[int]:
    """Where a right column may start on this line: text after a gap of spaces, with text before the gap."""
    if "|" in text or not text.strip():
        return frozenset()
    return frozenset(
        at
        for at in range(_COLUMN_GAP, len(text))
        if text[at] != " " and text[at - _COLUMN_GAP : at].isspace() and text[: at - _COLUMN_GAP].strip()
    )


_OPEN_RULE = re.compile(r"^\s*-{3,}(?:[+|]-{3,})+\s*$")
"""The rule of a grid drawn without outer borders ("-------+--------+-------", as database shells print tables, or
"-------|-------" under a header, as Markdown allows)."""


def open_grids(lines: Sequence[Line]) -> tuple[Line, ...]:
    """A grid drawn without outer borders ("1 | Complies | Presence" between "----+----+----" rules) is given its
    outer borders, so that table_rows joins each row's wrapped cells like any other grid."""
    out = list(lines)
    for index, line in enumerate(lines):
        if not _OPEN_RULE.match(line.text):
            continue
        joint = "+" if "+" in line.text else "|"
        joints = line.text.count(joint)
        out[index] = line._replace(text=f"{joint}{line.text.strip()}{joint}")
        for step in (-1, 1):
            at = index + step
            while 0 <= at < len(lines) and lines[at].text.count("|") == joints and not _TABLE_ROW.match(out[at].text):
                out[at] = lines[at]._replace(text=f"|{lines[at].text.rstrip()} |")
                at += step
    return tuple(out)


_ALIGNED_RULE = re.compile(r"^\s*-{3,}(?:\s{2,}-{3,})+\s*$")
"""The rule under the header of a table laid out in columns of spaces ("----------  ----------  -----")."""
_DASHES = re.compile(r"-{3,}")
_FULL_RULE = re.compile(r"^\s*-{20,}\s*$")
_SECTION_NUMBER = re.compile(r"(?:[v>+▸▾►▼]\s+)?(?i:section\s+)?(?:\d+|[IVXLC]+)(?:\.\d+)*\.?(?:\s|$)")
"""A heading's number, perhaps after a web page's toggle ("v 4.05.06 DEADLY FORCE   (#40506)")."""
_ALIGN_SLACK = 2
"""How far a hand-aligned column may drift from its header."""
_DRAWN_RULE = re.compile(r"^\s*(?:-{10,}|={10,}|_{10,}|\*{10,})\s*$")
_HEADER_CELL = re.compile(r"\S+(?: \S+)*")
"""A cell of a header aligned with spaces: words set apart by single spaces."""


def aligned_tables(lines: Sequence[Line]) -> tuple[Line, ...]:
    """A table laid out in columns of spaces, its header over a rule of dashes, is written with pipes (cells cut
    where the rule's dashes start, or where the header's cells start when one rule spans the table), so that
    table_rows reads it row by row like any other table."""
    out = list(lines)
    for index, line in enumerate(lines):
        starts = _table_columns(lines, index)
        if not starts:
            continue
        if index > 0 and lines[index - 1].text.strip():
            out[index - 1] = lines[index - 1]._replace(text=_piped(lines[index - 1].text, starts))
        out[index] = line._replace(text="")
        for following in range(index + 1, len(lines)):
            if not lines[following].text.strip() or _ALIGNED_RULE.match(lines[following].text):
                break
            if _FULL_RULE.match(lines[following].text):
                out[following] = lines[following]._replace(text="")
                break
            out[following] = lines[following]._replace(text=_piped(lines[following].text, starts))
    # A rule drawn across the page ("------", "======") is a border between paragraphs, not text.
    return tuple(line._replace(text="") if _DRAWN_RULE.match(line.text) else line for line in out)


def _table_columns(lines: Sequence[Line], index: int) -> list[int]:
    """Where the columns start, when lines[index] is the rule under a table's header: a rule per column, or one
    rule across under a header of short cells set apart by wide spaces ("Config.   Description     Use") that has
    the same rule above it."""
    text = lines[index].text
    if _ALIGNED_RULE.match(text):
        return [match.start() for match in _DASHES.finditer(text)]
    if index < 2 or not _FULL_RULE.match(text) or not _FULL_RULE.match(lines[index - 2].text):
        return []
    header = lines[index - 1].text
    cells = list(_HEADER_CELL.finditer(header))
    if (
        len(cells) < 2
        or any(len(cell.group().split()) > 4 or cell.group().endswith(":") for cell in cells)
        # "8.  REPORTING" or "1. THE STANDARD  [300.2]" between rules is a heading
        or _SECTION_NUMBER.match(cells[0].group())
    ):
        return []
    starts = [cell.start() for cell in cells]
    # The first row starts a word under every header cell (or a character or two off it), and no row runs on across
    # a column's start without a gap (prose under a title set between rules does).
    first = next((line.text for line in lines[index + 1 : index + 3] if line.text.strip()), "")
    rows = list(itertools.takewhile(lambda line: line.text.strip(), lines[index + 1 :])) or [lines[index + 1]]
    aligned = all(
        any(_word_starts(first, near) for near in range(max(0, at - _ALIGN_SLACK), at + _ALIGN_SLACK + 1))
        for at in starts
    ) and not any(
        _word_across(row.text, at) for row in rows if not _DRAWN_RULE.match(row.text) for at in starts[1:]
    )
    return starts if aligned else []


def _word_across(text: str, at: int) -> bool:
    """Does the row's text run on across `at`, with no gap of two spaces within a character or two of it before a
    word (prose: "… Resistance Report before the end of shift …", "… are publishe|d in …")?"""
    if not 0 < at < len(text.rstrip()) or not text[max(0, at - _ALIGN_SLACK) : at + _ALIGN_SLACK + 1].strip():
        return False  # the row ends before the column, or has a gap there (an empty cell)
    near = range(max(_COLUMN_GAP, at - _ALIGN_SLACK), min(len(text), at + _ALIGN_SLACK + 1))
    return not any(text[position - _COLUMN_GAP : position].isspace() and text[position] != " " for position in near)


def _word_starts(text: str, at: int) -> bool:
    return at < len(text) and text[at] != " " and (at == 0 or text[at - 1] == " ")


def _piped(text: str, starts: list[int]) -> str:
    """A line of an aligned table as a piped row, cut where the columns start (or where a word starts just before
    one: hand-aligned columns drift by a character or two)."""
    starts = [
        next((near for near in range(at, max(0, at - _ALIGN_SLACK) - 1, -1) if _word_starts(text, near)), at)
        if 0 < at < len(text) and text[at] != " " and text[at - 1] != " "
        else at
        for at in starts
    ]
    cells = [text[start:end].strip() for start, end in zip(starts, [*starts[1:], None], strict=True)]
    return f"| {' | '.join(cells)} |"


def table_rows(lines: Sequence[Line]) -> tuple[Line, ...]:
    """Each row of a text table is a paragraph of its own, so that one row's words (an 'unless' in the moving-vehicle
    row) never reach another's. A cell that wraps over several text lines is joined to its row first: in a grid
    ruled between rows, every line between two rules is one row; otherwise a line with an empty cell continues the
    row above."""
    if not any(_TABLE_ROW.match(line.text) for line in lines):
        return tuple(lines)  # no table: nothing to copy
    out: list[Line] = []
    block: list[Line] = []
    for line in [*lines, None]:
        if line is not None and (_TABLE_ROW.match(line.text) or (block and _TABLE_BORDER.match(line.text))):
            block.append(line)
            continue
        out.extend(_table(block))
        block = []
        if line is not None:
            out.append(line._replace(text="") if _TABLE_BORDER.match(line.text) else line)
    return tuple(out)


def _table(block: list[Line]) -> list[Line]:
    """One table's lines: a line per row (cells joined by ' | ', between pipes), blank lines for the rest."""
    bounds = [-1, *(index for index, line in enumerate(block) if _TABLE_BORDER.match(line.text)), len(block)]
    # Ruled between rows: three or more groups of lines between rules (a header and one body are not).
    ruled = sum(1 for earlier, later in itertools.pairwise(bounds) if later - earlier > 1) >= 3
    entries: list[Line | tuple[Line, list[str]]] = []  # blanked lines, and each row (its first line, its cells)
    row: list[str] = []
    first: Line | None = None
    lines: list[Line | None] = [*block, None]
    for index, line in enumerate(lines):
        cells = _cells(line)
        if (
            line is not None
            and cells
            and first is not None
            and len(cells) == len(row)
            and (
                ruled
                or (not all(cells) and not _heads_a_wrapped_row(row, cells, _cells(lines[index + 1])))
                or (not all(row) and bool(_GOES_ON.match(cells[0])))
                or _continues_numbered(row, cells)
            )
        ):
            row = [f"{old} {new}".strip() for old, new in zip(row, cells, strict=True)]
            entries.append(line._replace(text=""))
            continue
        if first is not None:  # a rule, or a new row: the row above ends
            entries.append((first, row))
        row, first = cells, (line if cells else None)
        if line is not None and not cells:
            entries.append(line._replace(text=""))
    rows = [entry for entry in entries if not isinstance(entry, Line)]  # a Line is a tuple too
    former = _former_columns(rows[0][1]) | _proposal_columns(rows[0][1]) if rows else set()
    out: list[Line] = []
    for entry in entries:
        if isinstance(entry, Line):
            out.append(entry)
            continue
        at, cells = entry
        shown = cells if entry is rows[0] else [cell for column, cell in enumerate(cells) if column not in former]
        out += [at._replace(text=f"| {' | '.join(cell for cell in shown if cell)} |"), at._replace(text="")]
    return out


def _cells(line: Line | None) -> list[str]:
    """A table line's cells (none for a rule or the end)."""
    match = None if line is None or _TABLE_BORDER.match(line.text) else _TABLE_ROW.match(line.text)
    return [cell.strip() for cell in match.group("inner").split("|")] if match else []


_GOES_ON = re.compile(r"[a-z]{2,}\b")
"""A cell that goes on with a word in lower case (not a row's letter: "| b | Warning shots |")."""


def _heads_a_wrapped_row(row: list[str], cells: list[str], following: list[str]) -> bool:
    """A line with an empty cell after a whole row starts a new row when the line below continues it in lower case
    and fills that cell ("| Any discharge of a firearm (except training | |" over "| and animal dispositions) | Yes |")."""
    return (
        all(row)
        and bool(cells[0])
        and len(following) == len(cells)
        and bool(_GOES_ON.match(following[0]))
        and all(following[column] for column, cell in enumerate(cells) if not cell)
    )


_NUMBERED_CELL = re.compile(r"\d+[.)]?(?:\s|$)")


def _continues_numbered(row: list[str], cells: list[str]) -> bool:
    """In a table whose rows are numbered ("| 4. Assaultive | Baton; strikes; carotid restraint |"), a line whose
    first cell has no number ("| (serious injury unlikely) | is NOT authorised at this level |") continues the row."""
    return bool(row and cells[0]) and bool(_NUMBERED_CELL.match(row[0])) and not cells[0][:1].isdigit()


_FORMER_HEAD = re.compile(r"\b(?:until|former|formerly|previous|prior|old|superseded|repealed|rescinded|current|existing)\b", re.I)
_NEW_HEAD = re.compile(r"\b(?:new|amended|revised|replacement|from|substituted|now|effective|becomes)\b", re.I)


def _former_columns(header: list[str]) -> set[int]:
    """The columns of a table of changes that hold the rule being replaced ("Rule until today" beside "Rule from
    February 19, 2024", "Current text" beside "Amended text"): old words that are not in force."""
    former = {column for column, cell in enumerate(header) if _FORMER_HEAD.search(cell) and not _NEW_HEAD.search(cell)}
    newer = {column for column, cell in enumerate(header) if _NEW_HEAD.search(cell)}
    return former if newer else set()


_PROPOSAL_HEAD = re.compile(r"\b(?:recommendations?|proposals?|proposed)\b", re.I)


def _proposal_columns(header: list[str]) -> set[int]:
    """The columns of a review's table that hold what someone proposes ("Board recommendation", "Proposed
    change"): words that are not in force, whatever the rows beside them say."""
    return {column for column, cell in enumerate(header) if _PROPOSAL_HEAD.search(cell)}


_LINE_NUMBER = re.compile(r"^\s*(\d{1,3})(?:\s+|$)")
_NUMBERED_SHARE = 0.6
"""The share of a page's lines that must count up by one for the page to be line-numbered."""


def strip_line_numbers(lines: Sequence[Line]) -> tuple[Line, ...]:
    """Pleading paper and some PDF exports number every line ("12  Deadly force - …", restarting on each page). The
    numbers are furniture; left in, they split sentences and words. A page is line-numbered when most of its lines
    open with a number one more than the line before's; only such lines lose their number."""
    numbers = [int(match.group(1)) if (match := _LINE_NUMBER.match(line.text)) else None for line in lines]
    counting = [False] * len(lines)
    previous: int | None = None  # the last non-blank line's index
    for index, line in enumerate(lines):
        if not line.text.strip():
            continue
        number, before = numbers[index], numbers[previous] if previous is not None else None
        if previous is not None and number is not None and before is not None and number == before + 1:
            counting[index] = counting[previous] = True
        previous = index
    if sum(counting) < 5:
        return tuple(lines)  # no page is numbered line by line
    pages: dict[int, list[int]] = {}
    for index, line in enumerate(lines):
        if line.text.strip():
            pages.setdefault(line.page, []).append(index)
    stripped = list(lines)
    for indexes in pages.values():
        if sum(counting[index] for index in indexes) < max(5, _NUMBERED_SHARE * len(indexes)):
            continue
        for index in indexes:
            if counting[index]:
                stripped[index] = lines[index]._replace(text=_LINE_NUMBER.sub("", lines[index].text, count=1))
    return tuple(stripped)


def mark_repeated_lines(lines: Sequence[Line], minimum: int = 3) -> tuple[Line, ...]:
    """For text without page breaks: a line repeated `minimum`+ times is a page header left by extraction, and so is
    a line that stands beside a page number ("Page 6 of 11") and recurs (a chapter's running header)."""
    key_of = _furniture_keys(line.text for line in lines)
    counts = Counter(key_of[line.text] for line in lines)
    marked = [
        Line(line.text, line.page, line.number, furniture=True)
        if (key := key_of[line.text]) and len(key) >= 8 and counts[key] >= minimum and not _is_lead_in(key)
        else line
        for line in lines
    ]
    for index, line in enumerate(lines):
        if not (marked[index].furniture and _is_page_number(line.text)):
            continue
        for step in (-1, 1):
            at = index + step
            while 0 <= at < len(lines) and not lines[at].text.strip():
                at += step
            if 0 <= at < len(lines) and len(key := key_of[lines[at].text]) >= 8 and counts[key] >= 2:
                marked[at] = marked[at]._replace(furniture=True)
    return _run_on_across_furniture(marked)


def _run_on_across_furniture(lines: list[Line]) -> tuple[Line, ...]:
    """A sentence that a page footer and header interrupt ("At no time shall a prisoner be ⏎⏎ Page 6 of 11 ⏎ …
    ⏎⏎ hog-tied, and …") runs on: the blank lines around the furniture between its halves are dropped."""
    out: list[Line] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        out.append(line)
        index += 1
        if not line.text.strip() or line.furniture or line.text.rstrip().endswith(_SENTENCE_ENDS):
            continue
        end = index
        while end < len(lines) and (not lines[end].text.strip() or lines[end].furniture):
            end += 1
        between = lines[index:end]
        if any(other.furniture for other in between) and end < len(lines) and lines[end].text.lstrip()[:1].islower():
            out.extend(other for other in between if other.furniture)
            index = end
    return tuple(out)


_SENTENCE_ENDS = (".", ":", ";", "?", "!")


def _is_lead_in(key: str) -> bool:
    """A repeated 'Our expectations demand that we:' introduces a list; a running header does not end with ':'."""
    return key.rstrip().endswith(":")


def _edges(page: Sequence[Line], edge: int) -> list[Line]:
    nonblank = [line for line in page if line.text.strip()]
    if len(nonblank) <= 2 * edge:
        return nonblank[:1] + nonblank[-1:]
    return nonblank[:edge] + nonblank[-edge:]


def furniture_key(text: str) -> str:
    """What two copies of a running header or footer share: spaces squeezed, lower case, digits as '#'."""
    key = " ".join(text.split()).lower()
    if key.isascii() and len(key.encode("ascii").translate(None, b"0123456789")) == len(key):
        return key  # no digit (three lines in four): a C scan instead of the regular expression's
    return _DIGITS.sub("#", key)


def _furniture_keys(texts: Iterable[str]) -> dict[str, str]:
    """Each distinct line text's key, made once (blank and repeated lines are many)."""
    return {text: furniture_key(text) for text in set(texts)}


def _is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text.strip())) and bool(text.strip())


def settle_page_breaks(lines: Sequence[Line], short: float = 0.75) -> tuple[Line, ...]:
    """Paragraph breaks at page boundaries, for an engine that marks paragraphs by blank lines within a page.

    Blank lines left at a page's top or bottom by a removed header or footer say nothing (the text may run on
    mid-sentence), so they are dropped; a page whose last line of text stops well short of the usual line width
    (`short` of the 90th-percentile length) ends its paragraph there, so one blank line is put after it.
    """
    lengths = sorted(len(line.text.strip()) for line in lines if line.text.strip() and not line.furniture)
    wrap = lengths[int(len(lengths) * 0.9)] if lengths else 80
    pages: list[list[Line]] = []
    for line in lines:
        if not pages or pages[-1][0].page != line.page:
            pages.append([])
        pages[-1].append(line)
    out: list[Line] = []
    for index, page in enumerate(pages):
        body = [position for position, line in enumerate(page) if line.text.strip() and not line.furniture]
        if not body:
            out.extend(line for line in page if line.text.strip())
            continue
        first, last = body[0], body[-1]
        kept = [line for position, line in enumerate(page) if line.text.strip() or first < position < last]
        out.extend(kept)
        ending = page[last]
        if index + 1 < len(pages) and len(ending.text.strip()) < short * wrap:
            out.append(Line("", ending.page, ending.number))
    return tuple(out)
