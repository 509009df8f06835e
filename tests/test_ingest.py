"""Ingest: encodings, PDF pages/lines, running headers, hyphen rejoin, ligatures, and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import image_only_pdf

from policy_audit.errors import InputError, UnreadableError
from policy_audit.ingest import PDF_ENGINES, load
from policy_audit.ingest.clean import (
    aligned_tables,
    apply_redline,
    mark_repeated_lines,
    open_grids,
    rejoin_hyphenated,
    split_columns,
    strip_line_numbers,
    table_rows,
    unbox,
    without_web_marks,
)
from policy_audit.models import Line
from policy_audit.segment import segment


def _numbered(text: str) -> list[Line]:
    """The text's lines, numbered from 1 on page 1."""
    return [Line(raw, 1, number) for number, raw in enumerate(text.split("\n"), start=1)]


def _text(document: object) -> str:
    return "\n".join(line.text for line in document.lines)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"Officers shall intervene.", "Officers shall intervene."),
        ("\ufeffOfficers shall intervene.".encode(), "Officers shall intervene."),
        ("The officer’s duty “to intervene”.".encode("cp1252"), "The officer’s duty “to intervene”."),
        ("Le r\xe8glement \x81 interdit.".encode("latin-1"), "Le règlement \x81 interdit."),
        ("Officers shall intervene.".encode("utf-16"), "Officers shall intervene."),
    ],
    ids=["utf8", "utf8-bom", "cp1252", "latin1-fallback", "utf16-bom"],
)
def test_text_encodings_decode_without_crashing(tmp_path: Path, data: bytes, expected: str) -> None:
    path = tmp_path / "policy.txt"
    path.write_bytes(data)
    assert _text(load(path)) == expected



def _lines(texts: list[str]) -> tuple[Line, ...]:
    return tuple(Line(text, 1, number) for number, text in enumerate(texts, start=1))


def _texts(lines: tuple[Line, ...]) -> list[str]:
    return [line.text for line in lines if line.text]

def test_line_numbers_follow_the_file(tmp_path: Path) -> None:
    path = tmp_path / "policy.md"
    path.write_text("# Title\n\nWarning shots are prohibited.\n", encoding="utf-8")
    lines = [line for line in load(path).lines if line.text]
    assert [(line.page, line.number) for line in lines] == [(1, 1), (1, 3)]


