#!/usr/bin/env python3
"""Build the sample PDF policies from the text sources in ``src/``.

Usage (from anywhere)::

    .venv/bin/python sample_policies/make_pdfs.py          # build all PDFs
    .venv/bin/python sample_policies/make_pdfs.py --check  # build, then verify text extraction
                                                           # with pdfminer.six (exit 1 on failure)

Each ``src/<name>.pdfsrc`` file becomes ``<name>.pdf`` next to this script.  The
generator uses fpdf2 with the built-in core fonts only (so all text must be
latin-1), performs its own line layout (one or two columns, left-aligned or
justified), and draws an optional running header plus a footer line with
"Page N of M" on every page (two passes: the first finds the page count and the
page of each heading for the table of contents).  Output is deterministic: the
creation date is fixed and fpdf2 derives the document /ID from the content, so
rebuilding gives byte-identical files for a given fpdf2 version.

Source format (one directive or paragraph per line; paragraphs are separated
by blank lines and may span several lines):

    @page letter|a4          page size
    @columns 1|2             number of text columns
    @font <family> <size>    core font family (helvetica, times, courier) and size (pt)
    @leading <mm>            line height in mm
    @align left|justify      paragraph alignment (justified lines never get word
                             gaps wider than 1.6 spaces: pdfminer would split them)
    @header <text>           running header drawn at the top of every page
    @footer <text>           running footer line drawn above "Page N of M"
    @meta title|author <v>   document metadata
    @title / @subtitle / @info <text>   title block (full width, page 1)
    @rule                    horizontal rule across the full width
    @toc <heading>           start of a table of contents
    @tocentry <label>|<p>    TOC line; page number = page of the first heading
                             whose text starts with <p>; drawn with dot leaders
    @endtoc                  end of the table of contents
    @end <text>              closing line (bold)
    # <heading>              section heading (bold)
    (a) text ...             list item with a hanging indent

Inside a paragraph, ``~`` marks a hyphenation point: when the word does not
fit on the current line it is split there, the first part gets a hyphen and
ends the line ("Warn-" / "ing").  The source text around the two marked words
in harbour-city-use-of-force.pdfsrc was tuned so that the split really happens;
``--check`` fails if it no longer does.  This exercises de-hyphenation in text
extraction, while genuinely hyphenated words ("hog-tie", "de-escalation")
stay in the middle of lines.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from fpdf import FPDF

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
FIXED_DATE = dt.datetime(2024, 3, 1, 9, 0, 0, tzinfo=dt.UTC)

PAGE_SIZES = {"letter": (215.9, 279.4), "a4": (210.0, 297.0)}
LIST_RE = re.compile(r"^(\((?:[a-z]{1,4}|\d{1,2})\))\s+(.*)$", re.S)


@dataclass
class Doc:
    page: str = "letter"
    columns: int = 1
    family: str = "helvetica"
    size: float = 10.0
    leading: float = 4.6
    align: str = "left"
    header: str = ""
    footer: str = ""
    meta: dict = field(default_factory=dict)
    blocks: list = field(default_factory=list)  # (kind, payload)


def parse(path: Path) -> Doc:
    doc = Doc()
    para: list[str] = []

    def flush():
        if para:
            doc.blocks.append(("para", " ".join(s.strip() for s in para)))
            para.clear()

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.rstrip()
        if not line.strip():
            flush()
            continue
        if line.startswith("@"):
            flush()
            key, _, val = line[1:].partition(" ")
            val = val.strip()
            if key == "page":
                doc.page = val
            elif key == "columns":
                doc.columns = int(val)
            elif key == "font":
                fam, size = val.split()
                doc.family, doc.size = fam, float(size)
            elif key == "leading":
                doc.leading = float(val)
            elif key == "align":
                doc.align = val
            elif key == "header":
                doc.header = val
            elif key == "footer":
                doc.footer = val
            elif key == "meta":
                k, _, v = val.partition(" ")
                doc.meta[k] = v
            elif key in ("title", "subtitle", "info", "rule", "toc", "endtoc", "end"):
                doc.blocks.append((key, val))
            elif key == "tocentry":
                label, _, prefix = val.partition("|")
                doc.blocks.append(("tocentry", (label.strip(), prefix.strip())))
            else:
                raise ValueError(f"{path.name}: unknown directive @{key}")
            continue
        if line.startswith("# "):
            flush()
            doc.blocks.append(("heading", line[2:].strip()))
            continue
        para.append(line)
    flush()
    # Core fonts: latin-1 only.
    for _kind, payload in doc.blocks:
        text = payload if isinstance(payload, str) else " ".join(payload)
        text.encode("latin-1")
    return doc


class PolicyPDF(FPDF):
    def __init__(self, doc: Doc, total_pages: int | None):
        w, h = PAGE_SIZES[doc.page]
        super().__init__(unit="mm", format=(w, h))
        self.doc = doc
        self.total_pages = total_pages
        self.margin = 18.0
        self.set_margins(self.margin, self.margin, self.margin)
        self.set_auto_page_break(False)
        self.set_creation_date(FIXED_DATE)
        self.set_title(doc.meta.get("title", ""))
        self.set_author(doc.meta.get("author", ""))
        self.set_subject("Sample use-of-force policy (fictional) for policy-audit tests")
        self.set_creator("policy-audit sample_policies/make_pdfs.py")
        self.body_top = self.margin + (8.0 if doc.header else 0.0)
        self.body_bottom = h - self.margin - 8.0

    def header(self):
        if not self.doc.header:
            return
        self.set_font(self.doc.family, "I", 8)
        self.set_text_color(60, 60, 60)
        self.set_xy(self.margin, self.margin - 8)
        self.cell(self.epw, 4, self.doc.header, align="L")
        y = self.margin - 3
        self.set_draw_color(120, 120, 120)
        self.set_line_width(0.2)
        self.line(self.margin, y, self.w - self.margin, y)
        self.set_text_color(0, 0, 0)

    def footer(self):
        total = self.total_pages if self.total_pages else 0
        y = self.h - self.margin - 4
        self.set_draw_color(120, 120, 120)
        self.set_line_width(0.2)
        self.line(self.margin, y - 1.5, self.w - self.margin, y - 1.5)
        self.set_font(self.doc.family, "", 7.5)
        self.set_text_color(60, 60, 60)
        self.set_xy(self.margin, y)
        if self.doc.footer:
            self.cell(self.epw * 0.78, 4, self.doc.footer, align="L")
        self.set_xy(self.margin + self.epw * 0.78, y)
        self.cell(self.epw * 0.22, 4, f"Page {self.page_no()} of {total}", align="R")
        self.set_text_color(0, 0, 0)


class Layout:
    """Very small typesetter: justified paragraphs flowing through columns."""

    gutter = 7.0

    def __init__(self, pdf: PolicyPDF):
        self.pdf = pdf
        self.doc = pdf.doc
        n = self.doc.columns
        self.col_w = (pdf.epw - self.gutter * (n - 1)) / n
        self.col = 0
        self.y = pdf.body_top
        self.col_top = pdf.body_top  # top of the columns on the current page
        self.heading_pages: list[tuple[str, int]] = []
        self.hyphenated: list[tuple[str, str]] = []  # (line end, next line start)
        self.unsplit: list[tuple[str, float]] = []  # '~' words that fitted (word, slack mm)

    # -- geometry -----------------------------------------------------------
    def col_x(self) -> float:
        return self.pdf.margin + self.col * (self.col_w + self.gutter)

    def new_page(self):
        self.pdf.add_page()
        self.col = 0
        self.y = self.col_top = self.pdf.body_top

    def ensure(self, height: float):
        if self.y + height <= self.pdf.body_bottom + 0.01:
            return
        if self.col + 1 < self.doc.columns:
            self.col += 1
            self.y = self.col_top
        else:
            self.new_page()

    def after_full_width(self):
        self.col_top = self.y

    # -- text ---------------------------------------------------------------
    def set_font(self, style: str = "", size: float | None = None):
        self.pdf.set_font(self.doc.family, style, size or self.doc.size)

    def wrap(self, text: str, width: float):
        """Greedy line breaking.  '~' inside a word is a hyphenation point that
        is used (rendered as 'prefix-' at the line end) when the word does not
        fit on the current line; otherwise the '~' is simply dropped."""
        pdf = self.pdf
        space = pdf.get_string_width(" ")
        lines, cur, cur_w = [], [], 0.0
        words = text.split()
        i = 0
        while i < len(words):
            word = words[i]
            plain = word.replace("~", "")
            ww = pdf.get_string_width(plain)
            room = width - (cur_w + space if cur else 0.0)
            if ww <= room or not cur:
                if "~" in word:
                    self.unsplit.append((plain, room - ww))
                cur.append(plain)
                cur_w = ww if len(cur) == 1 else cur_w + space + ww
                i += 1
                continue
            if "~" in word:
                parts = word.split("~")
                for k in range(len(parts) - 1, 0, -1):
                    head = "".join(parts[:k]) + "-"
                    if pdf.get_string_width(head) <= room:
                        cur.append(head)
                        lines.append((cur, True))
                        self.hyphenated.append((head, "".join(parts[k:])))
                        words[i] = "~".join(parts[k:])
                        cur, cur_w = [], 0.0
                        break
                else:
                    lines.append((cur, False))
                    cur, cur_w = [], 0.0
                continue
            lines.append((cur, False))
            cur, cur_w = [], 0.0
        if cur:
            lines.append((cur, None))  # None = last line of paragraph
        return lines

    def draw_line(self, words, x: float, width: float, justify: bool):
        pdf = self.pdf
        baseline = self.y + self.doc.leading * 0.78
        widths = [pdf.get_string_width(w) for w in words]
        gap = (width - sum(widths)) / max(1, len(words) - 1)
        if not justify or len(words) == 1 or self.doc.align != "justify" or gap > 1.6 * pdf.get_string_width(" "):
            pdf.text(x, baseline, " ".join(words))
            return
        cx = x
        for w, ww in zip(words, widths, strict=True):
            pdf.text(cx, baseline, w)
            cx += ww + gap

    def paragraph(
        self,
        text: str,
        style: str = "",
        indent: float = 0.0,
        label: str | None = None,
        space_after: float | None = None,
    ):
        self.set_font(style)
        hang = 0.0
        if label:
            hang = self.pdf.get_string_width("(m) ") + 0.5
        width = self.col_w - indent - hang
        lines = self.wrap(text, width)
        lead = self.doc.leading
        for i, (words, kind) in enumerate(lines):
            # paragraphs of up to 8 lines are never split across columns/pages;
            # longer ones keep at least two lines together at a column end
            if i == 0:
                self.ensure(lead * (len(lines) if len(lines) <= 8 else 2))
            else:
                self.ensure(lead)
            x = self.col_x() + indent
            if label and i == 0:
                self.pdf.text(x, self.y + lead * 0.78, label)
            justify = kind is not None
            self.draw_line(words, x + hang, width, justify)
            self.y += lead
        self.y += lead * 0.45 if space_after is None else space_after

    def para_keep(self, text: str) -> float:
        """Height that paragraph() will require at the top of a column."""
        m = LIST_RE.match(text)
        self.set_font("")
        width = self.col_w
        if m:
            text = m.group(2)
            width -= 2.0 + self.pdf.get_string_width("(m) ") + 0.5
        n_h, n_u = len(self.hyphenated), len(self.unsplit)
        n = len(self.wrap(text, width))
        del self.hyphenated[n_h:], self.unsplit[n_u:]  # wrap() runs again when drawn
        return self.doc.leading * (n if n <= 8 else 2)

    def heading(self, text: str, keep: float = 0.0):
        lead = self.doc.leading
        self.y += lead * 0.3
        self.ensure(lead * 1.25 + max(keep, lead * 2))  # keep heading with what follows
        self.heading_pages.append((text, self.pdf.page_no()))
        self.set_font("B", self.doc.size + 0.5)
        self.pdf.text(self.col_x(), self.y + lead * 0.78, text)
        self.y += lead * 1.25

    def centered(self, text: str, style: str, size: float, height: float):
        self.set_font(style, size)
        w = self.pdf.get_string_width(text)
        self.pdf.text(self.pdf.margin + (self.pdf.epw - w) / 2, self.y + height * 0.75, text)
        self.y += height

    def rule(self):
        self.y += 1.5
        self.pdf.set_line_width(0.4)
        self.pdf.line(self.pdf.margin, self.y, self.pdf.w - self.pdf.margin, self.y)
        self.y += 4.0

    def toc_line(self, label: str, page: int | str):
        lead = self.doc.leading
        self.ensure(lead)
        self.set_font("")
        x0 = self.col_x() + 4
        x1 = self.col_x() + self.col_w - 4
        num = str(page)
        nw = self.pdf.get_string_width(num)
        lw = self.pdf.get_string_width(label + " ")
        dot = self.pdf.get_string_width(".")
        ndots = max(3, int((x1 - x0 - lw - nw - 2) / dot))
        baseline = self.y + lead * 0.78
        self.pdf.text(x0, baseline, label + " " + "." * ndots)
        self.pdf.text(x1 - nw, baseline, num)
        self.y += lead


def render(doc: Doc, total_pages: int | None, heading_pages: dict | None):
    pdf = PolicyPDF(doc, total_pages)
    lay = Layout(pdf)
    lay.new_page()
    for idx, (kind, payload) in enumerate(doc.blocks):
        if kind == "title":
            lay.centered(payload, "B", doc.size + 6, 8)
        elif kind == "subtitle":
            lay.centered(payload, "B", doc.size + 2.5, 6.5)
        elif kind == "info":
            lay.centered(payload, "", doc.size - 1.5, 4.6)
        elif kind == "rule":
            lay.rule()
            if lay.col == 0 and pdf.page_no() == 1:
                lay.after_full_width()
        elif kind == "toc":
            lay.heading(payload)
        elif kind == "tocentry":
            label, prefix = payload
            page = "?"
            if heading_pages is not None:
                matches = [p for h, p in heading_pages if h.startswith(prefix + " ")]
                if not matches:
                    raise ValueError(f"TOC entry {label!r}: no heading starts with {prefix!r}")
                page = matches[0]
            lay.toc_line(label, page)
        elif kind == "endtoc":
            lay.y += doc.leading
        elif kind == "heading":
            nxt = doc.blocks[idx + 1] if idx + 1 < len(doc.blocks) else (None, None)
            keep = lay.para_keep(nxt[1]) if nxt[0] == "para" else 0.0
            lay.heading(payload, keep)
        elif kind == "para":
            m = LIST_RE.match(payload)
            if m:
                lay.paragraph(m.group(2), indent=2.0, label=m.group(1))
            else:
                lay.paragraph(payload)
        elif kind == "end":
            lay.y += doc.leading
            lay.paragraph(payload, style="B")
    return pdf, lay


def build(src: Path, out_dir: Path = HERE) -> Path:
    doc = parse(src)
    # pass 1: find the page count and the page of every heading
    pdf1, lay1 = render(doc, None, None)
    pages = pdf1.page_no()
    # pass 2: final rendering with "Page N of M" and TOC page numbers
    pdf, lay = render(doc, pages, lay1.heading_pages)
    assert pdf.page_no() == pages
    out = out_dir / (src.name[: -len(".pdfsrc")] + ".pdf")
    pdf.output(str(out))
    breaks = ", ".join(f"{a!r}/{b!r}" for a, b in lay.hyphenated)
    for word, slack in lay.unsplit:
        print(f"  note: {word!r} was not hyphenated ({slack:.1f} mm left on its line)", file=sys.stderr)
    print(
        f"wrote {out.name}: {pages} page(s), {doc.columns} column(s)"
        + (f", hyphenated at line ends: {breaks}" if breaks else "")
    )
    return out


# Sentences that must survive text extraction (after joining "-\n" hyphen
# breaks and collapsing whitespace).  They are the deciding sentences listed in
# expected.yaml, plus the running header/footer text.
CHECKS = {
    "harbour-city-use-of-force.pdf": {
        "raw": ["Warn-\ning shots are prohibited.", "inter-\nvene to prevent"],
        "every_page": [
            "Harbour City Police Service - Use of Force Manual",
            "HCPS Manual, Chapter 4: Use of Force | Effective 1 March 2024",
        ],
        "sentences": [
            "Warning shots are prohibited.",
            "Any member who witnesses another member or employee using force that is clearly "
            "beyond that which is objectively reasonable in the circumstances shall, when in a "
            "position to do so, intervene to prevent or stop the use of such force.",
            "Chokeholds and carotid or other vascular neck restraints are prohibited.",
            "Hog-tying, or connecting handcuffs to leg restraints behind a person's back, is prohibited.",
            "This Manual is published on the Service's public website and is available for "
            "public inspection at the front counter of Police Headquarters, 1 Quay Street.",
            "A member who fails the annual qualification for a force option shall not carry that "
            "force option until the member has completed remedial training and passed the qualification.",
            "Members should avoid placing a knee or body weight across a person's neck during any "
            "ground stabilization.",
        ],
    },
    "pine-ridge-township-pd-use-of-force.pdf": {
        "raw": [],
        "every_page": ["Pine Ridge Township Police Department - Policy 4.2, Use of Force"],
        "sentences": [
            "Warning shots are prohibited.",
            "An officer who observes another officer use force that appears clearly beyond what is "
            "objectively reasonable shall report those observations to an on-duty supervisor before "
            "the end of the shift.",
            "Officers shall not use a chokehold, meaning any hold that applies direct pressure to the "
            "front of the throat and restricts a person's airway.",
            "Only a summary of this policy is published on the Township website.",
            "Only officers who have successfully completed Department-approved CEW training may carry or use a CEW.",
            "8. HOBBLE RESTRAINTS [Reserved. This section will be issued by separate order.]",
        ],
    },
}


def normalize(text: str) -> str:
    text = re.sub(r"-\n(?=[a-z])", "", text)  # undo hyphenation at line ends
    return re.sub(r"\s+", " ", text).strip()


def check(pdf_path: Path) -> bool:
    """Verify the extracted text with pdfminer.six; return True if all checks pass."""
    from pdfminer.high_level import extract_text

    spec = CHECKS.get(pdf_path.name)
    if spec is None:
        print(f"  {pdf_path.name}: no checks defined")
        return True
    ok = True
    text = extract_text(str(pdf_path))
    flat = normalize(text)
    for raw in spec["raw"]:
        if raw not in text:
            ok = False
            print(f"  FAIL {pdf_path.name}: raw text lacks {raw!r}")
    for sent in spec["sentences"]:
        if sent not in flat:
            ok = False
            print(f"  FAIL {pdf_path.name}: sentence not found: {sent!r}")
    n = text.count("\f") or 1
    for i in range(n):
        page = normalize(extract_text(str(pdf_path), page_numbers=[i]))
        for must in spec["every_page"] + [f"Page {i + 1} of {n}"]:
            if must not in page:
                ok = False
                print(f"  FAIL {pdf_path.name}: page {i + 1} lacks {must!r}")
    print(
        f"  {'ok  ' if ok else 'FAIL'} {pdf_path.name}: {n} pages, {len(text)} chars extracted, "
        f"{len(spec['sentences'])} sentences found"
    )
    return ok


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="verify text extraction with pdfminer")
    args = ap.parse_args(argv)
    ok = True
    for src in sorted(SRC.glob("*.pdfsrc")):
        out = build(src)
        if args.check:
            ok = check(out) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
