"""The pdfium reader restores the layout cues plain PDFium text loses (columns, paragraphs, order, hyphens)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from policy_audit.errors import InputError
from policy_audit.ingest import load
from policy_audit.ingest.clean import settle_page_breaks
from policy_audit.ingest.pdfium import _join_baselines, _layout, _Piece, _reading_order, _rows
from policy_audit.models import Line
from policy_audit.segment import segment


def _pdf(path: Path, draw: Callable[[object], None]) -> Path:
    """One page drawn by `draw(pdf)` with fpdf2 (positions in mm, Helvetica 11)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    draw(pdf)
    pdf.output(str(path))
    return path


def _put(pdf: object, x: float, y: float, text: str) -> None:
    pdf.set_xy(x, y)  # type: ignore[attr-defined]
    pdf.cell(0, 6, text)  # type: ignore[attr-defined]


def _texts(path: Path) -> list[str]:
    return [line.text for line in load(path, engine="pdfium").lines]


def test_a_definitions_table_keeps_term_and_meaning_apart(tmp_path: Path) -> None:
    def draw(pdf: object) -> None:
        _put(pdf, 10, 20, "DEFINITIONS")
        _put(pdf, 10, 30, "Warning Shot")
        _put(pdf, 70, 30, "The discharge of a firearm into the air to warn a suspect.")

    texts = [text for text in _texts(_pdf(tmp_path / "table.pdf", draw)) if text]
    assert texts == ["DEFINITIONS", "Warning Shot", "The discharge of a firearm into the air to warn a suspect."]


def test_a_tabbed_list_marker_stays_with_its_item_and_a_contents_entry_with_its_page(tmp_path: Path) -> None:
    def draw(pdf: object) -> None:
        _put(pdf, 10, 20, "Use of Deadly Force")
        _put(pdf, 180, 20, "12")
        _put(pdf, 10, 40, "(a)")
        _put(pdf, 40, 40, "Warning shots are prohibited.")

    path = _pdf(tmp_path / "tabs.pdf", draw)
    texts = [text for text in _texts(path) if text]
    assert texts == ["Use of Deadly Force    12", "(a) Warning shots are prohibited."]
    contents = next(clause for clause in segment(load(path)) if "Deadly" in clause.text)
    assert not contents.normative  # read as a contents entry, not as a heading


def test_paragraph_gaps_become_blank_lines_and_wrapped_lines_do_not(tmp_path: Path) -> None:
    def draw(pdf: object) -> None:
        for index, text in enumerate(("Officers shall intervene", "to stop excessive force", "at once.")):
            _put(pdf, 10, 20 + 5 * index, text)
        _put(pdf, 10, 45, "GENERAL POLICIES")
        _put(pdf, 10, 50, "Warning shots are prohibited.")

    path = _pdf(tmp_path / "gaps.pdf", draw)
    numbers = [line.number for line in load(path).lines if line.text]
    assert numbers == [1, 2, 3, 4, 5]  # page:line counts what a reader sees: the blank line is not a line
    texts = _texts(path)
    assert texts == [
        "Officers shall intervene",
        "to stop excessive force",
        "at once.",
        "",
        "GENERAL POLICIES",
        "Warning shots are prohibited.",
    ]


def test_a_title_drawn_last_is_read_first(tmp_path: Path) -> None:
    def draw(pdf: object) -> None:
        for index in range(6):
            _put(pdf, 10, 40 + 5 * index, f"Body line number {index} of the policy.")
        _put(pdf, 10, 10, "GENERAL ORDER")

    texts = [text for text in _texts(_pdf(tmp_path / "title.pdf", draw)) if text]
    assert texts[0] == "GENERAL ORDER"
    assert texts[1:] == [f"Body line number {index} of the policy." for index in range(6)]


def test_a_hyphen_pdfium_folds_restores_the_line_break() -> None:
    assert list(_rows("non\ufffedeadly\r\nforce")) == [(0, 3, True), (4, 10, False), (12, 17, False)]


def _piece(text: str, left: float, right: float, bottom: float) -> _Piece:
    return _Piece(text, left, right, bottom, bottom + 12.0)


def test_rows_broken_on_one_baseline_are_joined_with_spaces_only_at_word_gaps() -> None:
    pieces: list[_Piece | None] = [
        _piece("T", 10, 16, 700),
        _piece("able", 16, 36, 700),
        _piece("of", 39, 48, 700),
        _piece("Contents", 51, 90, 700),
        _piece("Next line", 10, 50, 686),
        _piece("Far column", 200, 250, 686),
    ]
    joined = [piece.text for piece in _join_baselines(pieces) if piece is not None]
    assert joined == ["Table of Contents", "Next line", "Far column"]


def test_reading_order_moves_only_out_of_place_ends() -> None:
    footer = _piece("Page 1 of 9", 10, 60, 40)
    body = [_piece(f"line {index}", 10, 300, 700 - 14 * index) for index in range(10)]
    title = _piece("GENERAL ORDER", 10, 120, 760)
    ordered = [piece.text for piece in _reading_order([footer, *body, title])]
    assert ordered == ["GENERAL ORDER", *(f"line {index}" for index in range(10)), "Page 1 of 9"]
    second_column = [_piece(f"right {index}", 320, 600, 700 - 14 * index) for index in range(10)]
    assert _reading_order([*body, *second_column]) == [*body, *second_column]  # a real second column stays


def test_layout_breaks_at_a_jump_up_the_page() -> None:
    left = [_piece(f"left {index}", 10, 300, 700 - 14 * index) for index in range(4)]
    right = [_piece(f"right {index}", 320, 600, 700 - 14 * index) for index in range(4)]
    texts = _layout([*left, *right])
    assert texts.index("") == 4 and texts.count("") == 1


def test_page_breaks_end_a_paragraph_only_after_a_short_last_line() -> None:
    full = "x" * 80
    lines = [
        Line(full, 1, 1),
        Line("DOI 1105-3 Officer Involved Shootings", 1, 2),
        Line("", 1, 3),
        Line("", 2, 1),
        Line("GENERAL POLICIES", 2, 2),
        Line(full, 2, 3),
        Line(full, 2, 4),
        Line("", 2, 5),
        Line("continues mid-sentence on the next page.", 3, 1),
    ]
    settled = [(line.page, line.text) for line in settle_page_breaks(lines)]
    assert settled == [
        (1, full),
        (1, "DOI 1105-3 Officer Involved Shootings"),
        (1, ""),
        (2, "GENERAL POLICIES"),
        (2, full),
        (2, full),
        (3, "continues mid-sentence on the next page."),
    ]


def test_a_page_the_reader_cannot_take_apart_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pypdfium2

    def broken(textpage: object, *args: object, **kwargs: object) -> str:
        raise ValueError("unexpected box")

    path = _pdf(tmp_path / "odd.pdf", lambda pdf: _put(pdf, 10, 20, "Warning shots are prohibited."))
    # PDFium's own text call fails, not ours: the reader's functions are compiled (setup.py), out of reach
    monkeypatch.setattr(pypdfium2.PdfTextPage, "get_text_range", broken)
    with pytest.raises(InputError) as caught:
        load(path)
    line = caught.value.line()
    assert line.startswith(str(path)) and "page 1 could not be read" in line and "--pdf-engine pdfminer" in line