def test_form_feeds_start_new_pages(tmp_path: Path) -> None:
    path = tmp_path / "policy.txt"
    path.write_text("Page one text here.\n\fPage two text here.\n", encoding="utf-8")
    document = load(path)
    assert document.pages == 2
    assert [line.page for line in document.lines if line.text] == [1, 2]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n ", "empty file"),
        ("binary.txt", bytes(range(256)) * 40, "binary data"),
        ("policy.docx", b"PK\x03\x04", "not a readable Word .docx file"),
        ("policy.rtf", b"{\\rtf1 Warning shots are prohibited.}", "unsupported file type"),
        ("fake.pdf", b"<html>404 not found</html>", "not a PDF"),
        ("truncated.pdf", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", "corrupt or truncated PDF"),
    ],
)
@pytest.mark.parametrize("engine", PDF_ENGINES)
def test_bad_inputs_raise_one_clear_error(tmp_path: Path, name: str, content: bytes, message: str, engine: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        load(path, engine=engine)
    line = caught.value.line()
    assert str(path) in line and message in line and " — " in line  # what, where and a remedy
    assert "\n" not in line


def test_cid_junk_is_unreadable_not_missing(tmp_path: Path) -> None:
    path = tmp_path / "junk.txt"
    path.write_text(" ".join(f"(cid:{n})" for n in range(400)), encoding="utf-8")
    with pytest.raises(UnreadableError, match="cid"):
        load(path)


@pytest.mark.parametrize("engine", PDF_ENGINES)
def test_pdf_pages_lines_and_running_header_removed(make_pdf, engine: str) -> None:  # type: ignore[no-untyped-def]
    pages = [
        ["1. PURPOSE", "Officers shall use force only when necessary."],
        ["2. PROHIBITED TECHNIQUES", "Warning shots are prohibited."],
        ["3. REPORTING", "Every use of force shall be reported."],
    ]
    path = make_pdf("policy.pdf", pages, header="Harbour City Police - Use of Force", footer="Issued 2024")
    document = load(path, engine=engine)
    assert document.pages == 3
    body = [line for line in document.lines if not line.furniture]
    assert not any("Harbour City Police" in line.text for line in body)
    assert not any("Page 2 of 3" in line.text for line in body)
    furniture = [line for line in document.lines if line.furniture]
    # Every copy is kept, marked (the segmenter shows the first and uses the rest to know the chapter).
    assert [line.text for line in furniture if "Harbour" in line.text] == ["Harbour City Police - Use of Force"] * 3
    clauses = segment(document)
    shown = [clause.text for clause in clauses if "Harbour" in clause.text]
    assert shown == ["Harbour City Police - Use of Force"]
    rule = next(clause for clause in clauses if "Warning shots" in clause.text)
    assert "Harbour City Police - Use of Force" in rule.running_header
    warning = next(line for line in document.lines if "Warning shots" in line.text)
    assert warning.page == 2


def test_hyphenated_line_breaks_are_rejoined_but_real_hyphens_survive() -> None:
    lines = (
        Line("Warn-", 1, 1),
        Line("ing shots are prohibited.", 1, 2),
        Line("Officers shall inter-", 1, 3),
        Line("vene at once. Hog-", 1, 4),
        Line("tying is banned, as is a hog-tie.", 1, 5),
        Line("Use less-", 1, 6),
        Line("lethal options.", 1, 7),
    )
    joined = " ".join(line.text for line in rejoin_hyphenated(lines))
    assert "Warning shots are prohibited." in joined
    assert "shall intervene at once." in joined
    assert "Hog-tying is banned" in joined
    assert "less-lethal options" in joined


def test_line_numbers_of_a_numbered_page_are_stripped(tmp_path: Path) -> None:
    body = [
        "300.3.6 LEG RESTRAINTS",
        "Officers may apply the hobble and may connect the hobble to the handcuffs behind the",
        "person's back to li-",
        "mit movement during transport.",
        "Officers shall check the restraints at every stop.",
        "A restrained person shall not be left face down.",
    ]
    numbered = "\n".join(f"{number:>2}  {text}" for number, text in enumerate(body, start=11))
    policy = tmp_path / "numbered.txt"
    policy.write_text(f"Millbrook Police Department\n\n{numbered}\n", encoding="utf-8")
    text = " ".join(line.text for line in load(policy).lines)
    assert "connect the hobble to the handcuffs behind the person's back to limit movement" in text
    assert "\n12 " not in text and " 13  " not in text


def test_a_short_numbered_list_keeps_its_numbers() -> None:
    lines = _lines(
        [
            "Officers shall not use:",
            "1 chokeholds;",
            "2 carotid restraints;",
            "Officers shall report all force.",
            "Supervisors shall review each report.",
            "The Chief shall publish an annual summary.",
            "Training is held every year.",
            "Each officer shall attend.",
        ]
    )
    assert strip_line_numbers(lines) == lines


def test_a_boxed_paragraph_is_prose_and_a_table_row_stays_a_row() -> None:
    lines = (
        Line("+----------------------------------+", 1, 1),
        Line("| COMMENTARY                       |", 1, 2),
        Line("| Hog-tying increases the risk of  |", 1, 3),
        Line("| positional asphyxia.             |", 1, 4),
        Line("+----------------------------------+", 1, 5),
        Line("| Neck restraint | Not authorised |", 1, 6),
    )
    assert [line.text for line in unbox(lines)] == [
        "",
        "COMMENTARY",
        "Hog-tying increases the risk of",
        "positional asphyxia.",
        "",
        "| Neck restraint | Not authorised |",
    ]


def test_ligatures_are_normalised(tmp_path: Path) -> None:
    path = tmp_path / "policy.txt"
    path.write_text("Oﬃcers shall not ﬁre warning shots.", encoding="utf-8")
    assert _text(load(path)) == "Officers shall not fire warning shots."


@pytest.mark.parametrize("engine", PDF_ENGINES)
def test_scanned_pdf_is_unreadable_with_ocr_remedy(tmp_path: Path, engine: str) -> None:
    path = image_only_pdf(tmp_path / "scan.pdf")
    with pytest.raises(UnreadableError) as caught:
        load(path, engine=engine)
    assert "no text layer" in caught.value.what and "ocrmypdf" in caught.value.remedy


@pytest.mark.parametrize("engine", PDF_ENGINES)
def test_encrypted_pdf_needs_password(make_pdf, engine: str) -> None:  # type: ignore[no-untyped-def]
    path = make_pdf("locked.pdf", [["Warning shots are prohibited."]], encrypt_password="secret")
    with pytest.raises(InputError, match="--password"):
        load(path, engine=engine)
    assert "Warning shots are prohibited." in _text(load(path, password="secret", engine=engine))


def test_a_word_broken_after_a_list_marker_goes_down_to_its_sentence() -> None:
    lines = rejoin_hyphenated(_numbered("3. Warn-\ning shots are prohibited.\nOfficers shall give a warn-\ning first."))
    assert [line.text for line in lines] == ["3.", "Warning shots are prohibited.", "Officers shall give a warning", "first."]


def test_the_hyphenation_vocabulary_holds_what_its_word_pattern_finds() -> None:
    """`_vocabulary` splits runs of letters and hyphens by hand: on random text it must find exactly the words
    `[a-z]+(?:-[a-z]+)*` finds (doubled, leading and trailing hyphens, and line breaks included)."""
    import random
    import re

    from policy_audit.ingest.clean import _vocabulary

    word = re.compile(r"[a-z]+(?:-[a-z]+)*")
    rng = random.Random(11)
    for _ in range(3000):
        lines = ["".join(rng.choice("ab-- xYΣ7,éİ\ud800") for _ in range(rng.randint(0, 30))) for _ in range(3)]
        text = "\n".join(lines).lower()
        assert _vocabulary([Line(line, 1, n) for n, line in enumerate(lines)]) == frozenset(word.findall(text))


def test_a_furniture_key_is_its_formula() -> None:
    """`furniture_key` skips the digit substitution where a C scan finds no digit: on random lines (Unicode
    digits such as '٣' and '７' included, which only the regular expression sees) the key is the formula's."""
    import random
    import re

    from policy_audit.ingest.clean import furniture_key

    rng = random.Random(5)
    for _ in range(5000):
        line = "".join(rng.choice("Ab 1\t9 ٣７²é.") for _ in range(rng.randint(0, 20)))
        assert furniture_key(line) == re.sub(r"\d+", "#", " ".join(line.split()).lower())


def _rows(text: str) -> list[str]:
    lines = _numbered(text)
    return [line.text for line in table_rows(lines) if line.text]


def test_each_table_row_is_a_paragraph_and_wrapped_cells_join_their_row() -> None:
    text = (
        "+-----------------------------+--------------------------------+\n"
        "| Practice                    | Status                         |\n"
        "+-----------------------------+--------------------------------+\n"
        "| Warning shots               | Prohibited                     |\n"
        "| Connecting wrist and leg    | Prohibited                     |\n"
        "| restraints behind the back  |                                |\n"
        "| Shooting at moving vehicles | Prohibited, unless a person in |\n"
        "|                             | the vehicle is using a firearm |\n"
        "+-----------------------------+--------------------------------+"
    )
    assert _rows(text) == [
        "| Practice | Status |",
        "| Warning shots | Prohibited |",
        "| Connecting wrist and leg restraints behind the back | Prohibited |",
        "| Shooting at moving vehicles | Prohibited, unless a person in the vehicle is using a firearm |",
    ]
    lines = _numbered(text)
    rows = [line for line in table_rows(lines) if line.text]
    assert [row.number for row in rows] == [2, 4, 5, 7]  # each row keeps the line it starts on


def test_in_a_table_of_numbered_rows_a_line_without_a_number_continues_its_row() -> None:
    text = (
        "+-------------------------------+-------------------------------------+\n"
        "| Level of resistance           | Response authorised                 |\n"
        "+-------------------------------+-------------------------------------+\n"
        "| 4. Assaultive                 | Baton; strikes; carotid restraint   |\n"
        "|    (serious injury unlikely)  | is NOT authorised at this level     |\n"
        "| 5. Assaultive                 | Deadly force, including the         |\n"
        "|    (serious injury/death)     | carotid restraint                   |\n"
        "+-------------------------------+-------------------------------------+"
    )
    assert _rows(text) == [
        "| Level of resistance | Response authorised |",
        "| 4. Assaultive (serious injury unlikely) | Baton; strikes; carotid restraint is NOT authorised at this level |",
        "| 5. Assaultive (serious injury/death) | Deadly force, including the carotid restraint |",
    ]


def test_a_grid_ruled_between_rows_joins_every_line_of_a_row() -> None:
    text = (
        "+------------+----------------------+\n"
        "| Level      | Response             |\n"
        "+------------+----------------------+\n"
        "| Passive    | Verbal direction;    |\n"
        "| resistance | escort position      |\n"
        "+------------+----------------------+\n"
        "| Aggravated | Firearm. Warning     |\n"
        "| aggression | shots are prohibited |\n"
        "+------------+----------------------+"
    )
    assert _rows(text) == [
        "| Level | Response |",
        "| Passive resistance | Verbal direction; escort position |",
        "| Aggravated aggression | Firearm. Warning shots are prohibited |",
    ]


def test_a_table_aligned_with_spaces_under_a_rule_of_dashes_is_read_row_by_row() -> None:
    text = (
        "QUICK REFERENCE\n"
        "\n"
        "  Practice                Standard                   Section\n"
        "  ----------------------  -------------------------  -------\n"
        "  Hog-tying               Must not be used           6.3\n"
        "  Vehicles                Only to protect life       8.5\n"
        "\n"
        "Officers - see the table - shall read it."
    )
    lines = _numbered(text)
    assert [line.text for line in table_rows(aligned_tables(lines)) if line.text] == [
        "QUICK REFERENCE",
        "| Practice | Standard | Section |",
        "| Hog-tying | Must not be used | 6.3 |",
        "| Vehicles | Only to protect life | 8.5 |",
        "Officers - see the table - shall read it.",
    ]


def test_a_table_whose_header_sits_between_two_rules_across_is_read_row_by_row() -> None:
    text = (
        "   Table 1 -- Approved restraint configurations\n"
        "   ------------------------------------------------------------------------\n"
        "   Config.  Description                               Use\n"
        "   ------------------------------------------------------------------------\n"
        "   R1       Rigid handcuffs, rear                     Standard arrest\n"
        "   R4       Handcuffs (rear) + leg strap, the strap   Person continuing\n"
        "            tethered to the handcuff chain            to kick\n"
        "   ------------------------------------------------------------------------\n"
    )
    rows = [line.text for line in table_rows(aligned_tables(_numbered(text))) if line.text.startswith("|")]
    assert rows == [
        "| Config. | Description | Use |",
        "| R1 | Rigid handcuffs, rear | Standard arrest |",
        "| R4 | Handcuffs (rear) + leg strap, the strap tethered to the handcuff chain | Person continuing to kick |",
    ]


def test_a_numbered_heading_between_rules_is_no_table_header() -> None:
    text = (
        "--------------------------------------------------------------\n"
        "8.  REPORTING\n"
        "--------------------------------------------------------------\n"
        "8.1  An officer who uses force shall complete a report before the\n"
        "     end of the shift.\n"
    )
    assert not any(line.text.startswith("|") for line in aligned_tables(_numbered(text)))


def test_a_table_aligned_with_spaces_is_not_read_as_two_columns_of_prose(tmp_path: Path) -> None:
    policy = tmp_path / "matrix.txt"
    policy.write_text(
        "USE OF FORCE\n\n"
        "    SUBJECT RESISTANCE         MAXIMUM AUTHORIZED RESPONSE\n"
        "    ------------------------   ------------------------------------------\n"
        "    Compliant                  Presence; verbal direction; handcuffing\n"
        "    Passive Resistance         Escort and joint-control holds\n"
        "    Active Resistance          Takedowns; OC spray; CEW (see 300.5.B)\n"
        "    Deadly Force Resistance    Deadly force, including firearms; a chokehold\n"
        "                               or vascular neck restraint (see 300.5.A)\n",
        encoding="utf-8",
    )
    rows = [line.text for line in load(policy).lines if line.text.startswith("|")]
    assert rows[-1] == (
        "| Deadly Force Resistance | Deadly force, including firearms; a chokehold or vascular neck restraint "
        "(see 300.5.A) |"
    )


_CHANGES_TABLE = (
    "+------+---------------+--------------------+-----------------------+\n"
    "| Sec. | Subject       | Rule until today   | Rule from 1 March     |\n"
    "+------+---------------+--------------------+-----------------------+\n"
    "| 5.9  | Warning shots | Permitted outside  | Warning shots are     |\n"
    "|      |               | city limits        | prohibited.           |\n"
    "+------+---------------+--------------------+-----------------------+\n"
)
_REVIEW_TABLE = (
    "+---+--------------------------+---------------------------+\n"
    "| # | Current directive        | Board recommendation      |\n"
    "+---+--------------------------+---------------------------+\n"
    "| 3 | Officers shall report    | Add a duty to intervene.  |\n"
    "|   | excessive force.         |                           |\n"
    "+---+--------------------------+---------------------------+\n"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            _CHANGES_TABLE,
            ["| Sec. | Subject | Rule until today | Rule from 1 March |", "| 5.9 | Warning shots | Warning shots are prohibited. |"],
            id="a table of changes keeps the new rule and drops the one it replaces",
        ),
        pytest.param(
            _REVIEW_TABLE,
            ["| # | Current directive | Board recommendation |", "| 3 | Officers shall report excessive force. |"],
            id="a review table drops its column of recommendations and keeps the rule in force",
        ),
    ],
)
def test_a_column_of_words_not_in_force_is_dropped_from_the_rows(text: str, expected: list[str]) -> None:
    rows = [line.text for line in table_rows(_numbered(text)) if line.text]
    assert rows == expected


def test_a_redline_drops_deleted_text_and_keeps_inserted_text_without_its_mark() -> None:
    text = (
        "300.6.1  [DELETED: WARNING SHOTS] [INSERTED: WARNING SHOTS PROHIBITED]\n"
        "Officers observing unreasonable force [DELETED: should, when in\n"
        "a position to do so, consider whether to intercede] [INSERTED: shall, when in a\n"
        "position to do so, intervene (see [2])].\n"
        "[DELETED: Warning shots may be fired when [a] life is at risk.]\n"
        "[INSERTED: Warning shots are prohibited.]"
    )
    assert [line.text for line in apply_redline(_numbered(text))] == [
        "300.6.1   WARNING SHOTS PROHIBITED",
        "Officers observing unreasonable force",
        " shall, when in a",
        "position to do so, intervene (see [2]).",
        "",
        "Warning shots are prohibited.",
    ]


@pytest.mark.parametrize(
    ("legend", "amended", "kept"),
    [
        (
            "Deleted text is shown between double square brackets [[like this]] and has no effect.",
            "C. [[The LVNR is an approved\ncontrol technique.]] Neck restraints are prohibited [see 4].",
            ["C.", " Neck restraints are prohibited [see 4]."],
        ),
        (
            "Language in brackets has been deleted; new language is underlined.",
            "[Warning shots may be fired.] Warning shots are prohibited.",
            [" Warning shots are prohibited."],
        ),
        (
            "Brackets [ ] enclose a citation.",
            "Warning shots are prohibited [Penal Code 835a].",
            ["Warning shots are prohibited [Penal Code 835a]."],
        ),
    ],
)
def test_brackets_a_legend_declares_deleted_hold_deleted_text(legend: str, amended: str, kept: list[str]) -> None:
    lines = apply_redline(_numbered(f"{legend}\n{amended}"))
    assert [line.text for line in lines[1:] if line.text] == kept


def test_a_deletion_that_never_closes_leaves_the_text_as_it_is() -> None:
    lines = _numbered("Warning shots are prohibited. [DELETED: old text\nChokeholds are prohibited.")
    assert apply_redline(lines) == tuple(lines)


def test_a_grid_without_outer_borders_is_read_row_by_row_with_its_wrapped_cells_joined() -> None:
    text = (
        " LEVEL | SUBJECT DOES...     | YOU MAY USE...\n"
        "-------+---------------------+------------------\n"
        "   3   | Active: pulls away  | Takedown, OC\n"
        "       | or braces           | spray, CEW\n"
        "-------+---------------------+------------------\n"
        "   4   | Assaultive: strikes | Baton, LVNR (certified\n"
        "       |                     | officers only)\n"
        "-------+---------------------+------------------\n"
        "\n"
        "A | B alone is no table."
    )
    lines = _numbered(text)
    assert [line.text for line in table_rows(open_grids(lines)) if line.text] == [
        "| LEVEL | SUBJECT DOES... | YOU MAY USE... |",
        "| 3 | Active: pulls away or braces | Takedown, OC spray, CEW |",
        "| 4 | Assaultive: strikes | Baton, LVNR (certified officers only) |",
        "A | B alone is no table.",
    ]


def test_a_page_in_two_columns_extracted_across_is_read_column_by_column() -> None:
    left = [
        "MEMBER DUTIES",
        "1. Members shall intervene, when it",
        "is safe to do so, to stop another",
        "member from using excessive force.",
        "2. Members shall report any force",
    ]
    right = [
        "SUPERVISOR DUTIES",
        "1. Supervisors shall respond to",
        "the scene of every Level 2",
        "use of force.",
        "2. Supervisors shall review it.",
    ]
    text = "\n".join(f"{one:<40}{two}" for one, two in zip(left, right, strict=True))
    lines = _numbered(text)
    assert [line.text for line in split_columns(lines)] == [
        "MEMBER DUTIES",
        "1. Members shall intervene, when it",
        "is safe to do so, to stop another",
        "member from using excessive force.",
        "2. Members shall report any force",
        "",
        "SUPERVISOR DUTIES",
        "1. Supervisors shall respond to",
        "the scene of every Level 2",
        "use of force.",
        "2. Supervisors shall review it.",
    ]


def test_a_table_of_short_cells_aligned_with_spaces_is_not_taken_for_two_columns() -> None:
    text = (
        "Hog-tying        Prohibited\nLVNR             Prohibited\nBaton            Allowed\nOC spray         Allowed"
    )
    lines = _numbered(text)
    assert split_columns(lines) == tuple(lines)


def test_a_sentence_broken_by_a_page_number_and_running_header_runs_on() -> None:
    text = (
        "B. At no time shall a prisoner be\n"
        "\n"
        "                 Page 6 of 11\n"
        "TOLLGATE P.D.   G.O. 4.11 RESTRAINT   Rev. 09/2022\n"
        "\n"
        "hog-tied by any strap.\n"
        "\n"
        "                 Page 7 of 11\n"
        "TOLLGATE P.D.   G.O. 4.11 RESTRAINT   Rev. 09/2022\n"
        "\n"
        "C. Prisoners shall be seated.\n"
        "                 Page 8 of 11\n"
    )
    lines = _numbered(text)
    kept = [line.text for line in mark_repeated_lines(lines) if not line.furniture]
    assert kept[:3] == ["B. At no time shall a prisoner be", "hog-tied by any strap.", ""]


def test_text_without_a_table_is_returned_as_it_is() -> None:
    lines = [Line("Officers shall not use chokeholds | ever.", 1, 1)]
    assert table_rows(lines) == tuple(lines)


def test_a_numbered_heading_between_rules_is_a_heading_not_a_table_header() -> None:
    rule = "-" * 60
    body = "  * Use only the force that is objectively reasonable."
    assert _texts(aligned_tables(_lines([rule, "1. THE STANDARD  [300.2]", rule, body]))) == [
        "1. THE STANDARD  [300.2]",
        body,
    ]


def test_prose_under_a_title_set_between_rules_is_not_cut_into_a_table() -> None:
    rule = "-" * 60
    header = "Deadly Force                             (page 4)"
    body = [
        "A. A deputy may use deadly force only when it is necessary to protect life and when all other",
        "reasonable means have been exhausted. Warning shots are prohibited in all circumstances.",
    ]
    assert _texts(aligned_tables(_lines([rule, header, rule, *body]))) == [header, *body]


def test_a_web_pages_accordion_toggles_and_section_anchors_leave_the_heading() -> None:
    lines = _lines(["v 4.05.06 DEADLY FORCE        (#40506)", "(+) 7. Reporting   [anchor: #reporting]", "v. Officers shall report."])
    assert _texts(without_web_marks(lines)) == ["4.05.06 DEADLY FORCE", "7. Reporting", "v. Officers shall report."]


def test_a_wrapped_first_cell_whose_answer_is_on_its_last_line_is_one_row() -> None:
    lines = _lines(
        [
            "| Any use of a neck restraint          | Yes |",
            "| Any discharge of a firearm (except   |     |",
            "|   training and animal dispositions)  | Yes |",
            "| a | Deadly force | Only against an imminent threat |",
            "|   |              | of death or serious injury.     |",
            "| b | Warning shots | Strongly discouraged.          |",
        ]
    )
    assert _texts(table_rows(lines)) == [
        "| Any use of a neck restraint | Yes |",
        "| Any discharge of a firearm (except training and animal dispositions) | Yes |",
        "| a | Deadly force | Only against an imminent threat of death or serious injury. |",
        "| b | Warning shots | Strongly discouraged. |",
    ]
